// Configuration by hand: every rule written out, every problem collected, no library.
import { readFileSync } from 'node:fs';

export interface Config {
  nodeEnv: 'development' | 'test' | 'production';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  port: number;
  databaseUrl: string;
  redisUrl: string | undefined;
  reportDelayMs: number;
  migrateOnStart: boolean;
  shutdownTimeoutMs: number;
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const ENVS = ['development', 'test', 'production'] as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const errors: string[] = [];
  const get = (name: string): string | undefined => {
    const direct = env[name] || undefined;
    const file = env[`${name}_FILE`] || undefined;
    if (direct !== undefined && file !== undefined) errors.push(`${name}/${name}_FILE: only one of the two may be set`);
    if (file === undefined) return direct;
    try {
      return readFileSync(file, 'utf8').trimEnd();
    } catch {
      errors.push(`${name}_FILE: the file cannot be read`);
      return undefined;
    }
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) errors.push(`${name} should be an integer between ${min} and ${max}`);
    return n;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = get(name) ?? fallback;
    if (!(allowed as readonly string[]).includes(raw)) errors.push(`${name} should be one of: ${allowed.join(', ')}`);
    return raw as T;
  };
  const url = (name: string, protocols: string[]): URL | undefined => {
    const raw = get(name);
    if (raw === undefined) return undefined;
    try {
      const parsed = new URL(raw);
      if (protocols.includes(parsed.protocol)) return parsed;
    } catch {
      // reported below, without the value
    }
    errors.push(`${name} should be a ${protocols[0]}// URL`);
    return undefined;
  };

  const nodeEnv = oneOf('NODE_ENV', ENVS, 'development');
  const logLevel = oneOf('LOG_LEVEL', LEVELS, 'info');
  const port = int('PORT', 3000, 1, 65535);
  const database = url('DATABASE_URL', ['postgres:', 'postgresql:']);
  if (!database && !errors.some((e) => e.startsWith('DATABASE_URL'))) errors.push('DATABASE_URL is required');
  const password = get('DATABASE_PASSWORD');
  const redis = url('REDIS_URL', ['redis:', 'rediss:']);
  const reportDelayMs = int('REPORT_DELAY_MS', 2000, 0, 600_000);
  const shutdownTimeoutMs = int('SHUTDOWN_TIMEOUT_MS', 8000, 0, 600_000);
  const migrate = oneOf('MIGRATE_ON_START', ['true', 'false'], 'true');

  if (errors.length > 0 || !database) throw new Error(`configuration is not valid:\n${errors.map((e) => `  * ${e}`).join('\n')}`);
  if (password !== undefined) database.password = encodeURIComponent(password);
  return {
    nodeEnv,
    logLevel,
    port,
    databaseUrl: database.toString(),
    redisUrl: redis?.toString(),
    reportDelayMs,
    migrateOnStart: migrate === 'true',
    shutdownTimeoutMs,
  };
}
