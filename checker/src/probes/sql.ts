import { run } from '../docker/cli.js';

export interface SqlResult {
  ok: boolean;
  /** Rows as arrays of text, as psql prints them unaligned. */
  rows: string[][];
  error: string;
  /** One line a verdict can show, e.g. `psql: SELECT count(*) FROM pgmigrations -> 3 rows`. */
  transcript: string;
}

/**
 * One SQL statement in a PostgreSQL container, as its own superuser through the psql it ships
 * (the official image and the course's stand-in both have it and POSTGRES_USER/POSTGRES_DB):
 * whatever database the learner's stack uses, the checker reads it without a password.
 */
export async function psql(containerId: string, sql: string, timeoutMs = 20_000): Promise<SqlResult> {
  const res = await run(
    ['exec', containerId, 'sh', '-c', 'psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "${POSTGRES_DB:-$POSTGRES_USER}" -tAF "\t" -c "$0"', sql],
    timeoutMs,
  );
  const rows = res.stdout.split('\n').filter(Boolean).map((l) => l.split('\t'));
  const error = res.ok ? '' : res.stderr.trim() || 'psql failed';
  const shown = sql.replace(/\s+/g, ' ').slice(0, 80);
  return { ok: res.ok, rows, error, transcript: `psql: ${shown} -> ${res.ok ? `${rows.length} row${rows.length === 1 ? '' : 's'}` : error.split('\n')[0]}` };
}
