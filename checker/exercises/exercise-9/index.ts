import { z } from 'zod';
import { defineExercise } from '../../src/exercise.js';
import { imageBuilds } from '../../src/fixtures/learner-image.js';
import { cacheAside, hitMissMetrics, invalidation, stampede, ttlJitter } from './cache-checks.js';
import { faster, redisDown } from './load-checks.js';
import { CacheStack } from './stack.js';

/** Exercise 9, cache with Redis: the checks behind the ids in course.yaml. */
export default defineExercise<CacheStack>({
  setup: (ctx, progress) => new CacheStack(ctx, progress),
  teardown: (stack) => stack.teardown(),
  warm: {
    'image-builds': (stack) => stack.image(),
    'cache-aside': (stack) => stack.mine(),
  },
  checks: {
    'image-builds': imageBuilds,
    'cache-aside': cacheAside,
    'ttl-jitter': ttlJitter,
    stampede,
    invalidation,
    'hit-miss-metrics': hitMissMetrics,
    faster,
    'redis-down': redisDown,
  },
  params: {
    faster: z.object({ ratio: z.number().min(1) }).strict(),
  },
});
