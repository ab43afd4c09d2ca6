// Checks that put the app under load and judge what its users saw.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import type { CheckContext } from '../../src/exercise.js';
import { containerLog, logTail } from '../../src/docker/containers.js';
import { APP_LOG } from '../../src/fixtures/app-container.js';
import { CLAUSES, joinSaid, say } from '../../src/locale.js';
import { httpFromHost } from '../../src/probes/http.js';
import { runLoad, type LoadReport } from '../../src/probes/load.js';
import { formatDuration, type Reply } from '../../src/probes/reply.js';
import { psql } from '../../src/probes/sql.js';
import { fail, tail } from '../../src/verdict.js';
import { BIG_BODY } from './evidence-checks.js';
import { okJson } from '../../src/probes/json-reply.js';
import { APP_CONNECTIONS, APP_ROLE, WEEK, type PerfStack } from './stack.js';

const SCHEDULE = `/schedule/weekly?week=${WEEK}`;
const LONG_SHIFT = `INSERT INTO shifts (employee_id, starts_at, ends_at, position)
  SELECT min(id), timestamptz '${WEEK}' - interval '2 days', timestamptz '${WEEK}' + interval '6 hours', 'floor' FROM employees`;
/** The starter takes over half a second per schedule: a rate both apps can hold on two cores. */
const LOAD = { ratePerSecond: 1.5, durationMs: 4000, timeoutMs: 20_000 };
const BURST = 50;
/** Marks the checker's locking session, to find it again in pg_stat_activity. */
const HOLDER = 'shipshape-hold';

/**
 * Locks the employees table while the burst arrives: every request then waits in PostgreSQL
 * holding its connection, so a pool opens all it may at once, on a fast machine or a busy one
 * alike. The session releases the lock itself, from inside the database (docker exec is far too
 * slow on a busy machine to time this from outside): once some of the app's connections wait
 * and their number has not changed for 0.3 s (the pool is full, or the server refuses more),
 * after 1.5 s of waiters at most (held longer, it would only test the app's statement
 * timeout), or after 20 s if the burst never comes.
 */
const HOLD = `/* ${HOLDER} */ BEGIN; LOCK TABLE employees IN ACCESS EXCLUSIVE MODE;
DO $$ DECLARE n int; last int := -1; steady int := 0; busy int := 0; BEGIN
  FOR i IN 1..200 LOOP
    PERFORM pg_stat_clear_snapshot();
    SELECT count(*) INTO n FROM pg_stat_activity WHERE usename = '${APP_ROLE}' AND wait_event_type = 'Lock';
    IF n > 0 THEN busy := busy + 1; END IF;
    IF n > 0 AND n = last THEN steady := steady + 1; ELSE steady := 0; END IF;
    EXIT WHEN steady >= 3 OR busy >= 15;
    last := n;
    PERFORM pg_sleep(0.1);
  END LOOP;
END $$; COMMIT`;

/** Starts the locking session; resolves once the lock is held, with the session's end to wait for. */
async function lockEmployees(containerId: string): Promise<Promise<unknown>> {
  let ended = false;
  const holding = psql(containerId, HOLD, 60_000).finally(() => {
    ended = true;
  });
  const deadline = performance.now() + 15_000;
  while (performance.now() < deadline && !ended) {
    const held = await psql(
      containerId,
      "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'employees' AND l.mode = 'AccessExclusiveLock' AND l.granted",
    );
    if (held.ok && held.rows[0]?.[0] === '1') return holding;
    await sleep(50);
  }
  await psql(containerId, `SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query LIKE '%${HOLDER}%' AND pid <> pg_backend_pid()`);
  throw new Error(`the checker could not lock the employees table: ${(await holding).transcript}`);
}

/** What PostgreSQL says when it refuses a connection for want of a slot (the second: an ordinary role's share is full). */
const REFUSED = /sorry, too many clients already|remaining connection slots are reserved/g;

interface Schedule {
  coverage?: unknown;
  shifts?: { id?: unknown }[];
}

/** What must not change: the coverage figures and which shifts the week holds. */
function essence(json: unknown): { coverage: unknown; shifts: unknown[] } {
  const schedule = json as Schedule;
  return { coverage: schedule.coverage, shifts: (schedule.shifts ?? []).map((s) => s.id).sort() };
}

function failures(report: LoadReport): number {
  return report.sent + report.dropped - (report.classes['2xx'] ?? 0);
}

