// Configuration comes from the environment, read once at start-up. Stage 2 turns this into
// a fully typed, fail-fast config; for now it names what is missing and stops.

export interface Config {
  port: number;
  databaseUrl: string;
  /** Redis is optional until Stage 4; without it the service runs uncached. */
  redisUrl: string | undefined;
  /** How long the hours report takes: it is the request that graceful shutdown must finish. */
  reportDelayMs: number;
  migrateOnStart: boolean;
  /** Upper bound for draining in-flight requests after SIGTERM. */
  shutdownTimeoutMs: number;
}

function integer(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error('DATABASE_URL is not set (for example postgres://hr:hr@db:5432/hr)');
  }
  return {
    port: integer('PORT', 3000, env),
    databaseUrl,
    redisUrl: env.REDIS_URL || undefined,
    reportDelayMs: integer('REPORT_DELAY_MS', 2000, env),
    migrateOnStart: env.MIGRATE_ON_START !== 'false',
    shutdownTimeoutMs: integer('SHUTDOWN_TIMEOUT_MS', 8000, env),
  };
}
