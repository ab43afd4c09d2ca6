import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, readdir, rm, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgreSqlContainer, type StartedPostgreSqlContainer } from '@testcontainers/postgresql';
import type { StartedTestContainer } from 'testcontainers';
import { courseImages } from '../../../infra/images.js';
import {
  buildErrorLog,
  buildErrorSummary,
  buildImage,
  unresolvedBaseImages,
  unresolvedFrontend,
  type BuildResult,
} from '../../src/docker/build.js';
import { inspectImage, type ImageInfo } from '../../src/docker/cli.js';
import { removeRun } from '../../src/docker/cleanup.js';
import {
  containerState,
  createRunNetwork,
  findByRole,
  LimitedContainer,
  logTail,
  StartedWait,
  type ContainerState,
} from '../../src/docker/containers.js';
import { finalBase, parseDockerfile, type ParsedDockerfile } from '../../src/docker/dockerfile.js';
import { ROLE_LABEL, runLabels } from '../../src/docker/labels.js';
import { once, needs, type RunContext } from '../../src/exercise.js';
import { probeShutdown, type ShutdownObservation } from './shutdown-probe.js';
import { request, sleep } from '../../src/http.js';
import { CheckFailure, fail, tail, within } from '../../src/verdict.js';

export const APP_PORT = 3000;
/** Long enough to be surely in flight when SIGTERM arrives, short enough to keep the check quick. */
export const REPORT_DELAY_MS = 1500;
/** The curriculum's bound: a graceful shutdown finishes within 10 s of SIGTERM. */
export const EXIT_WITHIN_MS = 10_000;
/** Long enough for a cold `npm ci` on slow Wi-Fi; SHIPSHAPE_BUILD_TIMEOUT_S changes it. */
const BUILD_TIMEOUT_MS = Number(process.env.SHIPSHAPE_BUILD_TIMEOUT_S ?? 600) * 1000;
const START_TIMEOUT_MS = 45_000;
const PROBE_TIMEOUT_MS = 20_000;

export interface BuiltImage {
  build: BuildResult;
  info: ImageInfo;
  dockerfile: ParsedDockerfile;
}

export interface ProbeResult {
  command: string;
  exitCode: number;
  output: string;
}

export interface RunningApp {
  container: StartedTestContainer;
  baseUrl: string;
  startedAt: number;
}

/**
 * The learner's image and the containers the checks share: built and started once, on
 * first use, and torn down together. Each step fails as a learner-facing verdict.
 */
export class ImageStack {
  private containers: StartedTestContainer[] = [];
  private database_: StartedPostgreSqlContainer | undefined;
  private tempDirs: string[] = [];

  constructor(
    readonly ctx: RunContext,
    private readonly progress: (message: string) => void,
  ) {}

  /**
   * Starts the slow steps at once and side by side (PostgreSQL while the image builds, then
   * the app, the shutdown probe and the cache probe rebuild together), so the checks that need them mostly find them done. Failures surface
   * in the checks that await the steps.
   */
  warmUp(): void {
    const ignore = (): void => undefined;
    this.dockerfile().then(() => this.database().catch(ignore), ignore);
    this.image().then(() => {
      this.app().catch(ignore);
      this.shutdown().catch(ignore);
      this.rebuildAfterSourceChange().catch(ignore);
    }, ignore);
  }

  get tag(): string {
    return `shipshape-${this.ctx.exerciseId}:${this.ctx.runId}`;
  }

  readonly dockerfile = once(async (): Promise<ParsedDockerfile> => {
    const path = join(this.ctx.dir, 'Dockerfile');
    if (!existsSync(path)) fail(`a Dockerfile in ${this.ctx.dir}`, 'no file named Dockerfile there');
    const parsed = parseDockerfile(await readFile(path, 'utf8'));
    if (parsed.instructionCount === 0) {
      fail('a Dockerfile with instructions (FROM, COPY, RUN, CMD...)', 'the Dockerfile has only comments so far: follow its TODO steps');
    }
    return parsed;
  });

