// Checks that read PostgreSQL's own evidence of what the app asked: the plans its statements
// ran with (auto_explain) and how often each ran (pg_stat_statements). Whatever the code looks like, the database saw what it saw.
import { say } from '../../src/locale.js';
import { withPlans, rowsRead, type LoggedPlan } from '../../src/probes/plans.js';
import { countOf, planNodes, psql, resetStatements, statementStats, type PlanNode } from '../../src/probes/sql.js';
import { fail } from '../../src/verdict.js';
import { okJson } from '../../src/probes/json-reply.js';
import { BIG_BODY, WEEK, type PerfStack } from './stack.js';

/** How many schedules the plans are logged for. */
const SCHEDULES = 3;
/** Queries one GET /shifts may run: one with a join, or two (shifts, then their employees' names), and one to spare. */
const MAX_QUERIES = 3;

/** A schedule may read this many times the week's shifts: the week, the day before it, and a second query. */
const ROWS_PER_WEEK = 4;

/** How a plan reads shifts, in the words of EXPLAIN: "Seq Scan", "Index Scan using shifts_starts_at"… */
function scansOfShifts(plans: LoggedPlan[]): string[] {
  const scans = plans.flatMap((p) => planNodes(p.plan)).filter((n) => n['Relation Name'] === 'shifts');
  const using = (n: PlanNode): string[] => planNodes(n).flatMap((m) => (m['Index Name'] ? [m['Index Name']] : []));
  return [...new Set(scans.map((n) => (using(n).length ? `${n['Node Type']} using ${using(n).join(' + ')}` : n['Node Type'])))];
}

export async function scheduleIndex(stack: PerfStack): Promise<void> {
  const { app, db } = await stack.mine();
  const week = await weekShifts(db.containerId);
  const table = await tableRows(db.containerId);
  const limit = ROWS_PER_WEEK * week;
  const expected = say(
    `each weekly schedule finds the week's ${week} shifts through an index, reading at most ${limit} rows of shifts (the table holds ${table}), with no Seq Scan`,
    `每次周排班都通过索引找到本周的 ${week} 个班次，最多读取 shifts 的 ${limit} 行（整张表有 ${table} 行），没有 Seq Scan`,
  );
  const indexes = await countOf(db.containerId, "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE c.relname = 'shifts' AND NOT i.indisprimary");
  if (indexes === 0) {
    fail(expected, say('shifts has no index but its primary key after your migrations ran: add one in a new migration in migrations/', '你的迁移执行完后，shifts 表上除了主键之外没有任何索引：在 migrations/ 里新建一个迁移来添加'));
  }
  const readsShifts = (p: LoggedPlan): boolean => rowsRead(p.plan, 'shifts') > 0 || scansOfShifts([p]).length > 0;
  const rowsOf = (plans: LoggedPlan[]): number => plans.reduce((sum, p) => sum + rowsRead(p.plan, 'shifts'), 0);
  // A schedule that reads shifts badly takes seconds each: once the plans so far fail the
  // check whatever the next schedules read (a Seq Scan, or more rows than all of them may read
  // together), it is judged on those.
  const { result: schedules, plans } = await withPlans(db.containerId, async (logged) => {
    for (let i = 1; ; i++) {
      const reply = await stack.get(app, `/schedule/weekly?week=${WEEK}`, { timeoutMs: 30_000, maxBodyBytes: BIG_BODY });
      if (!reply.ok && reply.kind === 'timeout') {
        fail(
          expected,
          say(
            `GET /schedule/weekly?week=${WEEK} gave no answer within 30 s: slower than the starter. With an index on starts_at but the starter's coverage query, PostgreSQL walks the index once per slot; EXPLAIN ANALYZE shows it`,
            `GET /schedule/weekly?week=${WEEK} 30 秒内没有应答：比起始代码还慢。有了 starts_at 上的索引、覆盖率查询却还是起始代码那一条时，PostgreSQL 会为每个时间段走一遍索引；EXPLAIN ANALYZE 能看出来`,
          ),
        );
      }
      okJson(reply, expected);
      if (i === SCHEDULES) return i;
      const sofar = (await logged()).filter(readsShifts);
      if (scansOfShifts(sofar).includes('Seq Scan') || rowsOf(sofar) > SCHEDULES * limit) return i;
    }
  });
  const reading = plans.filter(readsShifts);
  if (reading.length === 0) fail(expected, say("PostgreSQL logged no plan that reads shifts: do the schedule's queries read it?", 'PostgreSQL 没有记录到任何读取 shifts 的执行计划：排班的查询到底有没有读这张表？'));
  const rows = Math.round(rowsOf(reading) / schedules);
  const scans = scansOfShifts(reading);
  const how = scans.join(', ');
  if (scans.includes('Seq Scan')) {
    fail(
      expected,
      say(
        `PostgreSQL read shifts by ${how}: ${rows} rows per schedule; run the schedule's queries under EXPLAIN ANALYZE and see which one has the Seq Scan`,
        `PostgreSQL 用 ${how} 读取 shifts：每次排班读 ${rows} 行；用 EXPLAIN ANALYZE 跑一遍排班的查询，看是哪一条出现了 Seq Scan`,
      ),
    );
  }
  if (rows > limit) {
    fail(
      expected,
      say(
        `PostgreSQL read shifts by ${how}, but ${rows} rows per schedule: the index is walked over a range open on one side (everything before the week's end), nearly the whole table`,
        `PostgreSQL 用 ${how} 读取 shifts，但每次排班要读 ${rows} 行：索引扫描的范围只有一侧有界（本周结束之前的全部），几乎就是整张表`,
      ),
    );
  }
}