export async function scheduleFaster(stack: PerfStack, ctx: CheckContext): Promise<void> {
  const ratio = ctx.params.ratio ?? 3;
  const [mine, starter] = await Promise.all([stack.mine(), stack.starter()]);
  const expected = say(
    `under load, GET ${SCHEDULE} has a p95 at least ${ratio} times better than the untouched starter's, with the same answer`,
    `负载下 GET ${SCHEDULE} 的 p95 至少比原样的起始代码好 ${ratio} 倍，而且答案相同`,
  );
  // A shift longer than a day, overlapping the week from the Saturday before. A query that
  // counts on shorter shifts must have the schema refuse this one, or it silently drops it.
  const long = await psql(mine.db.containerId, LONG_SHIFT);
  if (long.ok) {
    const same = await psql(starter.db.containerId, LONG_SHIFT);
    if (!same.ok) throw new Error(`the starter's database refused a shift: ${same.error}`);
  }
  const get = (url: string): Promise<Reply> => httpFromHost(url, { timeoutMs: 30_000, maxBodyBytes: BIG_BODY });
  const theirs = essence(okJson(await get(`${starter.app.baseUrl}${SCHEDULE}`), expected).json);
  const yours = essence(okJson(await get(`${mine.app.baseUrl}${SCHEDULE}`), expected).json);
  if (!isDeepStrictEqual(yours, theirs)) {
    const sameShifts = isDeepStrictEqual(yours.shifts, theirs.shifts);
    const differs = say(
      `your schedule answers differently from the starter's: coverage ${JSON.stringify(yours.coverage)} where the starter says ${JSON.stringify(theirs.coverage)}${sameShifts ? '' : ', and a different set of shifts'}`,
      `你的排班给出的答案和起始代码不一样：覆盖情况是 ${JSON.stringify(yours.coverage)}，起始代码给的是 ${JSON.stringify(theirs.coverage)}${sameShifts ? '' : '，班次集合也不同'}`,
    );
    if (!long.ok) fail(expected, differs);
    const longShift = say(
      'the checker added a 54-hour shift from the Saturday before, which your schema accepted: a query that counts on shifts of a day at most needs a constraint that makes it so',
      '检查器加了一个从前一个周六开始、长达 54 小时的班次，你的表结构接受了它：查询要依赖“班次最长一天”，就得有约束来保证这一点',
    );
    fail(expected, joinSaid([differs, longShift], CLAUSES));
  }
  // One after the other: side by side, each would slow the other down on a small machine.
  ctx.progress(say('timing the untouched starter under load…', '正在测量原样的起始代码在负载下的耗时…'));
  const before = await runLoad({ url: `${starter.app.baseUrl}${SCHEDULE}`, ...LOAD });
  ctx.progress(say('timing yours under the same load…', '正在用同样的负载测量你的应用…'));
  const after = await runLoad({ url: `${mine.app.baseUrl}${SCHEDULE}`, ...LOAD });
  if (failures(after) > 0 || !after.latency) {
    fail(expected, say(`yours failed requests under load: ${after.summary()}`, `你的应用在负载下有请求失败：${after.summary()}`));
  }
  if (!before.latency) throw new Error(`the untouched starter answered nothing under load: ${before.summary()}`);
  const gain = before.latency.p95 / after.latency.p95;
  const en = `p95 ${formatDuration(after.latency.p95)} against the starter's ${formatDuration(before.latency.p95)}`;
  const zh = `p95 为 ${formatDuration(after.latency.p95, 'zh-Hans')}，起始代码为 ${formatDuration(before.latency.p95, 'zh-Hans')}`;
  if (gain < 1) fail(expected, say(`${en}: ${(1 / gain).toFixed(1)} times slower`, `${zh}：反而慢了 ${(1 / gain).toFixed(1)} 倍`));
  if (gain < ratio) fail(expected, say(`${en}: ${gain.toFixed(1)} times better`, `${zh}：只好了 ${gain.toFixed(1)} 倍`));
  ctx.progress(say(`${en}: ${gain.toFixed(0)} times better`, `${zh}：好了 ${gain.toFixed(0)} 倍`));
}

/** How many connections the app's role holds right now, or undefined when the checker could not ask. */
async function connections(containerId: string): Promise<number | undefined> {
  const res = await psql(containerId, `SELECT count(*) FROM pg_stat_activity WHERE usename = '${APP_ROLE}'`, 5000);
  const count = Number(res.rows[0]?.[0]);
  return res.ok && Number.isFinite(count) ? count : undefined;
}

export async function poolBounded(stack: PerfStack): Promise<void> {
  const { app, db } = await stack.mine();
  const expected = say(
    `${BURST} GET /employees arriving while the table is locked all answered 200, and PostgreSQL never refused a connection (it allows your app ${APP_CONNECTIONS})`,
    `在 employees 表被锁住期间到达的 ${BURST} 个 GET /employees 全部返回 200，PostgreSQL 从未拒绝连接（它允许你的应用开 ${APP_CONNECTIONS} 个）`,
  );
  const refusedBefore = (await containerLog(db.containerId)).match(REFUSED)?.length ?? 0;
  let peak = 0;
  let done = false;
  const sampling = (async () => {
    while (!done) peak = Math.max(peak, (await connections(db.containerId)) ?? 0);
  })();
  const holding = await lockEmployees(db.containerId);
  const replies = await Promise.all(Array.from({ length: BURST }, () => httpFromHost(`${app.baseUrl}/employees`, { timeoutMs: 20_000, maxBodyBytes: BIG_BODY })));
  await holding;
  done = true;
  await sampling;
  const refused = ((await containerLog(db.containerId)).match(REFUSED)?.length ?? 0) - refusedBefore;
  const outcomes = new Map<string, number>();
  for (const r of replies) {
    const key = r.ok ? String(r.status) : r.error;
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  }
  const failed = replies.filter((r) => !r.ok || r.status !== 200).length;
  const tally = [...outcomes].map(([k, n]) => `${n} x ${k}`).join(', ');
  const peakText = say(`the app held up to ${peak} connections`, `应用最多同时占用 ${peak} 个连接`);
  if (refused > 0) {
    fail(
      expected,
      say(
        `PostgreSQL refused ${refused} connection${refused === 1 ? '' : 's'} ("too many clients"); ${peakText.en}; the replies: ${tally}`,
        `PostgreSQL 拒绝了 ${refused} 个连接（"too many clients"）；${peakText['zh-Hans']}；响应情况：${tally}`,
      ),
    );
  }
  if (failed > 0) {
    // What the app said about them: a pool that timed out waiting, a query cancelled…
    const log = { title: APP_LOG, lines: tail(await logTail(app.container.getId(), 40), 12) };
    fail(expected, say(`${failed} of ${BURST} failed (${tally}); ${peakText.en}`, `${BURST} 个请求中有 ${failed} 个失败（${tally}）；${peakText['zh-Hans']}`), log);
  }
}
