import { defineExercise } from '../../src/exercise.js';
import { healthchecks, migrationsOnce, persistence, scales, stackUp } from './runtime-checks.js';
import { ComposeStack } from './stack.js';
import { composeSafe, noCommittedSecrets, resourceLimits, restartPolicy } from './static-checks.js';

/** Exercise 2, compose the stack: the checks behind the ids in course.yaml. */
export default defineExercise<ComposeStack>({
  setup: (ctx, progress) => {
    const stack = new ComposeStack(ctx, progress);
    // Bring the stack up while the static checks run; failures surface in the checks.
    stack.up().catch(() => undefined);
    return stack;
  },
  teardown: (stack) => stack.teardown(),
  checks: {
    'compose-safe': composeSafe,
    'no-committed-secrets': noCommittedSecrets,
    'restart-policy': restartPolicy,
    'resource-limits': resourceLimits,
    'stack-up': stackUp,
    healthchecks,
    'migrations-once': migrationsOnce,
    scales,
    persistence,
  },
});
