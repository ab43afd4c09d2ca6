import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { say } from '../locale.js';
import { verdict } from '../verdict.js';
import { appendStepSummary, escapeCell, toMarkdownSummary } from './markdown.js';
import { exercise, sampleRun } from './fixtures.js';

const temps: string[] = [];
afterEach(async () => {
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('Markdown summary', () => {
  it('has a table row per check with result and points, and a total', () => {
    const md = toMarkdownSummary([sampleRun()]);
    expect(md).toContain(`### exercise-1 · ${exercise.title.en}: 5/50`);
    expect(md).toContain('| Check | Result | Points |\n| --- | --- | ---: |');
    expect(md).toContain(`| \`dockerignore\` ${escapeCell(exercise.checks[0]!.title.en)} | ✅ passed | 5/5 |`);
    expect(md).toMatch(/\| `image-builds` .* \| ❌ failed \| 0\/15 \|/);
    expect(md).toMatch(/\| `healthcheck` .* \| 💥 internal error \| 0\/10 \|/);
    expect(md).toMatch(/\| `layer-cache` .* \| ➖ skipped \| 0\/10 \|/);
    expect(md).toContain('**1 passed, 4 failed · 5/50**');
  });

  it('keeps every table row one well-formed line whatever the learner text holds', () => {
    expect(escapeCell('a | b\n<img src=x>\u001b[31m&')).toBe('a \\| b &lt;img src=x&gt;&amp;');
    const rows = toMarkdownSummary([sampleRun()]).split('\n').filter((l) => l.startsWith('| `'));
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(5);
  });

  it('gives the reasons for failures in the learner’s language', () => {
    const run = sampleRun();
    run.checks[1]!.verdict = verdict(say('`docker build` to succeed', '`docker build` 执行成功'), say('exited with code 1', '构建失败，退出码是 1'), {
      title: say('build output', '构建输出'),
      lines: ['npm error'],
    });
    const md = toMarkdownSummary([run], { locale: 'zh-Hans' });
    expect(md).toContain('期望: `docker build` 执行成功\n实际: 构建失败，退出码是 1\n── 构建输出 ──\n│ npm error');
    expect(toMarkdownSummary([run])).toContain('Seen: exited with code 1\n── build output ──');
  });

  it('folds the reasons for failures into a details block that no backticks can break', () => {
    const run = sampleRun();
    run.checks[1]!.verdict!.actual = 'saw ``` fence';
    const md = toMarkdownSummary([run]);
    expect(md).toContain('<details><summary>Why checks failed</summary>');
    expect(md).toContain('````text\nExpected: the image to build\nSeen: saw ``` fence');
    expect(md).not.toContain('\u001b');
  });

  it('adds a combined total for several exercises, in Chinese when asked', () => {
    const md = toMarkdownSummary([sampleRun(), sampleRun()], { locale: 'zh-Hans' });
    expect(md).toContain('| 检查项 | 结果 | 得分 |');
    expect(md).toContain('**全部练习：通过 2 个，未通过 8 个 · 10/100**');
  });

  it('appends to $GITHUB_STEP_SUMMARY under GitHub Actions and does nothing elsewhere', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shipshape-summary-'));
    temps.push(dir);
    const file = join(dir, 'summary.md');
    await writeFile(file, 'earlier step\n');
    expect(await appendStepSummary('## one\n', { GITHUB_STEP_SUMMARY: file })).toBe(true);
    expect(await appendStepSummary('## two\n', { GITHUB_STEP_SUMMARY: file })).toBe(true);
    expect(await readFile(file, 'utf8')).toBe('earlier step\n## one\n\n## two\n\n');
    expect(await appendStepSummary('## three\n', {})).toBe(false);
  });
});
