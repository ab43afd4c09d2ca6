import { describe, expect, it } from 'vitest';
import { formatHint, planHint } from './hints.js';
import { loadManifest } from './manifest.js';
import type { ExerciseRecord, RunRecord } from './progress-record.js';

const plain = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');
const exercise = loadManifest().exercises.find((e) => e.id === 'exercise-1')!;
const spec = (id: string) => exercise.checks.find((c) => c.id === id)!;

function run(checks: RunRecord['checks'], internalErrors = 0): RunRecord {
  return { at: '2026-11-24T09:55:00.000Z', dir: 'exercises/exercise-1', checks, points: 0, maxPoints: 100, internalErrors };
}
const failed = { status: 'failed' as const, points: 0, maxPoints: 5 };
const passed = { status: 'passed' as const, points: 5, maxPoints: 5 };
const entry = (learner?: RunRecord, hintsShown: Record<string, number> = {}): ExerciseRecord => ({ runs: learner ? { learner } : {}, hintsShown });
const now = new Date('2026-11-24T10:00:00Z');

describe('npm run hint', () => {
  it('asks for a check run first when the exercise never ran (a solution run does not count)', () => {
    const plan = planHint(exercise, { runs: { solution: run({}) }, hintsShown: {} });
    expect(plan.kind).toBe('never-run');
    expect(formatHint(exercise, plan, { locale: 'en' })).toContain('Run `npm run check exercise-1` first');
  });

  it('picks the first failing check in manifest order that is a root cause, not one it blocked', () => {
    const last = run({ 'pinned-base': { ...failed, blockedBy: 'image-builds' }, dockerignore: passed, 'image-builds': failed });
    const plan = planHint(exercise, entry(last));
    expect(plan).toMatchObject({ kind: 'hint', index: 0, exhausted: false });
    expect(plan.kind === 'hint' && plan.check.id).toBe('image-builds');
  });

  it('shows one hint at a time, then all of them with the docs and the solution', () => {
    const last = run({ dockerignore: failed });
    const first = plain(formatHint(exercise, planHint(exercise, entry(last)), { locale: 'en', now }));
    expect(first).toContain('From your last run (5 min ago): 0 of 1 checks passed.');
    expect(first).toContain('First failing check: [dockerignore]');
    expect(first).toContain(`Hint 1 of 2\n  ${spec('dockerignore').hints[0]!.en}`);
    expect(first).toContain('again for the next hint (1 more)');
    expect(first).not.toContain(spec('dockerignore').hints[1]!.en);

    const second = plain(formatHint(exercise, planHint(exercise, entry(last, { dockerignore: 1 })), { locale: 'en', now }));
    expect(second).toContain(`Hint 2 of 2\n  ${spec('dockerignore').hints[1]!.en}`);
    expect(second).toContain('That was the last hint');
    expect(second).toContain('#dockerignore');

    const plan = planHint(exercise, entry(last, { dockerignore: 2 }));
    expect(plan).toMatchObject({ kind: 'hint', exhausted: true });
    const done = plain(formatHint(exercise, plan, { locale: 'en', now }));
    expect(done).toContain('You have seen all 2 hints for this check');
    expect(done).toContain(`1. ${spec('dockerignore').hints[0]!.en}`);
    expect(done).toContain('Read this part of the docs: http://localhost:3100/docs/stage-1/exercise-1#dockerignore');
    expect(done).toContain('solutions/exercise-1');
  });

  it('says when everything passed, and when the run broke on our side', () => {
    const all = planHint(exercise, entry(run({ dockerignore: passed })));
    expect(plain(formatHint(exercise, all, { locale: 'en', now }))).toContain('Every check of exercise-1 passed');
    const broken = planHint(exercise, entry(run({ dockerignore: passed, healthcheck: { ...failed, status: 'error' } })));
    expect(broken.kind).toBe('internal-error');
    expect(formatHint(exercise, broken, { locale: 'en' })).toContain('internal error');
  });

  it('gives hints for a check the learner names, even after it passed, and rejects unknown ones', () => {
    const plan = planHint(exercise, entry(run({ dockerignore: passed })), 'non-root');
    expect(plan).toMatchObject({ kind: 'hint', chosen: true, index: 0 });
    const text = plain(formatHint(exercise, plan, { locale: 'en', now }));
    expect(text).toContain('Hints for check: [non-root]');
    expect(planHint(exercise, entry(), 'nope').kind).toBe('unknown-check');
  });

  it('warns that the result is stale, and speaks Chinese', () => {
    const text = plain(formatHint(exercise, planHint(exercise, entry(run({ dockerignore: failed }))), { locale: 'zh-Hans', now, stale: true }));
    expect(text).toContain('根据你上次的运行（5 分钟前）');
    expect(text).toContain('之后你又保存过文件');
    expect(text).toContain('第一个未通过的检查项：[dockerignore]');
    expect(text).toContain(`提示 1/2\n  ${spec('dockerignore').hints[0]!['zh-Hans']}`);
  });
});
