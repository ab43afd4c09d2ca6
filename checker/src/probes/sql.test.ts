import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureTestcontainers } from '../docker/containers.js';
import { leftovers } from '../docker/cleanup.js';
import { newRunId } from '../docker/labels.js';
import { startPostgres, type CoursePostgres } from '../fixtures/postgres.js';
import { RunScope } from '../fixtures/run-scope.js';
import { countOf, explain, planNodes, psql, resetStatements, statementStats, tableScans } from './sql.js';

configureTestcontainers();

// PostgreSQL's own evidence, read the way Stage 4's checks read it: what ran, how often, and
// which scans a table saw, on a table big enough for the planner to care about an index.
describe('PostgreSQL evidence', () => {
  const scope = new RunScope(newRunId());
  let pg: CoursePostgres;
  const sql = async (statement: string): Promise<void> => {
    const res = await psql(pg.containerId, statement);
    expect(res.error).toBe('');
  };

  beforeAll(async () => {
    pg = await startPostgres(scope, { statements: true });
    await sql(`CREATE TABLE shifts AS
                 SELECT n AS id, timestamptz '2026-01-05' + n * interval '20 minutes' AS starts_at
                   FROM generate_series(1, 20000) AS n`);
    await sql('ANALYZE shifts');
  }, 90_000);
  afterAll(async () => {
    await scope.close();
    expect(await leftovers(scope.runId)).toEqual([]);
  }, 60_000);

  const weekly = "SELECT count(*) FROM shifts WHERE starts_at >= timestamptz '2026-03-02' AND starts_at < timestamptz '2026-03-09'";

  it('counts one normalised statement per query shape, whatever its constants', async () => {
    await resetStatements(pg.containerId);
    for (const day of ['02', '09', '16']) await sql(`SELECT id FROM shifts WHERE starts_at >= timestamptz '2026-03-${day}' LIMIT 5`);
    const stats = await statementStats(pg.containerId);
    const shape = stats.find((s) => s.query.includes('FROM shifts WHERE starts_at >='));
    expect(shape).toMatchObject({ calls: 3, rows: 15 });
    expect(shape?.query).toContain('$1');
    expect(stats.some((s) => s.query.includes('pg_stat_statements'))).toBe(false);
  });

  it('sees the planner move from a whole-table scan to an index, whatever the index is called', async () => {
    const before = planNodes(await explain(pg.containerId, weekly));
    expect(before.find((n) => n['Relation Name'] === 'shifts')?.['Node Type']).toBe('Seq Scan');
    const scansBefore = await tableScans(pg.containerId, 'shifts');
    await sql(weekly);
    const scanned = await tableScans(pg.containerId, 'shifts');
    expect(scanned.seqScans).toBe(scansBefore.seqScans + 1);
    const table = await countOf(pg.containerId, 'SELECT count(*) FROM shifts');
    expect(table).toBeGreaterThan(0);
    expect(scanned.rowsRead - scansBefore.rowsRead).toBe(table);

    await sql('CREATE INDEX shifts_by_start ON shifts (starts_at)');
    const after = planNodes(await explain(pg.containerId, weekly, { analyze: true }));
    const scan = after.find((n) => n['Index Name'] === 'shifts_by_start');
    expect(scan?.['Node Type']).toMatch(/Index/);
    const counted = await tableScans(pg.containerId, 'shifts');
    await sql(weekly);
    const now = await tableScans(pg.containerId, 'shifts');
    expect(now.seqScans).toBe(counted.seqScans);
    expect(now.indexScans.shifts_by_start).toBeGreaterThan(counted.indexScans.shifts_by_start ?? 0);
    // Through the index, the week's rows only.
    expect(now.rowsRead - counted.rowsRead).toBeGreaterThan(0);
    expect(now.rowsRead - counted.rowsRead).toBeLessThan(table / 2);
  });

  // Last: it takes the extension away.
  it('says what is missing: a table that does not exist, a database without pg_stat_statements', async () => {
    await expect(tableScans(pg.containerId, 'no_such_table')).rejects.toThrow('there is no table no_such_table');
    await expect(countOf(pg.containerId, 'SELECT count(*) FROM no_such_table')).rejects.toThrow('no number');
    await sql('DROP EXTENSION pg_stat_statements');
    await expect(statementStats(pg.containerId)).rejects.toThrow(/pg_stat_statements could not be read: .*pg_stat_statements/);
  });
});
