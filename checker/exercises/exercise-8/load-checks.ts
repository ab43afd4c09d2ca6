// Checks that put the app under load and judge what its users saw.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import type { CheckContext } from '../../src/exercise.js';
import { containerLog } from '../../src/docker/containers.js';
import { say } from '../../src/locale.js';
import { httpFromHost } from '../../src/probes/http.js';
import { runLoad, type LoadReport } from '../../src/probes/load.js';
import { formatDuration, type Reply } from '../../src/probes/reply.js';
import { psql } from '../../src/probes/sql.js';
import { fail } from '../../src/verdict.js';
import { BIG_BODY } from './evidence-checks.js';
import { okJson } from './replies.js';
import { APP_CONNECTIONS, APP_ROLE, WEEK, type PerfStack } from './stack.js';

const SCHEDULE = `/schedule/weekly?week=${WEEK}`;
/** The starter takes over half a second per schedule: a rate both apps can hold on two cores. */
const LOAD = { ratePerSecond: 1.5, durationMs: 4000, timeoutMs: 20_000 };
const BURST = 50;
/**
 * How long the checker keeps the employees table locked once the burst is sent: every request
 * then waits in PostgreSQL holding its connection, so a pool opens all it may at once, on a
 * fast machine or a busy one alike.
 */
const HOLD_MS = 1000;
/** Marks the checker's locking session, to find it again in pg_stat_activity. */
const HOLDER = 'shipshape-hold';

/**
 * Locks the employees table in a transaction of its own; resolves once the lock is held, with
 * the function that releases it (it cancels the transaction, so it never outlasts the check).
 */
async function lockEmployees(containerId: string): Promise<() => Promise<void>> {
  let ended = false;
  const holding = psql(containerId, `/* ${HOLDER} */ BEGIN; LOCK TABLE employees IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(60); COMMIT`, 70_000).finally(() => {
    ended = true;
  });
  const release = async (): Promise<void> => {
    await psql(containerId, `SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query LIKE '%${HOLDER}%' AND pid <> pg_backend_pid()`);
    await holding;
  };
  const deadline = performance.now() + 15_000;
  while (performance.now() < deadline && !ended) {
    const held = await psql(
      containerId,
      "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'employees' AND l.mode = 'AccessExclusiveLock' AND l.granted",
    );
    if (held.ok && held.rows[0]?.[0] === '1') return release;
    await sleep(50);
  }
  await release();
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
  const get = (url: string): Promise<Reply> => httpFromHost(url, { timeoutMs: 30_000, maxBodyBytes: BIG_BODY });
  const theirs = essence(okJson(await get(`${starter.app.baseUrl}${SCHEDULE}`), expected).json);
  const yours = essence(okJson(await get(`${mine.app.baseUrl}${SCHEDULE}`), expected).json);
  if (!isDeepStrictEqual(yours, theirs)) {
    const sameShifts = isDeepStrictEqual(yours.shifts, theirs.shifts);
    fail(
      expected,
      say(
        `your schedule answers differently from the starter's: coverage ${JSON.stringify(yours.coverage)} where the starter says ${JSON.stringify(theirs.coverage)}${sameShifts ? '' : ', and a different set of shifts'}`,
        `你的排班给出的答案和起始代码不一样：覆盖情况是 ${JSON.stringify(yours.coverage)}，起始代码给的是 ${JSON.stringify(theirs.coverage)}${sameShifts ? '' : '，班次集合也不同'}`,
      ),
    );
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
  if (gain < ratio) fail(expected, say(`${en}: ${gain.toFixed(1)} times better`, `${zh}：只好了 ${gain.toFixed(1)} 倍`));
  ctx.progress(say(`${en}: ${gain.toFixed(0)} times better`, `${zh}：好了 ${gain.toFixed(0)} 倍`));
}

/** How many connections the app's role holds right now, or undefined when the checker could not ask. */
async function connections(containerId: string): Promise<number | undefined> {
  const res = await psql(containerId, `SELECT count(*) FROM pg_stat_activity WHERE usename = '${APP_ROLE}'`, 5000);
  return res.ok ? Number(res.rows[0]?.[0]) : undefined;
}

export async function poolBounded(stack: PerfStack): Promise<void> {
  const { app, db } = await stack.mine();
  const expected = say(
    `${BURST} GET /employees arriving while the table is locked for ${HOLD_MS / 1000} s all answered 200, and PostgreSQL never refused a connection (it allows your app ${APP_CONNECTIONS})`,
    `在 employees 表被锁住 ${HOLD_MS / 1000} 秒期间到达的 ${BURST} 个 GET /employees 全部返回 200，PostgreSQL 从未拒绝连接（它允许你的应用开 ${APP_CONNECTIONS} 个）`,
  );
  const refusedBefore = (await containerLog(db.containerId)).match(REFUSED)?.length ?? 0;
  let peak = 0;
  let done = false;
  const sampling = (async () => {
    while (!done) peak = Math.max(peak, (await connections(db.containerId)) ?? 0);
  })();
  const release = await lockEmployees(db.containerId);
  const sent = Promise.all(Array.from({ length: BURST }, () => httpFromHost(`${app.baseUrl}/employees`, { timeoutMs: 20_000, maxBodyBytes: BIG_BODY })));
  await sleep(HOLD_MS);
  await release();
  const replies = await sent;
  done = true;
  await sampling;
  const refused = ((await containerLog(db.containerId)).match(REFUSED)?.length ?? 0) - refusedBefore;
  const outcomes = new Map<string, number>();
  for (const r of replies) {
    const key = r.ok ? String(r.status) : r.error;
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  }
  const failed = replies.filter((r) => !r.ok || r.status !== 200).length;
  const tally = [...outcomes].map(([k, n]) => `${n} × ${k}`).join(', ');
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
    fail(expected, say(`${failed} of ${BURST} failed (${tally}); ${peakText.en}`, `${BURST} 个请求中有 ${failed} 个失败（${tally}）；${peakText['zh-Hans']}`));
  }
}