  readonly image = once(async (): Promise<BuiltImage> => {
    const dockerfile = await this.dockerfile();
    this.progress('building your image (the first build downloads dependencies and can take a minute)…');
    const build = await buildImage({
      context: this.ctx.dir,
      tag: this.tag,
      runId: this.ctx.runId,
      timeoutMs: BUILD_TIMEOUT_MS,
      onLine: (line) => {
        // The RUN steps are the slow ones; echoing every vertex would drown the verdicts.
        const step = /^#\d+ \[([^\]]+)\] (RUN .+)$/.exec(line);
        if (step) this.progress(`  [${step[1]}] ${step[2]?.slice(0, 70)}`);
      },
    });
    if (!build.ok) {
      const failed = build.steps.find((s) => s.failed);
      const unpullable = unresolvedBaseImages(build.output);
      const frontend = unresolvedFrontend(build.output);
      throw new CheckFailure({
        expected: 'docker build to succeed',
        actual: build.timedOut
          ? `the build was still running after ${BUILD_TIMEOUT_MS / 1000} s and was stopped (SHIPSHAPE_BUILD_TIMEOUT_S raises the limit)`
          : frontend
            ? `the \`# syntax=${frontend}\` line makes BuildKit download that frontend from a registry, which failed here; ` +
              "remove the line: Docker's built-in frontend understands everything this exercise needs, RUN --mount included"
            : unpullable.length > 0
            ? `the base image ${unpullable.join(', ')} is not on this machine and could not be pulled ` +
              '(if Docker Hub is unreachable, `npm run images` builds the course images locally)'
            : failed
              ? `step [${failed.stage}] ${failed.instruction} ${buildErrorSummary(build.output)}`
              : buildErrorSummary(build.output),
        log: { title: 'build output', lines: buildErrorLog(build.output) },
      });
    }
    this.progress(`image built in ${build.seconds.toFixed(1)} s`);
    const info = await inspectImage(this.tag);
    if (!info) throw new Error(`built ${this.tag} but docker cannot inspect it`);
    return { build, info, dockerfile };
  });

  /** PostgreSQL on the run's own network, reachable as `db`; it needs no image of the learner's. */
  readonly database = once(async (): Promise<{ network: string; url: string }> => {
    const network = await createRunNetwork(this.ctx.runId);
    const password = randomBytes(9).toString('base64url');
    this.database_ = await within(
      120_000,
      'starting PostgreSQL',
      new PostgreSqlContainer((await courseImages()).postgres ?? 'postgres')
        .withLabels(runLabels(this.ctx.runId))
        .withNetworkMode(network)
        .withNetworkAliases('db')
        .withDatabase('hr')
        .withUsername('hr')
        .withPassword(password)
        .start(),
    );
    return { network, url: `postgres://hr:${password}@db:5432/hr` };
  });

  private async startApp(alias: string): Promise<RunningApp> {
    const { build } = await needs('image-builds', this.image);
    this.progress(`starting your app (${alias}) next to PostgreSQL…`);
    const { network, url } = await this.database();
    let container: StartedTestContainer;
    try {
      container = await new LimitedContainer(build.tag, this.ctx.runId)
        .withLabels({ [ROLE_LABEL]: alias })
        .withNetworkMode(network)
        .withNetworkAliases(alias)
        .withEnvironment({
          DATABASE_URL: url,
          PORT: String(APP_PORT),
          REPORT_DELAY_MS: String(REPORT_DELAY_MS),
          NODE_ENV: 'production',
        })
        .withExposedPorts(APP_PORT)
        .withWaitStrategy(new StartedWait())
        .start();
    } catch (err) {
      // Testcontainers waits for the published port, which a container that exits at once
      // never gets: that is the learner's exited app, not our error.
      const id = await findByRole(this.ctx.runId, alias);
      const state = id ? await containerState(id) : undefined;
      if (id && state && !state.running) throw await this.exited(id, state);
      throw err;
    }
    this.containers.push(container);
    const startedAt = Date.now();
    const baseUrl = `http://${container.getHost()}:${container.getMappedPort(APP_PORT)}`;
    await this.waitUntilListening(container, baseUrl);
    return { container, baseUrl, startedAt };
  }

  /** The app the checks inspect and call. */
  readonly app = once(async (): Promise<RunningApp> => {
    const app = await this.startApp('app');
    this.progress('your app is listening');
    return app;
  });

