import { describe, expect, it } from 'vitest';
import { loadManifest, parseManifest } from './manifest.js';
import { emptyRecord, type RunRecord } from './progress-record.js';
import { courseProgress, exerciseProgress, formatProgress } from './progress-view.js';

const plain = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');

const manifest = parseManifest(`docsUrl: http://localhost:3100
stages: [{ id: s1, title: { en: One, zh-Hans: 一 } }]
exercises:
${[1, 2, 3]
  .map(
    (n) => `  - id: exercise-${n}
    stage: s1
    title: { en: Exercise ${n}, zh-Hans: 练习${n} }
    docs: /docs/e${n}
    task: [Dockerfile]
    checks:
      - { id: a, title: { en: A, zh-Hans: 甲 }, points: 40, anchor: a, hints: [{ en: h, zh-Hans: 提 }] }
      - { id: b, title: { en: B, zh-Hans: 乙 }, points: 60, anchor: b, hints: [{ en: h, zh-Hans: 提 }] }`,
  )
  .join('\n')}
`);

function run(statuses: Record<string, 'passed' | 'failed'>, at = '2026-11-24T09:00:00.000Z'): RunRecord {
  const checks = Object.fromEntries(Object.entries(statuses).map(([id, status]) => [id, { status, points: 0, maxPoints: 0 }]));
  return { at, dir: 'exercises/x', checks, points: 0, maxPoints: 0, internalErrors: 0 };
}

describe('npm run progress', () => {
  const now = new Date('2026-11-24T10:00:00Z');

  it('reads passed, failed with n of m and points, or never run, in manifest order', () => {
    const rec = emptyRecord();
    rec.exercises['exercise-2'] = { runs: { learner: run({ a: 'passed', b: 'failed' }) }, hintsShown: {} };
    rec.exercises['exercise-1'] = { runs: { learner: run({ a: 'passed', b: 'passed' }) }, hintsShown: {} };
    // Only a solution run: does not count.
    rec.exercises['exercise-3'] = { runs: { solution: run({ a: 'passed', b: 'passed' }) }, hintsShown: {} };
    const rows = courseProgress(manifest, rec);
    expect(rows.map((r) => [r.exercise.id, r.state, r.passed, r.total, r.points])).toEqual([
      ['exercise-1', 'passed', 2, 2, 100],
      ['exercise-2', 'failed', 1, 2, 40],
      ['exercise-3', 'never-run', 0, 2, 0],
    ]);
    const text = plain(formatProgress(rows, 'en', now));
    expect(text).toMatch(/exercise-1\s+Exercise 1\s+✓ passed\s+2 of 2\s+100\/100\s+1 h ago/);
    expect(text).toMatch(/exercise-2\s+Exercise 2\s+✗ failed\s+1 of 2\s+40\/100/);
    expect(text).toMatch(/exercise-3\s+Exercise 3\s+· never run\n/);
    expect(text).toContain('1 of 3 exercises passed · 140/300 points');
    expect(text).toContain('Next: npm run check exercise-2');
  });

  it('scores against today’s manifest: a check missing from an old run is not passed', () => {
    const row = exerciseProgress(manifest.exercises[0]!, run({ a: 'passed' }));
    expect([row.state, row.passed, row.points]).toEqual(['failed', 1, 40]);
  });

  it('speaks Chinese, aligned by display width', () => {
    const rec = emptyRecord();
    rec.exercises['exercise-1'] = { runs: { learner: run({ a: 'passed', b: 'passed' }) }, hintsShown: {} };
    const text = plain(formatProgress(courseProgress(manifest, rec), 'zh-Hans', now));
    expect(text).toContain('✓ 通过');
    expect(text).toContain('· 未运行');
    expect(text).toContain('已通过 1/3 个练习');
    expect(text).toContain('1 小时前');
    const lines = text.split('\n').filter((l) => l.startsWith('  exercise-'));
    // The status column starts at the same terminal column on every row.
    const col = (line: string): number => [...line.slice(0, line.search(/[✓·✗]/))].reduce((w, ch) => w + (/[\u4e00-\u9fff]/.test(ch) ? 2 : 1), 0);
    expect(new Set(lines.map(col)).size).toBe(1);
  });

  it('says when everything passes', () => {
    const rec = emptyRecord();
    for (const ex of loadManifest().exercises) {
      rec.exercises[ex.id] = { runs: { learner: run(Object.fromEntries(ex.checks.map((c) => [c.id, 'passed' as const]))) }, hintsShown: {} };
    }
    expect(plain(formatProgress(courseProgress(loadManifest(), rec), 'en', now))).toContain('Every exercise passes');
  });
});
