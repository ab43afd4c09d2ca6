import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { join } from 'node:path';
import { DockerComposeEnvironment, type StartedDockerComposeEnvironment } from 'testcontainers';
import { stringify } from 'yaml';
import { removeRun } from '../../src/docker/cleanup.js';
import {
  compose,
  composeLogs,
  findComposeFile,
  resolveConfig,
  type ComposeConfig,
  type ComposeProject,
  type ComposeService,
  upFailureReason,
} from '../../src/docker/compose.js';
import { hostileSettings } from '../../src/docker/compose-policy.js';
import { learnerLimits } from '../../src/docker/containers.js';
import { runLabels } from '../../src/docker/labels.js';
import { needs, once, type RunContext } from '../../src/exercise.js';
import { CheckFailure, fail, tail } from '../../src/verdict.js';
import { stackEnvironment } from './env.js';

export interface Roles {
  app: string;
  db: string;
  redis: string | undefined;
}

export interface Learner {
  file: string;
  source: string;
  config: ComposeConfig;
  roles: Roles;
  env: Record<string, string>;
}

const BUILD_TIMEOUT_MS = Number(process.env.SHIPSHAPE_BUILD_TIMEOUT_S ?? 600) * 1000;
const WAIT_SECONDS = Number(process.env.SHIPSHAPE_WAIT_TIMEOUT_S ?? 120);
/** Time to create and start the containers, on top of compose's own --wait-timeout. */
const UP_GRACE_MS = 30_000;

/** Which service is which, by what it is rather than what the learner called it. */
function findRoles(config: ComposeConfig): Roles {
  const entries = Object.entries(config.services);
  const byImage = (name: string): string[] =>
    entries.filter(([, s]) => !s.build && new RegExp(`(^|/)${name}(:|@|$)`).test(s.image ?? '')).map(([n]) => n);
  const [db] = byImage('postgres');
  const [redis] = byImage('redis');
  // The app is the built service others do not wait to complete: a one-off migrate job built
  // from the same Dockerfile is awaited with service_completed_successfully.
  const jobs = new Set(
    entries.flatMap(([, s]) =>
      Object.entries(s.depends_on ?? {}).filter(([, d]) => d.condition === 'service_completed_successfully').map(([n]) => n),
    ),
  );
  const built = entries.filter(([, s]) => s.build).map(([n]) => n);
  const app = built.find((n) => !jobs.has(n)) ?? built[0];
  if (!app) fail('a service built from the Dockerfile in this folder (build: .)', `services: ${entries.map(([n]) => n).join(', ') || 'none'}`);
  if (!db) fail('a PostgreSQL service (image: postgres:15-bookworm)', `services: ${entries.map(([n]) => n).join(', ')}`);
  return { app, db, redis };
}

function memoryBytes(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)i?b?$/i.exec(value.trim());
  if (!m) return undefined;
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Number(m[1]) * unit;
}

export function memoryLimit(s: ComposeService): number | undefined {
  return memoryBytes(s.deploy?.resources?.limits?.memory ?? s.mem_limit);
}

export function cpuLimit(s: ComposeService): number | undefined {
  const v = s.deploy?.resources?.limits?.cpus ?? s.cpus;
  return v === undefined ? undefined : Number(v);
}

/**
 * What the checker adds on top of the learner's file to run it: its labels on everything (for
 * clean-up), and caps on memory, CPU and processes that the learner's limits may lower but
 * never raise.
 */
export function safetyOverride(config: ComposeConfig, runId: string): object {
  const labels = runLabels(runId);
  const capBytes = learnerLimits.memoryGb * 1024 ** 3;
  const services = Object.fromEntries(
    Object.entries(config.services).map(([name, s]) => {
      const memory = Math.min(memoryLimit(s) ?? capBytes, capBytes);
      const cpus = Math.min(cpuLimit(s) ?? learnerLimits.cpus, learnerLimits.cpus);
      // Compose refuses mem_limit and deploy limits with different values: cap the one in use.
      const limits = s.mem_limit !== undefined
        ? { mem_limit: memory, cpus, pids_limit: learnerLimits.pids }
        : { deploy: { resources: { limits: { memory: String(memory), cpus: String(cpus), pids: learnerLimits.pids } } } };
      return [name, { labels, ...(s.build ? { build: { labels } } : {}), ...limits }];
    }),
  );
  const volumes = Object.fromEntries(
    Object.entries(config.volumes ?? {}).filter(([, v]) => !v?.external).map(([n]) => [n, { labels }]),
  );
  const networks = Object.fromEntries(
    ['default', ...Object.keys(config.networks ?? {})].filter((n) => !config.networks?.[n]?.external).map((n) => [n, { labels }]),
  );
  return { services, volumes, networks };
}

