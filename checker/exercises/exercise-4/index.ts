import { defineExercise } from '../../src/exercise.js';
import { concurrencyGroup } from './delivery-checks.js';
import { auditGate, imageDelivery, servicesHealthy, testJobRuns } from './run-checks.js';
import { PipelineStack } from './stack.js';
import { actionsPinned, leastPrivilege, pipelineGates, workflowValid } from './static-checks.js';

/** Exercise 4, a CI pipeline that runs: the checks behind the ids in course.yaml. */
export default defineExercise<PipelineStack>({
  setup: (ctx, progress) => new PipelineStack(ctx, progress),
  teardown: (stack) => stack.teardown(),
  // The services first (the slowest), and the audit's runner beside them.
  warm: {
    'services-healthy': (stack) => stack.services(),
    'test-job-runs': (stack) => stack.testRun(),
    'audit-gate': (stack) => stack.auditRunner(),
    'image-delivery': (stack) => stack.delivery(),
  },
  checks: {
    'workflow-valid': async (stack) => workflowValid(await stack.workflow()),
    'pipeline-gates': async (stack) => pipelineGates(await stack.workflow()),
    'least-privilege': async (stack) => leastPrivilege(await stack.workflow()),
    'actions-pinned': async (stack) => actionsPinned(await stack.workflow()),
    'concurrency-group': async (stack) => concurrencyGroup(await stack.workflow()),
    'services-healthy': servicesHealthy,
    'test-job-runs': testJobRuns,
    'image-delivery': imageDelivery,
    'audit-gate': auditGate,
  },
});
