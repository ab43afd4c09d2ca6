import { z } from 'zod';
import { defineExercise } from '../../src/exercise.js';
import { imageBuilds } from '../../src/fixtures/learner-image.js';
import { layerCache } from './cache-check.js';
import { imageSize, noDevDependencies, noSecrets, nonRoot } from './image-checks.js';
import { gracefulShutdown, healthcheck, healthEndpoint } from './runtime-checks.js';
import { ImageStack } from './stack.js';
import { dockerignore, pinnedBase } from './static-checks.js';

/** Exercise 1, containerize the API: the checks behind the ids in course.yaml. */
export default defineExercise<ImageStack>({
  setup: (ctx, progress) => new ImageStack(ctx, progress),
  teardown: (stack) => stack.teardown(),
  // The build, the app next to PostgreSQL and the cache probe's rebuild run side by side;
  // each starts as soon as what it needs is there. The shutdown probe stops the app, so it
  // runs in its turn, last of the checks that use the app.
  warm: {
    'image-builds': (stack) => stack.image(),
    'health-endpoint': (stack) => stack.app(),
    healthcheck: (stack) => stack.probeWithoutApp(),
    'layer-cache': (stack) => stack.rebuildAfterSourceChange(),
  },
  params: {
    'image-size': z.object({ budgetMB: z.number().positive() }).strict(),
    healthcheck: z.object({ healthyWithinSeconds: z.number().int().positive() }).strict(),
  },
  checks: {
    dockerignore,
    'pinned-base': pinnedBase,
    'image-builds': imageBuilds,
    'no-secrets': noSecrets,
    'image-size': imageSize,
    'no-dev-dependencies': noDevDependencies,
    'non-root': nonRoot,
    healthcheck,
    'health-endpoint': healthEndpoint,
    'graceful-shutdown': gracefulShutdown,
    'layer-cache': layerCache,
  },
});
