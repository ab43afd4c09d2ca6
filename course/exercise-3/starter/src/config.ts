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
// 待办 1. 在建立任何连接、开始监听之前，先检查下面的每一个变量：PORT 是 1 到 65535 之间的整数；
//         DATABASE_URL 是 postgres:// 开头的 URL（必填）；REDIS_URL 是 redis:// 开头的 URL；
//         LOG_LEVEL 取 fatal|error|warn|info|debug|trace|silent 之一（默认 info）；NODE_ENV 取
//         development|test|production 之一（默认 development）；MIGRATE_ON_START 取 true|false；
//         所有 *_MS 的值都是大于或等于 0 的整数。
// TODO 2. All problems are collected and thrown as ONE error that names every bad variable.
// 待办 2. 把发现的问题全部收集起来，只抛出一个错误，并在错误信息里列出每一个有问题的变量。
// TODO 3. No message ever contains a value: say what is wrong, not what was given.
// 待办 3. 任何错误信息都不能包含变量的值：只说哪里不对，不要复述传进来的内容。
// TODO 4. Each secret (DATABASE_URL, DATABASE_PASSWORD, REDIS_URL) may come from a file named
//         by NAME_FILE instead (Docker secrets); drop the file's trailing newline.
// 待办 4. 每个密钥（DATABASE_URL、DATABASE_PASSWORD、REDIS_URL）也可以改从 NAME_FILE 指定的文件中
//         读取（Docker secrets）；要去掉文件末尾的换行符。
// TODO 5. DATABASE_PASSWORD, when set, replaces the password in DATABASE_URL.
// 待办 5. 如果设置了 DATABASE_PASSWORD，就用它替换 DATABASE_URL 里的密码。
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
