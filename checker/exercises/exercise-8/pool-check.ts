// The connection pool under a burst, against a database that allows the app 20 connections.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { containerLog, logTail } from '../../src/docker/containers.js';
import { APP_LOG } from '../../src/fixtures/app-container.js';
import { say } from '../../src/locale.js';
import { httpFromHost } from '../../src/probes/http.js';
import { countOf, psql } from '../../src/probes/sql.js';
import { fail, tail } from '../../src/verdict.js';
import { APP_CONNECTIONS, APP_ROLE, BIG_BODY, type PerfStack } from './stack.js';

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

/**
 * Starts the locking session; resolves once the lock is held, with the session's end to wait for.
 * The end comes wrapped: an async function that returned the bare promise would adopt it, and
 * resolve only once the lock was released, so the burst would arrive at a free table.
 */
async function lockEmployees(containerId: string): Promise<{ released: Promise<unknown> }> {
  let ended = false;
  const holding = psql(containerId, HOLD, 60_000).finally(() => {
    ended = true;
  });
  const deadline = performance.now() + 15_000;
  while (performance.now() < deadline && !ended) {
    const held = await countOf(
      containerId,
      "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'employees' AND l.mode = 'AccessExclusiveLock' AND l.granted",
    ).catch(() => 0);
    if (held === 1) return { released: holding };
    await sleep(50);
  }
  await psql(containerId, `SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query LIKE '%${HOLDER}%' AND pid <> pg_backend_pid()`);
  throw new Error(`the checker could not lock the employees table: ${(await holding).transcript}`);
}

/** What PostgreSQL says when it refuses a connection for want of a slot (the second: an ordinary role's share is full). */
const REFUSED = /sorry, too many clients already|remaining connection slots are reserved/g;

/** How many connections the app's role holds right now, or undefined when the checker could not ask. */
const connections = (containerId: string): Promise<number | undefined> =>
  countOf(containerId, `SELECT count(*) FROM pg_stat_activity WHERE usename = '${APP_ROLE}'`, 5000).catch(() => undefined);

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
  const { released } = await lockEmployees(db.containerId);
  const replies = await Promise.all(Array.from({ length: BURST }, () => httpFromHost(`${app.baseUrl}/employees`, { timeoutMs: 20_000, maxBodyBytes: BIG_BODY })));
  await released;
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
