// The one vitest file the checker runs: it turns the selected exercise's checks, in
// course.yaml order, into named tests that share one stack.
import { afterAll, inject, test } from 'vitest';
import type { ExerciseDefinition, RunContext } from '../exercise.js';
import { findExercise } from '../manifest.js';
import { PROGRESS_PREFIX } from '../progress.js';
import type { CheckMeta } from '../results.js';
import { CheckFailure } from '../verdict.js';
import { configureTestcontainers } from '../docker/containers.js';

declare module 'vitest' {
  interface ProvidedContext {
    shipshape: RunContext;
  }
}


configureTestcontainers();
const run = inject('shipshape');
const spec = findExercise(run.exerciseId);
if (!spec) throw new Error(`unknown exercise ${run.exerciseId}`);
const definition = (await import(`../../exercises/${spec.id}/index.ts`)).default as ExerciseDefinition<unknown>;

// Written straight to the worker's stderr, which the runner reads line by line, so progress
// shows while a slow step runs rather than batched with console output.
const progress = (message: string): void => {
  process.stderr.write(`${PROGRESS_PREFIX}${message}\n`);
};
const stack = definition.setup(run, progress);
afterAll(() => definition.teardown(stack), 120_000);

for (const check of spec.checks) {
  const fn = definition.checks[check.id];
  test(`[${check.id}] ${check.title.en}`, async ({ task }) => {
    const meta = task.meta as CheckMeta;
    meta.checkId = check.id;
    if (!fn) throw new Error(`check ${check.id} is in course.yaml but has no code in checker/exercises/${spec.id}`);
    try {
      await fn(stack, { ...run, params: check.params, progress });
    } catch (err) {
      if (err instanceof CheckFailure) meta.verdict = err.verdict;
      throw err;
    }
  });
}