const weekShifts = (containerId: string): Promise<number> =>
  countOf(containerId, `SELECT count(*) FROM shifts WHERE starts_at < date '${WEEK}' + 7 AND ends_at > date '${WEEK}'`);

const tableRows = (containerId: string): Promise<number> => countOf(containerId, 'SELECT count(*) FROM shifts');

interface ShiftItem {
  id?: unknown;
  employeeName?: unknown;
}

export async function noNPlusOne(stack: PerfStack): Promise<void> {
  const { app, db } = await stack.mine();
  const expected = say(
    `one GET /shifts?week=${WEEK} runs at most ${MAX_QUERIES} queries on shifts and employees, and names each shift's employee`,
    `一次 GET /shifts?week=${WEEK} 对 shifts 和 employees 最多执行 ${MAX_QUERIES} 条查询，并给每个班次带上员工姓名`,
  );
  const names = await psql(
    db.containerId,
    `SELECT s.id, e.name FROM shifts s JOIN employees e ON e.id = s.employee_id WHERE s.starts_at >= date '${WEEK}' AND s.starts_at < date '${WEEK}' + 7`,
  );
  if (!names.ok) throw new Error(`the week's shifts could not be read: ${names.error}`);
  const nameOf = new Map(names.rows.map(([id, name]) => [Number(id), name]));

  await resetStatements(db.containerId);
  const { reply, json } = okJson(await stack.get(app, `/shifts?week=${WEEK}`, { timeoutMs: 30_000, maxBodyBytes: BIG_BODY }), expected);
  const calls = (await statementStats(db.containerId)).filter((s) => /\b(shifts|employees)\b/i.test(s.query));
  const total = calls.reduce((sum, s) => sum + s.calls, 0);

  if (!Array.isArray(json)) fail(expected, say(`${reply.transcript}, but its body is not a list of shifts`, `${reply.transcript}，但响应体不是班次列表`));
  const items = json as ShiftItem[];
  const wrong = items.find((item) => typeof item.id !== 'number' || nameOf.get(item.id) !== item.employeeName);
  if (items.length !== nameOf.size || wrong) {
    const shown = wrong ? JSON.stringify({ id: wrong.id, employeeName: wrong.employeeName }) : '';
    fail(
      expected,
      say(
        `it answered ${items.length} shifts where the week has ${nameOf.size}${wrong ? `, and ${shown} does not name the shift's employee (${String(nameOf.get(Number(wrong.id)))})` : ''}: the answer must stay the same`,
        `它返回了 ${items.length} 个班次，而这一周有 ${nameOf.size} 个${wrong ? `，并且 ${shown} 没有写对该班次的员工姓名（${String(nameOf.get(Number(wrong.id)))}）` : ''}：响应内容必须保持不变`,
      ),
    );
  }
  if (total > MAX_QUERIES) {
    const top = calls[0]!;
    const query = top.query.replace(/\s+/g, ' ').slice(0, 100);
    fail(
      expected,
      say(
        `it ran ${total} queries for ${items.length} shifts; PostgreSQL counted \`${query}\` ${top.calls} times`,
        `为了 ${items.length} 个班次，它执行了 ${total} 条查询；PostgreSQL 统计到 \`${query}\` 执行了 ${top.calls} 次`,
      ),
    );
  }
}
