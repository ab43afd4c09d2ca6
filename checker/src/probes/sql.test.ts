import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type DockerResult } from '../docker/cli.js';
import { configureTestcontainers } from '../docker/containers.js';
import { leftovers } from '../docker/cleanup.js';
import { newRunId } from '../docker/labels.js';
import { startPostgres, type CoursePostgres } from '../fixtures/postgres.js';
import { RunScope } from '../fixtures/run-scope.js';
import { countOf, crashEvidence, explain, planNodes, psql, resetStatements, statementStats, tableScans, untilRecovered } from './sql.js';

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

  it('waits out the recovery after one of its processes died, and can say which one died', async () => {
    // A million rows of WAL since the last checkpoint: about a second of replay, long enough
    // for the first try after the kill to meet the recovering server.
    await sql('CREATE TABLE filler AS SELECT n, md5(n::text) FROM generate_series(1, 1000000) AS n');
    const sleeper = psql(pg.containerId, 'SELECT pg_sleep(30) /* to be killed */');
    let pid = 0;
    while (!pid) pid = await countOf(pg.containerId, "SELECT coalesce(max(pid), 0) FROM pg_stat_activity WHERE query LIKE '%to be killed%' AND pid <> pg_backend_pid()");
    expect((await run(['exec', pg.containerId, 'sh', '-c', `kill -9 ${pid}`])).ok).toBe(true);
    expect((await sleeper).ok).toBe(false);

    const tries: DockerResult[] = [];
    const res = await untilRecovered(async (left) => {
      const r = await run(['exec', pg.containerId, 'sh', '-c', 'psql -U "$POSTGRES_USER" -tAc "SELECT 1"'], left);
      tries.push(r);
      return r;
    }, 20_000);
    expect(res.ok).toBe(true);
    expect(tries[0]?.stderr).toMatch(/not yet accepting connections|in recovery mode|starting up/);
    const evidence = await crashEvidence(pg.containerId);
    expect(evidence.join('\n')).toMatch(new RegExp(`server process \\(PID ${pid}\\) was terminated by signal 9`));
    expect(evidence.join('\n')).toContain('to be killed');
    await sql('DROP TABLE filler');
  }, 60_000);

  // Last: it takes the extension away.
  it('says what is missing: a table that does not exist, a database without pg_stat_statements', async () => {
    await expect(tableScans(pg.containerId, 'no_such_table')).rejects.toThrow('there is no table no_such_table');
    await expect(countOf(pg.containerId, 'SELECT count(*) FROM no_such_table')).rejects.toThrow('no number');
    await sql('DROP EXTENSION pg_stat_statements');
    await expect(statementStats(pg.containerId)).rejects.toThrow(/pg_stat_statements could not be read: .*pg_stat_statements/);
  });
});

describe('a statement refused while PostgreSQL recovers', () => {
  const refused: DockerResult = { ok: false, stdout: '', stderr: 'FATAL:  the database system is not yet accepting connections' };
  const answered: DockerResult = { ok: true, stdout: '1\n', stderr: '' };

  it('is tried again until the server answers', async () => {
    const replies = [refused, refused, answered];
    let tries = 0;
    const res = await untilRecovered(async () => replies[tries++]!, 5000);
    expect(res).toEqual(answered);
    expect(tries).toBe(3);
  });

  it('gives up at the deadline with the refusal, and never retries any other failure', async () => {
    let tries = 0;
    const started = performance.now();
    const res = await untilRecovered(async () => (tries++, refused), 800);
    expect(res).toEqual(refused);
    expect(tries).toBeGreaterThanOrEqual(2);
    expect(performance.now() - started).toBeLessThan(1500);

    const syntax: DockerResult = { ok: false, stdout: '', stderr: 'ERROR:  syntax error at or near "SELEC"' };
    let once = 0;
    expect(await untilRecovered(async () => (once++, syntax), 5000)).toEqual(syntax);
    expect(once).toBe(1);
  });

  it('also waits out what the caller names, such as a container whose server has not started yet', async () => {
    const notStarted: DockerResult = { ok: false, stdout: '', stderr: 'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: No such file or directory' };
    const replies = [notStarted, refused, answered];
    let tries = 0;
    expect(await untilRecovered(async () => replies[tries++]!, 5000, /no such file or directory/i)).toEqual(answered);
    expect(tries).toBe(3);
    let once = 0;
    expect(await untilRecovered(async () => (once++, notStarted), 5000)).toEqual(notStarted);
    expect(once).toBe(1);
  });
});
