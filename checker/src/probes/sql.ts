import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { run, type DockerResult } from '../docker/cli.js';
import { logTail } from '../docker/containers.js';

export interface SqlResult {
  ok: boolean;
  /** Rows as arrays of text, as psql prints them unaligned. */
  rows: string[][];
  error: string;
  /** One line a verdict can show, e.g. `psql: SELECT count(*) FROM pgmigrations -> 3 rows`. */
  transcript: string;
}

/**
 * What PostgreSQL answers a new connection while it starts, or while it recovers after one of its
 * processes died (the postmaster then restarts them all): worth waiting out, as the statement
 * never ran. A learner's database that was just restarted says it; so does one whose image runs
 * the postmaster as PID 1 when an orphaned client exits badly (see fixtures/postgres.ts).
 */
const RECOVERING = /the database system is (?:starting up|not yet accepting connections|in recovery mode)/;

/** How often a connection refused for recovery is tried again. */
const RECOVERY_POLL_MS = 250;

/** The lines of a PostgreSQL log that say one of its processes died: why it was recovering. */
export async function crashEvidence(containerId: string): Promise<string[]> {
  // auto_explain may have logged many lines of plans since.
  const log = await logTail(containerId, 5000);
  return log.split('\n').filter((l) => /terminated by signal|exited with exit code [^01]|PANIC|Failed process was running/.test(l));
}

/**
 * Runs `attempt` until it ends with anything but a refusal for recovery (or what `alsoWaitOut`
 * matches), or until the deadline; each try gets what is left of the time, at least a second.
 */
export async function untilRecovered(attempt: (timeoutMs: number) => Promise<DockerResult>, timeoutMs: number, alsoWaitOut?: RegExp): Promise<DockerResult> {
  const deadline = performance.now() + timeoutMs;
  const worthWaiting = (stderr: string): boolean => RECOVERING.test(stderr) || (alsoWaitOut?.test(stderr) ?? false);
  for (;;) {
    const res = await attempt(Math.max(1000, deadline - performance.now()));
    if (res.ok || !worthWaiting(res.stderr) || performance.now() + RECOVERY_POLL_MS >= deadline) return res;
    await sleep(RECOVERY_POLL_MS);
  }
}

/**
 * One SQL statement in a PostgreSQL container, as its own superuser through the psql it ships
 * (the official image and the course's stand-in both have it and POSTGRES_USER/POSTGRES_DB):
 * whatever database the learner's stack uses, the checker reads it without a password. A server
 * still starting or recovering is waited for within `timeoutMs`; if it never comes back, the
 * error says which of its processes died. `alsoWaitOut` names more errors to wait out, such as
 * those of a container whose server has not started at all yet.
 */
export async function psql(containerId: string, sql: string, timeoutMs = 20_000, alsoWaitOut?: RegExp): Promise<SqlResult> {
  // `exec`: psql replaces the shell, so it never outlives it as an orphan that the postmaster,
  // PID 1 in the official image, would reap (and count as a crash if it exits with 2).
  const res = await untilRecovered(
    (left) => run(['exec', containerId, 'sh', '-c', 'exec psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "${POSTGRES_DB:-$POSTGRES_USER}" -tAF "\t" -c "$0"', sql], left),
    timeoutMs,
    alsoWaitOut,
  );
  const rows = res.stdout.split('\n').filter(Boolean).map((l) => l.split('\t'));
  let error = res.ok ? '' : res.stderr.trim() || 'psql failed';
  if (RECOVERING.test(error)) error = [error, ...(await crashEvidence(containerId))].join('\n');
  const shown = sql.replace(/\s+/g, ' ').slice(0, 80);
  return { ok: res.ok, rows, error, transcript: `psql: ${shown} -> ${res.ok ? `${rows.length} row${rows.length === 1 ? '' : 's'}` : error.split('\n')[0]}` };
}

/** The number a `SELECT count(*) …` (or any one-number query) answers; throws when it cannot be read. */
export async function countOf(containerId: string, select: string, timeoutMs = 20_000): Promise<number> {
  const res = await psql(containerId, select, timeoutMs);
  const n = Number(res.rows[0]?.[0]);
  if (!res.ok || !Number.isFinite(n)) throw new Error(`${res.transcript}: no number`);
  return n;
}

/** One query as PostgreSQL's pg_stat_statements counted it since the last reset. */
export interface StatementStat {
  /** Normalised: constants replaced by $1, $2…, so one route's query is one entry. */
  query: string;
  calls: number;
  rows: number;
  meanMs: number;
}

