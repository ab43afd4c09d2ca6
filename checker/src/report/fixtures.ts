// Synthetic results for the report tests: exercise-1's real manifest entry, with one check of
// every outcome and learner text full of characters that break naive XML and Markdown.
import { loadManifest } from '../manifest.js';
import type { CheckResult, RunResult } from '../results.js';

export const exercise = loadManifest().exercises.find((e) => e.id === 'exercise-1')!;
const spec = (id: string) => exercise.checks.find((c) => c.id === id)!;

export const nastyLog = ['Step 5/9 : RUN npm ci', '\u001b[31mnpm ERR!\u001b[0m <EACCES> & "denied" | pipe', 'bell\u0007 done'];

export function check(id: string, status: CheckResult['status'], extra: Partial<CheckResult> = {}): CheckResult {
  const points = spec(id).points;
  return { id, status, points: status === 'passed' ? points : 0, maxPoints: points, durationMs: 1234, ...extra };
}

export function sampleRun(extra: Partial<RunResult> = {}): RunResult {
  return {
    exerciseId: 'exercise-1',
    dir: '/home/student/exercises/exercise-1',
    durationMs: 15_250,
    errors: [],
    checks: [
      check('dockerignore', 'passed'),
      check('image-builds', 'failed', {
        verdict: { expected: 'the image to build', actual: 'step `RUN npm ci` failed with <exit 1> & more', log: { title: 'build output', lines: nastyLog } },
      }),
      check('non-root', 'failed', { verdict: { expected: 'x', actual: 'y', blockedBy: 'image-builds' } }),
      check('healthcheck', 'error', { error: 'TypeError: cannot read <undefined>\n    at check (runtime-checks.ts:1:1)' }),
      check('layer-cache', 'skipped'),
    ],
    ...extra,
  };
}
