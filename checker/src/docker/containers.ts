import { existsSync } from 'node:fs';
import {
  GenericContainer,
  getContainerRuntimeClient,
  type StartedTestContainer,
  type WaitStrategy,
} from 'testcontainers';
import { learnerLimits, type Limits } from '../budgets.js';
import { run } from './cli.js';
import { ROLE_LABEL, RUN_LABEL, runLabels } from './labels.js';

/**
 * Ryuk, Testcontainers' reaper, needs an image we cannot pull everywhere, so the checker
 * cleans up itself (labels plus signal handlers). Inside a container-like machine
 * (/.dockerenv) Testcontainers would otherwise probe for the host with another image.
 */
export function configureTestcontainers(env: NodeJS.ProcessEnv = process.env): void {
  env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  const localDaemon = !env.DOCKER_HOST || env.DOCKER_HOST.startsWith('unix://');
  if (existsSync('/.dockerenv') && localDaemon) env.TESTCONTAINERS_HOST_OVERRIDE ??= 'localhost';
}

/** A bridge network of the run's own, so the app can reach its database by name. */
export async function createRunNetwork(runId: string): Promise<string> {
  const client = await getContainerRuntimeClient();
  const name = `shipshape-${runId}`;
  await client.network.create({ Name: name, Driver: 'bridge', CheckDuplicate: true, Labels: runLabels(runId) });
  return name;
}


/**
 * A container for the learner's image: bounded memory, CPU and process count, so a runaway
 * app (a fork bomb, a leak) cannot take the learner's machine down with it.
 */
export class LimitedContainer extends GenericContainer {
  constructor(image: string, runId: string, limits: Limits = learnerLimits) {
    super(image);
    this.withLabels(runLabels(runId)).withResourcesQuota({ memory: limits.memoryBytes / 1024 ** 3, cpu: limits.cpus });
    this.hostConfig.PidsLimit = limits.pids;
  }

  /** The image's HEALTHCHECK switched off for this container (Docker's NONE, which Testcontainers' type cannot say). */
  withoutHealthCheck(): this {
    this.createOpts.Healthcheck = { Test: ['NONE'] };
    return this;
  }
}

/** Returns at once: the checker watches the container itself, so a crash is seen in a second, not after a timeout. */
export class StartedWait implements WaitStrategy {
  private timeoutMs = 0;
  async waitUntilReady(): Promise<void> {}
  withStartupTimeout(ms: number): this {
    this.timeoutMs = ms;
    return this;
  }
  isStartupTimeoutSet(): boolean {
    return this.timeoutMs > 0;
  }
  getStartupTimeout(): number {
    return this.timeoutMs;
  }
}

export interface ContainerState {
  running: boolean;
  /** Docker's word for it: created, running, restarting, exited… */
  status: string;
  exitCode: number;
  /** How often its restart policy started it again: a crash loop can look running now and then. */
  restartCount: number;
  oomKilled: boolean;
  health: { Status: string; Log?: { ExitCode: number; Output: string }[] } | undefined;
}

/** A container's state, by the started container or by id. */
export async function containerState(container: StartedTestContainer | string): Promise<ContainerState> {
  const client = await getContainerRuntimeClient();
  const id = typeof container === 'string' ? container : container.getId();
  const info = await client.container.inspect(client.container.getById(id));
  const state = info.State as typeof info.State & { Health?: { Status: string; Log?: { ExitCode: number; Output: string }[] } };
  return { running: state.Running, status: state.Status, exitCode: state.ExitCode, restartCount: info.RestartCount, oomKilled: state.OOMKilled, health: state.Health };
}

/** The id of the run's container with this role, running or not. */
export async function findByRole(runId: string, role: string): Promise<string | undefined> {
  const res = await run(['container', 'ls', '-aq', '--filter', `label=${RUN_LABEL}=${runId}`, '--filter', `label=${ROLE_LABEL}=${role}`]);
  return res.stdout.split('\n').find(Boolean);
}

/**
 * Everything a container printed, stdout then stderr, even after it exited. For evidence (is a
 * secret in it, is every line JSON), so a log that cannot be read is an error, never "empty".
 */
export async function containerLog(containerId: string): Promise<string> {
  const res = await run(['logs', containerId]);
  if (!res.ok) throw new Error(`docker logs ${containerId} failed: ${res.stderr.trim()}`);
  return `${res.stdout}\n${res.stderr}`.trim();
}

/** The last lines a container printed, stdout and stderr together, even after it exited: for showing beside a verdict. */
export async function logTail(containerId: string, lines = 30): Promise<string> {
  const res = await run(['logs', '--tail', String(lines), containerId]);
  return `${res.stdout}\n${res.stderr}`.trim();
}