  /** A second instance of the app, stopped with SIGTERM mid-request, beside the first. */
  readonly shutdown = once(async (): Promise<ShutdownObservation> => {
    const app = await this.startApp('app-shutdown');
    this.progress(`SIGTERM during a ${REPORT_DELAY_MS / 1000} s request…`);
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
      container = await new LimitedContainer(build.tag, this.ctx.runId)
        .withEntrypoint(['node'])
        .withCommand(['-e', 'setInterval(() => {}, 1 << 30)'])
        .withEnvironment({ PORT: String(APP_PORT), NODE_ENV: 'production' })
        .withWaitStrategy(new StartedWait())
        .start();
    } catch {
      return undefined;
    }
    this.containers.push(container);
    try {
      const result = await within(PROBE_TIMEOUT_MS, 'the health check command', container.exec(command));
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
    const copy = await mkdtemp(join(tmpdir(), 'shipshape-rebuild-'));
    this.tempDirs.push(copy);
    await cp(this.ctx.dir, copy, {
      recursive: true,
      filter: (src) => !/[/\\](node_modules|\.git|dist)([/\\]|$)/.test(src.slice(this.ctx.dir.length)),
    });
    const sources = (await readdir(join(copy, 'src'))).filter((f) => f.endsWith('.ts')).sort();
    const changed = `src/${sources[0] ?? 'index.ts'}`;
    await appendFile(join(copy, changed), `\n// shipshape cache probe ${this.ctx.runId}\n`);
    this.progress(`rebuilding after a one-line change to ${changed}…`);
    const build = await buildImage({
      context: copy,
      tag: `${this.tag}-rebuild`,
      runId: this.ctx.runId,
      timeoutMs: BUILD_TIMEOUT_MS,
    });
    return { build, changed };
  });

  /**
   * When the image runs its base image's command (no CMD of its own), the container exits at
   * once and logs nothing: say so, rather than leave the learner with "exited with code 0".
   */
  private async inheritedCommand(): Promise<string> {
    const { info, dockerfile } = await this.image();
    const base = finalBase(dockerfile);
    const baseInfo = base ? await inspectImage(base.ref) : undefined;
    if (!base || !baseInfo) return '';
    const command = (c: ImageInfo['Config']): string => JSON.stringify([c.Entrypoint ?? [], c.Cmd ?? []]);
    if (command(info.Config) !== command(baseInfo.Config)) return '';
    const inherited = [...(info.Config.Entrypoint ?? []), ...(info.Config.Cmd ?? [])].join(' ');
    return `: the image has no command of its own, so it runs ${base.ref}'s (${inherited || 'none'}), which starts no app; the final stage needs CMD ["node", "dist/server.js"]`;
  }

  private async exited(id: string, state: ContainerState): Promise<CheckFailure> {
    return new CheckFailure({
      expected: `the app to start and listen on port ${APP_PORT}`,
      actual: state.oomKilled
        ? 'the container was killed for using more than its 512 MB memory limit'
        : `the container exited with code ${state.exitCode}${await this.inheritedCommand()}`,
      log: { title: 'app container log', lines: tail(await logTail(id), 25) },
    });
  }

  private async waitUntilListening(container: StartedTestContainer, baseUrl: string): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const state = await containerState(container);
      if (!state.running) throw await this.exited(container.getId(), state);
      if (!('error' in (await request(`${baseUrl}/health`, { timeoutMs: 1000 })))) return;
      await sleep(250);
    }
    throw new CheckFailure({
      expected: `the app to listen on port ${APP_PORT} within ${START_TIMEOUT_MS / 1000} s`,
      actual: 'nothing answered on that port',
      log: { title: 'app container log', lines: tail(await logTail(container.getId()), 25) },
    });
  }

  async teardown(): Promise<void> {
    await Promise.allSettled(this.containers.map((c) => c.stop({ timeout: 0 })));
    await this.database_?.stop({ timeout: 0 }).catch(() => undefined);
    await removeRun(this.ctx.runId);
    await Promise.all(this.tempDirs.map((d) => rm(d, { recursive: true, force: true })));
  }
}
