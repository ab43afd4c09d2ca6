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
