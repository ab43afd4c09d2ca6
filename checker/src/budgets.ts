// Every time and resource bound the checker applies, in one place. Learner-facing budgets
// (how long a build or a stack may take) can be raised from the environment for slow
// machines; going over one is the learner's verdict. Everything else is the checker's own
// bound, and going over it is the checker's fault.

function seconds(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a number of seconds, not "${raw}"`);
  return value;
}

export interface LearnerBudgets {
  /** A learner's image build, cold `npm ci` on slow Wi-Fi included (SHIPSHAPE_BUILD_TIMEOUT_S). */
  buildMs: number;
  /** `docker compose up --wait`'s own --wait-timeout (SHIPSHAPE_WAIT_TIMEOUT_S). */
  composeWaitMs: number;
}

export function learnerBudgets(env: NodeJS.ProcessEnv = process.env): LearnerBudgets {
  return {
    buildMs: seconds('SHIPSHAPE_BUILD_TIMEOUT_S', 600, env) * 1000,
    composeWaitMs: seconds('SHIPSHAPE_WAIT_TIMEOUT_S', 120, env) * 1000,
  };
}

/** Creating and starting a stack's containers, on top of compose's --wait-timeout, which counts only once all have started. */
export const COMPOSE_START_GRACE_MS = 30_000;
/** From `docker run` to the learner's app answering on its port. */
export const APP_LISTEN_MS = 45_000;
/** `docker compose up -d` of one service without --wait (a replica added, a container replaced): created and started. */
export const COMPOSE_SERVICE_START_MS = 120_000;
/** A learner's database in a new container accepting connections, on the data it already has. */
export const LEARNER_DB_START_MS = 60_000;
/** One health-check command run by hand, as Docker's own --timeout would bound it. */
export const PROBE_COMMAND_MS = 20_000;
/** A course service (our PostgreSQL, Redis...) ready to use; longer means our fault, not the learner's. */
export const COURSE_SERVICE_START_MS = 120_000;

/** What a learner's container may use: a runaway app (a fork bomb, a leak) cannot take the machine down. */
export interface Limits {
  memoryBytes: number;
  cpus: number;
  pids: number;
}

export const learnerLimits: Limits = { memoryBytes: 512 * 1024 ** 2, cpus: 1, pids: 256 };

export function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${bytes / 1024 ** 3} GB` : `${bytes / 1024 ** 2} MB`;
}
