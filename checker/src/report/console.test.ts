import { describe, expect, it } from 'vitest';
import { loadManifest } from '../manifest.js';
import { formatCheck } from './console.js';

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
