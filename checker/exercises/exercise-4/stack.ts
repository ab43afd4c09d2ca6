// What one run of exercise 4's checks shares: the workflow, read once; the test job's services
// and runner, started once; and the clean-up of everything they started.
import { once, type RunContext } from '../../src/exercise.js';
import { RunScope } from '../../src/fixtures/run-scope.js';
import { say } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import { fail } from '../../src/verdict.js';
import { runSteps, startRunner, startServices } from './job-runner.js';
import { testJob } from './step-kinds.js';
import { loadWorkflow } from './workflow.js';

export class PipelineStack {
  private readonly scope: RunScope;

  constructor(
    readonly ctx: RunContext,
    private readonly progress: (message: Text) => void,
  ) {
    this.scope = new RunScope(ctx.runId);
  }

  readonly workflow = once(() => loadWorkflow(this.ctx.dir));

  /** The job that runs the tests, or a verdict saying there is none. */
  readonly testJob = once(async () => {
    const workflow = await this.workflow();
    const job = testJob(workflow);
    if (!job) {
      fail(say('a job whose steps run the tests (npm test)', '有一个 job 的步骤会运行测试（npm test）'), say('no step of any job runs npm test or vitest', '没有哪个 job 的步骤运行 npm test 或 vitest'));
    }
    return { workflow, job };
  });

  readonly services = once(async () => {
    const { workflow, job } = await this.testJob();
    return startServices(this.scope, workflow, job, this.progress);
  });

  /** The test job's steps, run once its services are healthy. */
  readonly testRun = once(async () => {
    const { workflow, job } = await this.testJob();
    const services = await this.services();
    const runner = await startRunner(this.scope, this.ctx.dir, services);
    return runSteps(runner, workflow, job, services, this.progress);
  });

  /** A runner of its own for the audit step, beside the stand-in advisory registry. */
  readonly auditRunner = once(() => startRunner(this.scope, this.ctx.dir));

  teardown(): Promise<void> {
    return this.scope.close();
  }
}
