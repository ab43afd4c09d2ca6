import { performance } from 'node:perf_hooks';
import { say } from '../../src/locale.js';
import { formatDuration } from '../../src/probes/reply.js';
import { countOf, psql } from '../../src/probes/sql.js';
import { fail } from '../../src/verdict.js';
import { APP_ROLE, RUNAWAY_QUERY_MS, WEEK, type PerfStack } from './stack.js';

/** The report must end within this; the request itself is given a little longer. */
const WITHIN_MS = 10_000;
const PATH = `/reports/hours?week=${WEEK}`;

/** The app's report queries still running in PostgreSQL. */
const runaways = (containerId: string): Promise<number> =>
  countOf(containerId, `SELECT count(*) FROM pg_stat_activity WHERE usename = '${APP_ROLE}' AND state = 'active' AND query ILIKE '%pg_sleep%'`);

export async function statementTimeout(stack: PerfStack): Promise<void> {
  const { app, db } = await stack.mine();
  const expected = say(
    `GET ${PATH}, whose query would run ${RUNAWAY_QUERY_MS / 1000} s, ends within ${WITHIN_MS / 1000} s: PostgreSQL cancels the query and the app answers 503 as application/problem+json`,
    `GET ${PATH} 的查询本要运行 ${RUNAWAY_QUERY_MS / 1000} 秒，它在 ${WITHIN_MS / 1000} 秒内结束：PostgreSQL 取消查询，应用以 application/problem+json 回应 503`,
  );
  const started = performance.now();
  try {
    const reply = await stack.get(app, PATH, { timeoutMs: WITHIN_MS + 2000 });
    const took = performance.now() - started;
    const still = await runaways(db.containerId);
    if (!reply.ok) {
      fail(
        expected,
        say(
          `${reply.transcript}${still ? ', and the query is still running in PostgreSQL' : ''}: nothing stops a runaway query; give the pool a statement_timeout`,
          `${reply.transcript}${still ? '，查询仍在 PostgreSQL 里运行' : ''}：没有任何东西能让失控的查询停下来；给连接池设一个 statement_timeout`,
        ),
      );
    }
    if (still > 0) {
      fail(
        expected,
        say(
          `${reply.transcript}, but the query is still running in PostgreSQL: a timeout in Node (pg's query_timeout) leaves the database working; statement_timeout makes PostgreSQL stop it`,
          `${reply.transcript}，但查询还在 PostgreSQL 里运行：Node 里的超时（pg 的 query_timeout）不会让数据库停下；statement_timeout 才会让 PostgreSQL 终止它`,
        ),
      );
    }
    if (took > WITHIN_MS) fail(expected, say(`it took ${formatDuration(took)}`, `它用了 ${formatDuration(took, 'zh-Hans')}`));
    const type = reply.headers['content-type'] ?? '';
    let status: unknown;
    try {
      status = (JSON.parse(reply.body) as { status?: unknown }).status;
    } catch {
      status = undefined;
    }
    if (reply.status !== 503 || !type.startsWith('application/problem+json') || status !== 503) {
      fail(
        expected,
        say(
          `${reply.transcript} (${type || 'no content-type'}): ${reply.body.slice(0, 160)}; a cancelled statement (code 57014) is the database being slow, not a bug: 503`,
          `${reply.transcript}（${type || '没有 content-type'}）：${reply.body.slice(0, 160)}；被取消的语句（错误码 57014）说明数据库慢，不是程序缺陷：应回应 503`,
        ),
      );
    }
  } finally {
    // A report left sleeping would hold a connection for the checks after this one.
    await psql(db.containerId, `SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE usename = '${APP_ROLE}' AND query ILIKE '%pg_sleep%'`);
  }
}
