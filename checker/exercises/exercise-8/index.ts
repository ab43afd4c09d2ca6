import { z } from 'zod';
import { defineExercise } from '../../src/exercise.js';
import { imageBuilds } from '../../src/fixtures/learner-image.js';
import { noNPlusOne, scheduleIndex } from './evidence-checks.js';
import { scheduleFaster } from './latency-check.js';
import { poolBounded } from './pool-check.js';
import { PerfStack } from './stack.js';
import { statementTimeout } from './timeout-check.js';

/** Exercise 8, find the slow path and tune the database: the checks behind the ids in course.yaml. */
export default defineExercise<PerfStack>({
  setup: (ctx, progress) => new PerfStack(ctx, progress),
  teardown: (stack) => stack.teardown(),
  // Both builds and both databases side by side; each app as soon as its image is there.
  warm: {
    'image-builds': (stack) => stack.image(),
    'schedule-index': (stack) => stack.mine(),
    'schedule-faster': (stack) => stack.starter(),
  },
  checks: {
    'image-builds': imageBuilds,
    'schedule-index': scheduleIndex,
    'no-n-plus-one': noNPlusOne,
    'schedule-faster': scheduleFaster,
    'pool-bounded': poolBounded,
    'statement-timeout': statementTimeout,
  },
  params: {
    'schedule-faster': z.object({ ratio: z.number().min(1) }).strict(),
  },
});
