// The one vitest file the checker runs: it turns the selected exercise's checks, in
// course.yaml order, into named tests that share one stack.
import { afterAll, inject, test } from 'vitest';
import { learnerBudgets } from '../budgets.js';
import type { ExerciseDefinition, RunContext } from '../exercise.js';
import { findExercise, withPrerequisites, type Text } from '../manifest.js';
import { progressLine } from '../progress.js';
import type { CheckMeta } from '../results.js';
import { CheckFailure, CourseFault } from '../verdict.js';
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
const selected = withPrerequisites(spec, run.only ?? []);

// Written straight to the worker's stderr, which the runner reads line by line, so progress
// shows while a slow step runs rather than batched with console output.
const progress = (message: Text): void => {
  process.stderr.write(`${progressLine(message)}\n`);
};
const stack = definition.setup(run, progress);
// Start the slow steps the selected checks need, side by side, so that each check mostly finds
// its step done. A run of static checks alone starts nothing. Failures surface in the checks.
for (const check of selected) definition.warm?.[check.id]?.(stack).catch(() => undefined);
afterAll(() => definition.teardown(stack), 120_000);

// Any check may be the first to wait for the learner's build or stack, whose budgets are theirs.
const { buildMs, composeWaitMs } = learnerBudgets();

for (const check of selected) {
  const fn = definition.checks[check.id];
  const boundMs = check.timeoutSeconds * 1000;
  test(
    `[${check.id}] ${check.title.en}`,
    async ({ task }) => {
      const meta = task.meta as CheckMeta;
      meta.checkId = check.id;
      meta.boundMs = boundMs;
      if (!fn) throw new Error(`check ${check.id} is in course.yaml but has no code in checker/exercises/${spec.id}`);
      try {
        const params = definition.params?.[check.id]?.parse(check.params) ?? check.params;
        await fn(stack, { ...run, params, progress });
      } catch (err) {
        if (err instanceof CheckFailure) meta.verdict = err.verdict;
        if (err instanceof CourseFault) meta.courseFault = { what: err.what, remedy: err.remedy, ...(err.detail ? { detail: err.detail } : {}) };
        throw err;
      }
    },
    boundMs + buildMs + composeWaitMs,
  );
}
