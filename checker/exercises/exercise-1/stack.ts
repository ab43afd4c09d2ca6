import { appendFile, cp, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { StartedTestContainer } from 'testcontainers';
import { learnerBudgets, PROBE_COMMAND_MS } from '../../src/budgets.js';
import { buildImage, type BuildResult } from '../../src/docker/build.js';
import { LimitedContainer, StartedWait } from '../../src/docker/containers.js';
import { once, needs, type RunContext } from '../../src/exercise.js';
import { startApp, type RunningApp } from '../../src/fixtures/app-container.js';
import { buildLearnerImage, readDockerfile, type LearnerImage } from '../../src/fixtures/learner-image.js';
import { startPostgres } from '../../src/fixtures/postgres.js';
import { RunScope } from '../../src/fixtures/run-scope.js';
import { say } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import { APP_PORT } from '../../src/service-ports.js';
import { CheckFailure, within } from '../../src/verdict.js';
import { probeShutdown, type ShutdownObservation } from './shutdown-probe.js';

/** Long enough to be surely in flight when SIGTERM arrives, short enough to keep the check quick. */
export const REPORT_DELAY_MS = 1500;
/** The curriculum's bound: a graceful shutdown finishes within 10 s of SIGTERM. */
export const EXIT_WITHIN_MS = 10_000;

export interface ProbeResult {
  command: string;
  exitCode: number;
  output: string;
}

/**
 * Exercise 1's stack: the learner's image, the course's PostgreSQL, and the containers of the
 * image the checks share, each made once, on first use, and all removed by the run's scope.
 */
export class ImageStack {
  private readonly scope: RunScope;

  constructor(
    readonly ctx: RunContext,
    private readonly progress: (message: Text) => void,
  ) {
    this.scope = new RunScope(ctx.runId);
  }

  get tag(): string {
    return `shipshape-${this.ctx.exerciseId}:${this.ctx.runId}`;
  }

  readonly dockerfile = once(() => readDockerfile(this.ctx.dir));

  readonly image = once(async (): Promise<LearnerImage> =>
    buildLearnerImage({ dir: this.ctx.dir, dockerfile: await this.dockerfile(), tag: this.tag, runId: this.ctx.runId, progress: this.progress }),
  );

  /** Started while the image builds, once there is a Dockerfile worth building. */
  readonly database = once(async () => {
    await this.dockerfile();
    return startPostgres(this.scope);
  });

  private async startApp(alias: string): Promise<RunningApp> {
    const database = this.database();
    database.catch(() => undefined);
    const image = await needs('image-builds', this.image);
    this.progress(say(`starting your app (${alias}) next to PostgreSQL…`, `正在 PostgreSQL 旁边启动你的应用（${alias}）…`));
    const { url } = await database;
    const env = { DATABASE_URL: url, PORT: String(APP_PORT), REPORT_DELAY_MS: String(REPORT_DELAY_MS), NODE_ENV: 'production' };
    // The healthcheck check reads Docker's own verdict on this container.
    return startApp({ image, scope: this.scope, alias, port: APP_PORT, env, watchHealth: true });
  }

  /** Set once the shutdown probe has stopped the app: nothing may ask it anything after that. */
  private stopped = false;

  /** The app the checks inspect and call. */
  private readonly running = once(async (): Promise<RunningApp> => {
    const app = await this.startApp('app');
    this.progress(say('your app is listening', '你的应用已经开始监听端口'));
    return app;
  });

  readonly app = async (): Promise<RunningApp> => {
    if (this.stopped) throw new Error('the shutdown probe has stopped the app: checks that ask it must come before graceful-shutdown in course.yaml');
    return this.running();
  };

  /**
   * SIGTERM to the app mid-request, after every other check has asked it what it needed: one
   * app container instead of a second one starting beside it on the same two cores.
   */
  readonly shutdown = once(async (): Promise<ShutdownObservation> => {
    const app = await this.running();
    this.stopped = true;
    const seconds = REPORT_DELAY_MS / 1000;
    this.progress(say(`SIGTERM during a ${seconds} s request…`, `在一个耗时 ${seconds} 秒的请求进行期间发送 SIGTERM…`));
    return probeShutdown(app, REPORT_DELAY_MS, EXIT_WITHIN_MS);
  });

  /**
   * The image's HEALTHCHECK command, run in a container of the image where the app is not
   * running. A probe that succeeds there asks the app nothing (HEALTHCHECK CMD ["true"]).
   * Undefined when the image declares no health check or such a container cannot start.
   */
  readonly probeWithoutApp = once(async (): Promise<ProbeResult | undefined> => {
    const { build, info } = await needs('image-builds', this.image);
    const test = info.Config.Healthcheck?.Test ?? [];
    if (test.length < 2 || test[0] === 'NONE') return undefined;
    const command = test[0] === 'CMD-SHELL' ? ['/bin/sh', '-c', test.slice(1).join(' ')] : test.slice(1);
    let container: StartedTestContainer;
    try {
      container = this.scope.track(
        await new LimitedContainer(build.tag, this.ctx.runId)
          .withEntrypoint(['node'])
          .withCommand(['-e', 'setInterval(() => {}, 1 << 30)'])
          .withEnvironment({ PORT: String(APP_PORT), NODE_ENV: 'production' })
          .withWaitStrategy(new StartedWait())
          .start(),
      );
    } catch {
      return undefined;
    }
    try {
      const result = await within(PROBE_COMMAND_MS, say('the health check command', '健康检查命令'), container.exec(command));
      return { command: command.join(' '), exitCode: result.exitCode, output: result.output };
    } catch (err) {
      // Hanging with nothing to ask is a failing probe, as Docker's own --timeout would count it.
      if (err instanceof CheckFailure) return { command: command.join(' '), exitCode: -1, output: 'timed out' };
      throw err;
    }
  });

  /** The same build after a one-line source change, to see which steps the cache reused. */
  readonly rebuildAfterSourceChange = once(async (): Promise<{ build: BuildResult; changed: string }> => {
    await needs('image-builds', this.image);
    // At once, beside the app's start-up: TypeScript compiling on the same two cores slows the
    // start by about half a second, but a rebuild begun once the app listened was the last thing
    // every run waited for, 1.5 s after the other checks were done.
    const copy = await this.scope.tempDir('rebuild');
    await cp(this.ctx.dir, copy, {
      recursive: true,
      filter: (src) => !/[/\\](node_modules|\.git|dist)([/\\]|$)/.test(src.slice(this.ctx.dir.length)),
    });
    const sources = (await readdir(join(copy, 'src'))).filter((f) => f.endsWith('.ts')).sort();
    const changed = `src/${sources[0] ?? 'index.ts'}`;
    await appendFile(join(copy, changed), `\n// shipshape cache probe ${this.ctx.runId}\n`);
    this.progress(say(`rebuilding after a one-line change to ${changed}…`, `在 ${changed} 里改动一行后重新构建…`));
    const build = await buildImage({ context: copy, tag: `${this.tag}-rebuild`, runId: this.ctx.runId, timeoutMs: learnerBudgets().buildMs });
    return { build, changed };
  });

  teardown(): Promise<void> {
    return this.scope.close();
  }
}
