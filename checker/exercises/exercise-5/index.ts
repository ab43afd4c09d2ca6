import { defineExercise } from '../../src/exercise.js';
import { imageBuilds } from '../../src/fixtures/learner-image.js';
import {
  businessMetric,
  defaultMetrics,
  latencyHistogram,
  metricsLint,
  poolGauge,
  requestCounter,
  routeTemplates,
  scraped,
} from './metrics-checks.js';
import { MetricsStack } from './stack.js';

/** Exercise 5, expose metrics: the checks behind the ids in course.yaml. */
export default defineExercise<MetricsStack>({
  setup: (ctx, progress) => new MetricsStack(ctx, progress),
  teardown: (stack) => stack.teardown(),
  // The build, PostgreSQL and Prometheus side by side; the app as soon as the image is there.
  warm: {
    'image-builds': (stack) => stack.image(),
    scraped: (stack) => stack.app(),
  },
  checks: {
    'image-builds': imageBuilds,
    scraped,
    'default-metrics': defaultMetrics,
    'request-counter': requestCounter,
    'route-templates': routeTemplates,
    'latency-histogram': latencyHistogram,
    'pool-gauge': poolGauge,
    'business-metric': businessMetric,
    'metrics-lint': metricsLint,
  },
});
