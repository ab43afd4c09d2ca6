import { z } from 'zod';
import { defineExercise } from '../../src/exercise.js';
import { imageBuilds } from '../../src/fixtures/learner-image.js';
import { everyProblemAtOnce, failsFast, noSecretInErrors, secretFiles } from './config-checks.js';
import { devReload, editCanReachApp } from './dev-checks.js';
import { prodLockedDown, prodUp, secretsHidden } from './prod-checks.js';
import { EnvironmentsStack } from './stack.js';

/** Exercise 3, configure every environment: the checks behind the ids in course.yaml. */
export default defineExercise<EnvironmentsStack>({
  setup: (ctx, progress) => new EnvironmentsStack(ctx, progress),
  teardown: (stack) => stack.teardown(),
  // The build first; then the configuration probes, the course's PostgreSQL and both stacks
  // side by side, each as soon as what it needs is there.
  warm: {
    'image-builds': (stack) => stack.image(),
    'fails-fast': (stack) => Promise.all([stack.probes.valid(), stack.probes.bad()]),
    'every-problem-at-once': (stack) => stack.probes.allAtOnce(),
    'no-secret-in-errors': (stack) => stack.probes.leaks(),
    'secret-files': (stack) => Promise.all([stack.database(), stack.probes.unreadableFile()]),
    // A development app that no edit can reach fails without its stack (dev-checks.ts).
    'dev-reload': async (stack) => editCanReachApp(await stack.development()) && stack.developmentUp(),
    'prod-up': (stack) => stack.productionUp(),
  },
  params: {
    'fails-fast': z.object({ exitWithinSeconds: z.number().positive().max(15) }).strict(),
    'dev-reload': z.object({ reloadWithinSeconds: z.number().int().positive() }).strict(),
  },
  checks: {
    'compose-safe': (stack) => stack.safe(),
    'image-builds': imageBuilds,
    'fails-fast': failsFast,
    'every-problem-at-once': everyProblemAtOnce,
    'no-secret-in-errors': noSecretInErrors,
    'secret-files': secretFiles,
    'dev-reload': devReload,
    'prod-up': prodUp,
    'secrets-hidden': secretsHidden,
    'prod-locked-down': prodLockedDown,
  },
});
