import { defineExercise } from '../../src/exercise.js';
import { imageBuilds } from '../../src/fixtures/learner-image.js';
import { downAlert, errorAlert, latencyAlert } from './hidden-tests.js';
import { alertDelivered, dashboard, scrapesApp } from './live-checks.js';
import { MonitoringStack } from './stack.js';
import { alertmanagerValid, alertsDefined, configValid, learnerTests } from './static-checks.js';

/** Exercise 6, Prometheus, alerts and dashboards: the checks behind the ids in course.yaml. */
export default defineExercise<MonitoringStack>({
  setup: (ctx, progress) => new MonitoringStack(ctx, progress),
  teardown: (stack) => stack.teardown(),
  // The build starts at once, and each server as soon as the tool has accepted its
  // configuration: a server given a configuration its tool refused would never be ready.
  warm: {
    'image-builds': (stack) => stack.image(),
    'scrapes-app': (stack) => scrapesApp(stack),
    'alert-delivered': async (stack) => {
      await alertmanagerValid(stack);
      await Promise.all([stack.alertmanager(), stack.pager()]);
    },
  },
  checks: {
    'config-valid': configValid,
    'alertmanager-valid': alertmanagerValid,
    'alerts-defined': async (stack) => {
      await alertsDefined(stack);
    },
    'learner-tests': learnerTests,
    'error-alert': errorAlert,
    'latency-alert': latencyAlert,
    'down-alert': downAlert,
    'image-builds': imageBuilds,
    'scrapes-app': async (stack) => {
      await scrapesApp(stack);
    },
    'alert-delivered': alertDelivered,
    dashboard,
  },
});
