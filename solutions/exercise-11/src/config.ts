// Configuration comes from the environment, read and checked once at start-up. A missing or
// malformed variable stops the app before it connects or listens, with one message that names
// every problem and never a value: a secret in a crash log is a leaked secret.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export interface Config {
  nodeEnv: 'development' | 'test' | 'production';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  port: number;
  /** Where GET /metrics answers: a port of its own, which production does not publish. */
  metricsPort: number;
  /** With DATABASE_PASSWORD, if given, already in it. */
  databaseUrl: string;
  /** Redis is optional until Stage 4; without it the service runs uncached. */
  redisUrl: string | undefined;
  /** Where unexpected errors are reported (Sentry or anything that speaks its protocol); none: not reported. */
  sentryDsn: string | undefined;
  /** How long the hours report takes: it is the request that graceful shutdown must finish. */
  reportDelayMs: number;
  migrateOnStart: boolean;
  /** Upper bound for draining in-flight requests after SIGTERM. */
  shutdownTimeoutMs: number;
  /**
   * Signs the session cookie. The server in production must be given one (loadServerConfig);
   * elsewhere a fixed development value serves. Migrations and scripts never need it.
   */
  sessionSecret: string | undefined;
}

/** Variables that may hold a secret: each may instead name a file with NAME_FILE (Docker secrets). */
const SECRETS = ['DATABASE_URL', 'DATABASE_PASSWORD', 'REDIS_URL', 'SESSION_SECRET'] as const;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ error: `must be a whole number from ${min} to ${max}` })
    .int({ error: `must be a whole number from ${min} to ${max}` })
    .min(min, { error: `must be a whole number from ${min} to ${max}` })
    .max(max, { error: `must be a whole number from ${min} to ${max}` });

// Messages say what is wanted, never what was given: zod's own would not echo the value, and
// ours must not either.
const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production'], { error: 'must be development, test or production' }).default('development'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'must be one of fatal, error, warn, info, debug, trace, silent' })
    .default('info'),
  PORT: wholeNumber(1, 65535).default(3000),
  // 9464 is where OpenTelemetry's Prometheus exporter listens by default: a known metrics port.
  METRICS_PORT: wholeNumber(1, 65535).default(9464),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL, e.g. postgres://hr@db:5432/hr' }).optional(),
  DATABASE_PASSWORD: z.string().min(1).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// URL, e.g. redis://redis:6379' }).optional(),
  SENTRY_DSN: z.url({ protocol: /^https?$/, error: 'must be a Sentry DSN, e.g. https://key@o1.ingest.sentry.io/2' }).optional(),
  REPORT_DELAY_MS: wholeNumber(0, 600_000).default(2000),
  MIGRATE_ON_START: z.enum(['true', 'false'], { error: 'must be true or false' }).default('true'),
  SHUTDOWN_TIMEOUT_MS: wholeNumber(0, 600_000).default(8000),
  SESSION_SECRET: z.string().min(32, { error: 'must be at least 32 characters, e.g. from `openssl rand -base64 48`' }).optional(),
});

/** Good enough on a laptop, known to everyone who reads this file: never in production. */
const DEVELOPMENT_SESSION_SECRET = 'development-only-session-secret-not-for-production';
const SESSION_SECRET_MISSING = 'SESSION_SECRET: required in production (or SESSION_SECRET_FILE)';

/**
 * The environment with every NAME_FILE replaced by NAME, read from that file. Empty values
 * count as unset, so `PORT=` in a .env file means "the default", as most tools read it.
 */
function resolveSecretFiles(env: NodeJS.ProcessEnv, problems: string[]): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && value !== '') resolved[name] = value;
  for (const name of SECRETS) {
    const file = resolved[`${name}_FILE`];
    if (file === undefined) continue;
    if (resolved[name] !== undefined) {
      problems.push(`${name} and ${name}_FILE: set one of them, not both`);
      continue;
    }
    try {
      // A file written by `echo` or an editor ends with a newline that is not part of the secret.
      resolved[name] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      problems.push(`${name}_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  return resolved;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, { server = false }: { server?: boolean } = {}): Config {
  const problems: string[] = [];
  const resolved = resolveSecretFiles(env, problems);
  const parsed = schema.safeParse(resolved);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')}: ${issue.message}`);
  }
  const url = parsed.data?.DATABASE_URL;
  if (resolved.DATABASE_URL === undefined && !problems.some((p) => p.startsWith('DATABASE_URL'))) {
    problems.push('DATABASE_URL: required (or DATABASE_URL_FILE), e.g. postgres://hr@db:5432/hr');
  }
  if (parsed.success && parsed.data.METRICS_PORT === parsed.data.PORT) {
    problems.push('METRICS_PORT: must differ from PORT, or the metrics would be public again');
  }
  if (server && parsed.success && parsed.data.NODE_ENV === 'production' && parsed.data.SESSION_SECRET === undefined) {
    problems.push(SESSION_SECRET_MISSING);
  }
  if (problems.length > 0 || !parsed.success || url === undefined) throw new ConfigError(problems);

  const vars = parsed.data;
  const databaseUrl = new URL(url);
  if (vars.DATABASE_PASSWORD !== undefined) databaseUrl.password = encodeURIComponent(vars.DATABASE_PASSWORD);
  return {
    nodeEnv: vars.NODE_ENV,
    logLevel: vars.LOG_LEVEL,
    port: vars.PORT,
    metricsPort: vars.METRICS_PORT,
    databaseUrl: databaseUrl.href,
    redisUrl: vars.REDIS_URL,
    sentryDsn: vars.SENTRY_DSN,
    reportDelayMs: vars.REPORT_DELAY_MS,
    migrateOnStart: vars.MIGRATE_ON_START === 'true',
    shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT_MS,
    sessionSecret: vars.SESSION_SECRET ?? (vars.NODE_ENV === 'production' ? undefined : DEVELOPMENT_SESSION_SECRET),
  };
}

/** What the API server reads: loadConfig(), and a session secret, which production must set. */
export function loadServerConfig(env: NodeJS.ProcessEnv = process.env): Config & { sessionSecret: string } {
  const config = loadConfig(env, { server: true });
  // loadConfig has refused a production without one already; this only tells TypeScript.
  if (config.sessionSecret === undefined) throw new ConfigError([SESSION_SECRET_MISSING]);
  return { ...config, sessionSecret: config.sessionSecret };
}
