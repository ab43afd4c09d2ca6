import { defineExercise } from '../../src/exercise.js';
import { layerCache } from './cache-check.js';
import { imageBuilds, imageSize, noDevDependencies, noSecrets, nonRoot } from './image-checks.js';
import { gracefulShutdown, healthcheck, healthEndpoint } from './runtime-checks.js';
import { ImageStack } from './stack.js';
import { dockerignore, pinnedBase } from './static-checks.js';

/** Exercise 1, containerize the API: the checks behind the ids in course.yaml. */
export default defineExercise<ImageStack>({
  setup: (ctx, progress) => {
    const stack = new ImageStack(ctx, progress);
    stack.warmUp();
    return stack;
  },
  teardown: (stack) => stack.teardown(),
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
