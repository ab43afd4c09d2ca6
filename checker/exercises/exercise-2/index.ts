import { defineExercise } from '../../src/exercise.js';
import { appConnected, healthchecks, migrationsOnce, persistence, scales, stackUp } from './runtime-checks.js';
import { ComposeStack } from './stack.js';
import { composeSafe, noCommittedSecrets, resourceLimits, restartPolicy } from './static-checks.js';

/** Exercise 2, compose the stack: the checks behind the ids in course.yaml. */
export default defineExercise<ComposeStack>({
  setup: (ctx, progress) => new ComposeStack(ctx, progress),
  // The stack comes up while the static checks run.
  warm: { 'stack-up': (stack) => stack.up() },
  teardown: (stack) => stack.teardown(),
  checks: {
    'compose-safe': composeSafe,
    'no-committed-secrets': noCommittedSecrets,
    'restart-policy': restartPolicy,
    'resource-limits': resourceLimits,
    'stack-up': stackUp,
    'app-connected': appConnected,
    healthchecks,
    'migrations-once': migrationsOnce,
    scales,
    persistence,
  },
});