/** What the checker itself asks, left out of the app's statements. */
const OWN_QUERIES = /pg_stat_statements|pg_stat_user_|pg_catalog\.|^\s*(?:BEGIN|COMMIT|ROLLBACK|SET|SHOW|DISCARD|RESET)\b/i;

/** psql's output put back together: JSON that psql split at its tabs and newlines. */
function outputText(res: SqlResult): string {
  return res.rows.map((r) => r.join('\t')).join('\n');
}

/** One row of JSON from psql: the way to read text that may hold tabs and newlines. */
async function jsonRows<T>(containerId: string, select: string): Promise<{ ok: true; rows: T[] } | { ok: false; error: string }> {
  const res = await psql(containerId, `SELECT coalesce(json_agg(t), '[]'::json) FROM (${select}) t`);
  if (!res.ok) return { ok: false, error: res.error };
  return { ok: true, rows: JSON.parse(outputText(res) || '[]') as T[] };
}

/**
 * The statements the database ran since `resetStatements`, most called first, without the
 * checker's own. Needs a PostgreSQL started with pg_stat_statements (startPostgres
 * `statements: true`); counts are current as soon as a statement ends.
 */
export async function statementStats(containerId: string): Promise<StatementStat[]> {
  const res = await jsonRows<{ query: string; calls: number; rows: number; mean_ms: number }>(
    containerId,
    'SELECT query, calls, rows, mean_exec_time AS mean_ms FROM pg_stat_statements ORDER BY calls DESC, query',
  );
  if (!res.ok) throw new Error(`pg_stat_statements could not be read: ${res.error}`);
  return res.rows.filter((r) => !OWN_QUERIES.test(r.query)).map((r) => ({ query: r.query, calls: r.calls, rows: r.rows, meanMs: r.mean_ms }));
}

export async function resetStatements(containerId: string): Promise<void> {
  const res = await psql(containerId, 'SELECT pg_stat_statements_reset()');
  if (!res.ok) throw new Error(`pg_stat_statements could not be reset: ${res.error}`);
}

/** How a table was read: whole-table scans, index scans per index, and the rows either returned. */
export interface TableScans {
  seqScans: number;
  indexScans: Record<string, number>;
  /**
   * Rows read from the table, by whole-table scans and through any index (bitmap scans
   * included): an index scan over a range open on one side reads as much as a Seq Scan.
   */
  rowsRead: number;
}

/**
 * Scan counters of one table, whichever index the learner named. Other sessions report their
 * counts when they go idle, at most once a second: read after a pause, not right after a request.
 */
export async function tableScans(containerId: string, table: string): Promise<TableScans> {
  const name = table.replace(/'/g, "''");
  const res = await jsonRows<{ seq: number; rows: number; index: string | null; idx: number | null }>(
    containerId,
    `SELECT t.seq_scan AS seq, t.seq_tup_read + coalesce(t.idx_tup_fetch, 0) AS rows, i.indexrelname AS index, i.idx_scan AS idx
       FROM pg_stat_user_tables t LEFT JOIN pg_stat_user_indexes i ON i.relid = t.relid
      WHERE t.relname = '${name}'`,
  );
  if (!res.ok) throw new Error(`the scans of ${table} could not be read: ${res.error}`);
  if (res.rows.length === 0) throw new Error(`there is no table ${table}`);
  const indexScans = Object.fromEntries(res.rows.filter((r) => r.index !== null).map((r) => [r.index!, r.idx ?? 0]));
  return { seqScans: res.rows[0]!.seq, indexScans, rowsRead: res.rows[0]!.rows };
}

/** A node of an EXPLAIN (FORMAT JSON) plan, as much of it as checks read. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  Plans?: PlanNode[];
}

/** Every node of a plan, depth first: "which scan reads shifts" is a search, not a path. */
export function planNodes(root: PlanNode): PlanNode[] {
  return [root, ...(root.Plans ?? []).flatMap(planNodes)];
}

/** The plan PostgreSQL chooses for a statement (ANALYZE: and runs it, with actual rows). */
export async function explain(containerId: string, sql: string, { analyze = false } = {}): Promise<PlanNode> {
  const res = await psql(containerId, `EXPLAIN (FORMAT JSON${analyze ? ', ANALYZE' : ''}) ${sql}`);
  if (!res.ok) throw new Error(`EXPLAIN failed: ${res.error}`);
  const [document] = JSON.parse(outputText(res)) as [{ Plan: PlanNode }];
  return document.Plan;
}
