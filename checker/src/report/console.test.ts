import { describe, expect, it } from 'vitest';
import { say } from '../locale.js';
import { loadManifest } from '../manifest.js';
import { progressLine, PROGRESS_PREFIX } from '../progress.js';
import { verdict } from '../verdict.js';
import { consoleListener, formatCheck } from './console.js';

const exercise = loadManifest().exercises[0]!;
const check = exercise.checks[0]!;
const plain = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');

describe('formatCheck', () => {
  it('gives a failure its expected, seen, log tail, hint and docs link', () => {
    const text = plain(
      formatCheck(exercise, {
        id: check.id, status: 'failed', points: 0, maxPoints: check.points, durationMs: 1,
        verdict: { expected: 'this', actual: 'that', log: { title: 'build output', lines: ['line one'] } },
      }, 'en'),
    );
    expect(text).toContain('Expected: this');
    expect(text).toContain('Seen: that');
    expect(text).toContain('│ line one');
    expect(text).toContain(`Hint: ${check.hints[0]!.en}`);
    expect(text).toContain(`#${check.anchor}`);
  });

  it('speaks Chinese when asked', () => {
    const text = plain(
      formatCheck(exercise, { id: check.id, status: 'failed', points: 0, maxPoints: 5, durationMs: 1, verdict: { expected: 'a', actual: 'b' } }, 'zh-Hans'),
    );
    expect(text).toContain(check.title['zh-Hans']);
    expect(text).toContain('期望');
    expect(text).toContain('/zh-Hans/docs/');
  });

  it('gives the verdict’s own sentences and log title in the learner’s language', () => {
    const v = verdict(say('exit code 0 within 10 s of SIGTERM', '收到 SIGTERM 后 10 秒内以退出码 0 退出'), say('exit code 143 after 0.1 s', '0.1 秒后退出，退出码是 143'), {
      title: say('app container log', '应用容器日志'),
      lines: ['listening on 3000'],
    });
    const result = { id: check.id, status: 'failed' as const, points: 0, maxPoints: 5, durationMs: 1, verdict: v };
    const zh = plain(formatCheck(exercise, result, 'zh-Hans'));
    expect(zh).toContain('期望: 收到 SIGTERM 后 10 秒内以退出码 0 退出');
    expect(zh).toContain('实际: 0.1 秒后退出，退出码是 143');
    expect(zh).toContain('── 应用容器日志 ──');
    expect(zh).toContain('│ listening on 3000');
    const en = plain(formatCheck(exercise, result, 'en'));
    expect(en).toContain('Seen: exit code 143 after 0.1 s');
    expect(en).toContain('── app container log ──');
  });

  it('keeps a blocked check to one line pointing at the cause', () => {
    const text = plain(
      formatCheck(exercise, { id: check.id, status: 'failed', points: 0, maxPoints: 5, durationMs: 1, verdict: { expected: 'a', actual: 'b', blockedBy: 'image-builds' } }, 'en'),
    );
    expect(text.split('\n')).toHaveLength(2);
    expect(text).toContain('blocked by image-builds');
  });

  it('labels an exception as our bug, not the learner’s', () => {
    const text = plain(formatCheck(exercise, { id: check.id, status: 'error', points: 0, maxPoints: 5, durationMs: 1, error: 'TypeError: boom' }, 'en'));
    expect(text).toContain('Shipshape internal error');
    expect(text).toContain('TypeError: boom');
  });
});

describe('progress lines', () => {
  const shown = (locale: 'en' | 'zh-Hans', message: string): string => {
    let out = '';
    consoleListener(locale, { write: (t) => (out += t) }).onProgress?.(message);
    return plain(out);
  };

  it('show the message the worker wrote in both languages in the learner’s', () => {
    const line = progressLine(say('your app is listening', '你的应用已经开始监听端口'));
    expect(line.startsWith(PROGRESS_PREFIX)).toBe(true);
    const message = line.slice(PROGRESS_PREFIX.length);
    expect(shown('zh-Hans', message)).toBe('    … 你的应用已经开始监听端口\n');
    expect(shown('en', message)).toBe('    … your app is listening\n');
  });

  it('show a plain message as it is', () => {
    expect(shown('zh-Hans', 'image built in 3.0 s')).toBe('    … image built in 3.0 s\n');
    expect(shown('zh-Hans', '{not json')).toBe('    … {not json\n');
  });
});
