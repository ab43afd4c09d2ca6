// The plans the app's own statements ran with, as PostgreSQL's auto_explain logged them: not
// an EXPLAIN the checker re-runs with parameters it guesses, but what happened, with the rows
// each node actually read.
import { setTimeout as sleep } from 'node:timers/promises';
import { containerLog } from '../docker/containers.js';
import { planNodes, psql, type PlanNode } from './sql.js';

export interface LoggedPlan {
  query: string;
  plan: PlanNode;
}

/** Scan nodes carry what they filtered out as well as what they returned. */
export interface ScanNode extends PlanNode {
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
}

/** The JSON plans in a PostgreSQL log: auto_explain writes "plan:" and then the document, each line indented by a tab. */
export function parsePlanLog(log: string): LoggedPlan[] {
  const plans: LoggedPlan[] = [];
  const lines = log.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/\bLOG:\s+duration: [\d.]+ ms\s+plan:\s*$/.test(lines[i]!)) continue;
    const body: string[] = [];
    while (i + 1 < lines.length && lines[i + 1]!.startsWith('\t')) body.push(lines[++i]!.slice(1));
    try {
      const doc = JSON.parse(body.join('\n')) as { 'Query Text'?: string; Plan?: PlanNode };
      if (doc.Plan) plans.push({ query: doc['Query Text'] ?? '', plan: doc.Plan });
    } catch {
      // A plan cut short (the log rotated, the server stopped): not evidence either way.
    }
  }
  return plans;
}

/** Rows a scan of `table` read in one plan: what it returned and what it filtered out, over all its loops. */
export function rowsRead(plan: PlanNode, table: string): number {
  return planNodes(plan)
    .filter((n) => n['Relation Name'] === table)
    .reduce((sum, node) => {
      const n = node as ScanNode;
      const perLoop = (n['Actual Rows'] ?? 0) + (n['Rows Removed by Filter'] ?? 0) + (n['Rows Removed by Index Recheck'] ?? 0);
      return sum + perLoop * (n['Actual Loops'] ?? 1);
    }, 0);
}

async function setLogging(containerId: string, minDurationMs: number): Promise<void> {
  for (const sql of [`ALTER SYSTEM SET auto_explain.log_min_duration = ${minDurationMs}`, 'SELECT pg_reload_conf()']) {
    const res = await psql(containerId, sql);
    if (!res.ok) throw new Error(`auto_explain could not be switched: ${res.error}`);
  }
  // The postmaster reloads on its own time; a new session sees the setting once it has, and
  // the app's sessions take it up before their next statement.
  for (let i = 0; i < 40; i++) {
    const shown = await psql(containerId, 'SHOW auto_explain.log_min_duration');
    // SHOW says 0, -1 or e.g. 250ms.
    if (shown.ok && Number.parseInt(shown.rows[0]?.[0] ?? '', 10) === minDurationMs) return;
    await sleep(50);
  }
  throw new Error('auto_explain did not take its new setting');
}

/**
 * Runs `work` with every statement's plan logged (PostgreSQL started by startPostgres with
 * `statements: true`), and returns the plans logged meanwhile. `work` may ask for the plans
 * logged so far (`logged`), to stop once they already decide. Logging is off again afterwards,
 * whatever happened.
 */
export async function withPlans<T>(containerId: string, work: (logged: () => Promise<LoggedPlan[]>) => Promise<T>): Promise<{ result: T; plans: LoggedPlan[] }> {
  const earlier = parsePlanLog(await containerLog(containerId)).length;
  const logged = async (): Promise<LoggedPlan[]> => parsePlanLog(await containerLog(containerId)).slice(earlier);
  await setLogging(containerId, 0);
  let result: T;
  try {
    result = await work(logged);
  } finally {
    await setLogging(containerId, -1);
  }
  return { result, plans: await logged() };
}
