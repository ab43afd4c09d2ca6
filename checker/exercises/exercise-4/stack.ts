// What one run of exercise 4's checks shares: the workflow, read once; the test job's services
// and runner, started once; and the clean-up of everything they started.
import { join, relative, resolve } from 'node:path';
import { run } from '../../src/docker/cli.js';
import { once, type RunContext } from '../../src/exercise.js';
import { buildLearnerImage, readDockerfile } from '../../src/fixtures/learner-image.js';
import { RunScope } from '../../src/fixtures/run-scope.js';
import { say } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import { fail } from '../../src/verdict.js';
import { judgeDelivery } from './delivery-checks.js';
import { runSteps, startRunner, startServices } from './job-runner.js';
import { testJob } from './step-kinds.js';
import { loadWorkflow } from './workflow.js';

/** A tag Docker accepts: [registry/]path:tag, lower case. */
const IMAGE_REF = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*:[\w][\w.-]{0,127}$/;

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

  readonly testRunner = once(async () => startRunner(this.scope, this.ctx.dir, await this.services()));

  /** The test job's steps, run once its services are healthy. */
  readonly testRun = once(async () => {
    const { workflow, job } = await this.testJob();
    const services = await this.services();
    return runSteps(await this.testRunner(), workflow, job, services, this.progress);
  });

  /**
   * The image a push to main would push, built as its build step says (context, file,
   * target) and tagged as the workflow's own tag expressions say.
   */
  readonly delivery = once(async () => {
    const push = judgeDelivery(await this.workflow());
    const inside = (path: string, what: string): string => {
      const full = resolve(this.ctx.dir, path);
      if (relative(this.ctx.dir, full).startsWith('..')) {
        fail(say(`the build's ${what} inside the repository`, `构建用的 ${what} 在仓库之内`), say(`line ${push.step.line}: ${what} ${path} leads outside it`, `第 ${push.step.line} 行：${what} ${path} 指向了仓库之外`));
      }
      return full;
    };
    const context = inside(push.context, 'context');
    const file = inside(push.file ?? join(push.context, 'Dockerfile'), 'file');
    const image = await buildLearnerImage({
      dir: context,
      dockerfile: await readDockerfile(context, file),
      tag: `shipshape-${this.ctx.exerciseId}:${this.ctx.runId}`,
      runId: this.ctx.runId,
      progress: this.progress,
      file,
      ...(push.target ? { target: push.target } : {}),
    });
    // The workflow's own tags, on this machine only: the run's label takes them away again.
    const tags = push.tags.filter((tag) => IMAGE_REF.test(tag));
    for (const tag of tags) await run(['tag', image.build.tag, tag]);
    return { push, image, tags };
  });

  /** A runner of its own for the audit step, beside the stand-in advisory registry. */
  readonly auditRunner = once(() => startRunner(this.scope, this.ctx.dir));

  async teardown(): Promise<void> {
    // A check may fail while a warm start is still under way: let every start that began end
    // (each is bounded) before the clean-up, so that nothing starts after it and leaks.
    const starts = [this.services, this.testRunner, this.auditRunner, this.delivery].filter((step) => step.started);
    await Promise.allSettled(starts.map((step) => step()));
    await this.scope.close();
  }
}