interface StackPicture {
  /** `service: status` for every container of the project, e.g. "migrate: Restarting (1) 2 seconds ago". */
  states: string[];
  /** The service to show the log of: the first one in trouble, else the app. */
  service: string;
  log: string[];
}

/** A picture with containers and a log that was read before they were removed. */
function complete(picture: StackPicture): boolean {
  const log = picture.log.join('\n');
  return picture.states.length > 0 && log !== '' && !/can not get logs|no such container|marked for removal/i.test(log);
}

async function stackPicture(project: ComposeProject, app: string): Promise<StackPicture> {
  const ps = await compose(project, ['ps', '-a', '--format', '{{.Service}}: {{.Status}}'], 30_000);
  const states = ps.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  const troubled = states.find((l) => /unhealthy|exited \([1-9]|restarting/i.test(l));
  const service = troubled?.split(':')[0] ?? app;
  const log = states.length > 0 ? tail(await composeLogs(project, service, 25), 25) : [];
  return { states, service, log };
}

/**
 * Testcontainers takes a stack whose `up` failed straight down (compose down -v), logs and
 * all: this keeps the latest picture of the stack, once a second, while it comes up.
 */
function recordStack(project: ComposeProject, app: string): { stop(): Promise<StackPicture | undefined> } {
  let picture: StackPicture | undefined;
  const watching = new AbortController();
  const loop = (async () => {
    while (!watching.signal.aborted) {
      const now = await stackPicture(project, app);
      if (complete(now) || !picture) picture = now;
      await delay(1000, undefined, { signal: watching.signal }).catch(() => undefined);
    }
  })();
  return {
    async stop() {
      watching.abort();
      await loop;
      return picture;
    },
  };
}

export class ComposeStack {
  private workDir: string | undefined;
  private environment: StartedDockerComposeEnvironment | undefined;

  constructor(
    readonly ctx: RunContext,
    private readonly progress: (message: string) => void,
  ) {}

  get projectName(): string {
    return `shipshape-${this.ctx.runId}`;
  }

  /** The learner's own file alone, resolved by `docker compose config`: what the static checks judge. */
  readonly learner = once(async (): Promise<Learner> => {
    const file = findComposeFile(this.ctx.dir);
    if (!file) fail('a compose.yaml in the exercise folder', 'no compose.yaml (nor compose.yml, docker-compose.yml)');
    const source = await readFile(join(this.ctx.dir, file), 'utf8');
    const env = await stackEnvironment(this.ctx.dir);
    const { config, error } = await resolveConfig({ dir: this.ctx.dir, files: [file], name: this.projectName, env });
    if (!config) {
      throw new CheckFailure({
        expected: '`docker compose config` to accept compose.yaml',
        actual: /empty|no service/i.test(error ?? '') ? 'compose.yaml defines no services yet: follow its TODO steps' : 'it refused the file',
        log: { title: 'docker compose config', lines: tail(error ?? '', 15) },
      });
    }
    if (Object.keys(config.services ?? {}).length === 0) fail('services in compose.yaml', 'compose.yaml defines no services yet: follow its TODO steps');
    return { file, source, config, roles: findRoles(config), env };
  });

  /** Settings that would give a container power over the learner's machine; none may be present. */
  readonly safe = once(async (): Promise<Learner> => {
    const learner = await this.learner();
    const findings = hostileSettings(learner.config, learner.source, this.ctx.dir);
    if (findings.length > 0) {
      fail(
        'no privileged mode, host namespaces, added capabilities, devices, Docker socket or host paths',
        `refused before starting anything: ${findings
          .map((f) => `${learner.file}${f.line ? `:${f.line}` : ''} ${f.service}.${f.setting}: ${f.why}`)
          .join('; ')}`,
      );
    }
    return learner;
  });

  private async project(): Promise<ComposeProject> {
    const learner = await this.learner();
    this.workDir ??= await mkdtemp(join(tmpdir(), 'shipshape-compose-'));
    const override = join(this.workDir, 'shipshape.override.yaml');
    await writeFile(override, stringify(safetyOverride(learner.config, this.ctx.runId)));
    return { dir: this.ctx.dir, files: [learner.file, override], name: this.projectName, env: learner.env };
  }

  /** The stack up, as `docker compose up --wait` leaves it, through Testcontainers' compose support. */
  readonly up = once(async (): Promise<StartedDockerComposeEnvironment> => {
    const learner = await needs('compose-safe', this.safe);
    const project = await this.project();
    this.progress('building the app image…');
    const build = await compose(project, ['--progress', 'plain', 'build'], BUILD_TIMEOUT_MS);
    if (!build.ok) {
      throw new CheckFailure({
        expected: '`docker compose build` to succeed',
        actual: build.timedOut ? `the build was still running after ${BUILD_TIMEOUT_MS / 1000} s and was stopped` : 'the build failed',
        log: { title: 'build output', lines: tail(build.stderr, 25) },
      });
    }
    this.progress('starting the stack: docker compose up --wait…');
    const waitSeconds = WAIT_SECONDS;
    const recording = recordStack(project, learner.roles.app);
    const notUp = async (reason: string): Promise<CheckFailure> => {
      const recorded = await recording.stop();
      // A fresh look when the stack is still there; else the last one recorded before the teardown.
      const now = await stackPicture(project, learner.roles.app);
      const seen = [now, recorded].find((p) => p !== undefined && complete(p)) ?? recorded ?? now;
      return new CheckFailure({
        expected: `every service running (and healthy, where it has a health check) within ${waitSeconds} s`,
        actual: `${reason}; ${seen.states.join(', ') || 'no container was left to inspect'}`,
        log: { title: `docker compose logs ${seen.service}`, lines: seen.log },
      });
    };
    const up = new DockerComposeEnvironment(this.ctx.dir, project.files)
      .withProjectName(project.name)
      .withEnvironment(project.env)
      .withClientOptions({ commandOptions: ['--wait', '--wait-timeout', String(waitSeconds)] })
      .withStartupTimeout(waitSeconds * 1000)
      .up();
    // --wait-timeout only counts once every container has started: compose waits for a
    // service_completed_successfully dependency that restarts forever (a migrate job with a
    // wrong password and restart: on-failure) without any limit. Our own deadline covers it.
    const timer = new AbortController();
    const deadline = delay(waitSeconds * 1000 + UP_GRACE_MS, 'deadline' as const, { signal: timer.signal });
    let outcome: StartedDockerComposeEnvironment | 'deadline';
    try {
      outcome = await Promise.race([up, deadline]);
    } catch (err) {
      throw await notUp(upFailureReason((err as Error).message));
    } finally {
      timer.abort();
    }
    if (outcome === 'deadline') {
      const failure = await notUp(`docker compose up was still waiting after ${waitSeconds + UP_GRACE_MS / 1000} s`);
      // Stopped by hand, a container is not restarted, so the waiting `up` gives up and exits.
      await compose(project, ['kill'], 30_000);
      throw failure;
    }
    await recording.stop();
    this.environment = outcome;
    this.progress('the stack is up');
    return this.environment;
  });

  /** Runs `compose` for this stack, e.g. ['ps'] or ['up', '--wait', '--scale', 'app=2']. */
  async run(args: string[], timeoutMs?: number): Promise<ReturnType<typeof compose>> {
    return compose(await this.project(), args, timeoutMs);
  }

  async logs(service: string): Promise<string[]> {
    return tail(await composeLogs(await this.project(), service, 25), 25);
  }

  /** Container ids of a service's replicas that are running. */
  async replicas(service: string): Promise<string[]> {
    const res = await this.run(['ps', '-q', service]);
    return res.stdout.split('\n').filter(Boolean);
  }

  async teardown(): Promise<void> {
    if (this.workDir) {
      await this.run(['down', '-v', '--remove-orphans', '-t', '0'], 120_000).catch(() => undefined);
    }
    await removeRun(this.ctx.runId);
    if (this.workDir) await rm(this.workDir, { recursive: true, force: true });
  }
}
