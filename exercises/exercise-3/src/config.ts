// Exercise 3: configuration that fails fast.
//
// Configuration comes from the environment, read once at start-up. Today this module stops at
// the first problem it meets, lets a malformed DATABASE_URL or LOG_LEVEL through, and knows
// nothing of secret files. Rewrite loadConfig() so that (the exercise page has the details):
//
// TODO 1. Every variable below is checked before anything connects or listens: PORT a whole
//         number from 1 to 65535, DATABASE_URL a postgres:// URL (required), REDIS_URL a
//         redis:// URL, LOG_LEVEL one of fatal|error|warn|info|debug|trace|silent (default
//         info), NODE_ENV one of development|test|production (default development),
//         MIGRATE_ON_START true|false, the *_MS values whole numbers of 0 or more.
// TODO 2. All problems are collected and thrown as ONE error that names every bad variable.
// TODO 3. No message ever contains a value: say what is wrong, not what was given.
// TODO 4. Each secret (DATABASE_URL, DATABASE_PASSWORD, REDIS_URL) may come from a file named
//         by NAME_FILE instead (Docker secrets); drop the file's trailing newline.
// TODO 5. DATABASE_PASSWORD, when set, replaces the password in DATABASE_URL.
//
// zod is installed (import { z } from 'zod'); validating by hand is just as good.

export interface Config {
  nodeEnv: 'development' | 'test' | 'production';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  port: number;
  /** The connection string, with DATABASE_PASSWORD (if given) already in it. */
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
    throw new Error(`${name} must be a non-negative integer`);
  }
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error('DATABASE_URL is not set (for example postgres://hr@db:5432/hr)');
  }
  return {
    nodeEnv: env.NODE_ENV === 'production' ? 'production' : 'development',
    logLevel: 'info',
    port: integer('PORT', 3000, env),
    databaseUrl,
    redisUrl: env.REDIS_URL || undefined,
    reportDelayMs: integer('REPORT_DELAY_MS', 2000, env),
    migrateOnStart: env.MIGRATE_ON_START !== 'false',
    shutdownTimeoutMs: integer('SHUTDOWN_TIMEOUT_MS', 8000, env),
  };
}
