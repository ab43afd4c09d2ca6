import { run } from '../docker/cli.js';

export interface RedisResult {
  ok: boolean;
  /** redis-cli's raw reply lines. */
  lines: string[];
  error: string;
  transcript: string;
}

/**
 * One Redis command in a Redis container, through the redis-cli it ships, e.g. ['DBSIZE'] or
 * ['TTL', 'schedule:2026-W49']. REDISCLI_AUTH is passed on when the container sets a password.
 */
export async function redisCli(containerId: string, command: string[], timeoutMs = 10_000): Promise<RedisResult> {
  const res = await run(
    // An empty REDISCLI_AUTH still makes redis-cli send AUTH in some modes (--scan): set it only with a password.
    ['exec', containerId, 'sh', '-c', 'if [ -n "${REDIS_PASSWORD:-}" ]; then export REDISCLI_AUTH="$REDIS_PASSWORD"; fi; exec redis-cli --no-raw "$@"', 'redis-cli', ...command],
    timeoutMs,
  );
  const lines = res.stdout.split('\n').filter(Boolean);
  const failed = !res.ok || lines.some((l) => l.startsWith('(error)'));
  const error = failed ? (lines.find((l) => l.startsWith('(error)')) ?? res.stderr.trim()) || 'redis-cli failed' : '';
  return { ok: !failed, lines, error, transcript: `redis-cli ${command.join(' ').slice(0, 80)} -> ${failed ? error : (lines[0] ?? '(empty)')}` };
}

/** A key in Redis and its PTTL in milliseconds (-1: no expiry). */
export interface RedisKey {
  key: string;
  pttl: number;
}

/** Redis's clock and every key's PTTL as one JSON string (an empty list encodes as {}). */
const KEYS_SCRIPT = `local t = redis.call('TIME')
local keys = {}
for _, k in ipairs(redis.call('KEYS', '*')) do keys[#keys + 1] = { k, redis.call('PTTL', k) } end
return cjson.encode({ now = t[1] * 1000 + math.floor(t[2] / 1000), keys = keys })`;

/**
 * Every key in Redis with its PTTL, and Redis's clock, read in one step (one script: no key
 * expires between the listing and its PTTL). For a checker's small Redis only: KEYS walks them all.
 */
export async function redisKeys(containerId: string): Promise<{ nowMs: number; keys: RedisKey[] }> {
  const res = await redisCli(containerId, ['EVAL', KEYS_SCRIPT, '0']);
  // redis-cli quotes the one string the script returns: parse the quoting, then the JSON.
  const line = res.lines[0] ?? '';
  if (!res.ok || !line.startsWith('"')) throw new Error(`the keys in Redis could not be read: ${res.error || line}`);
  const read = JSON.parse(JSON.parse(line) as string) as { now: number; keys: [string, number][] | Record<string, never> };
  return { nowMs: read.now, keys: Array.isArray(read.keys) ? read.keys.map(([key, pttl]) => ({ key, pttl })) : [] };
}
