// The cache under load: how much faster a hit answers than a miss, and what the app does while
// Redis is stopped and then hung.
import type { CheckContext } from '../../src/exercise.js';
import { appLogExcerpt } from '../../src/fixtures/app-log.js';
import { CLAUSES, joinSaid, say } from '../../src/locale.js';
import type { CourseRedis } from '../../src/fixtures/redis.js';
import { Faults, type FaultResult } from '../../src/probes/faults.js';
import { runLoad, type LoadReport } from '../../src/probes/load.js';
import { redisCli } from '../../src/probes/redis.js';
import { formatDuration } from '../../src/probes/reply.js';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fail } from '../../src/verdict.js';
import { schedulePath, seededWeek, type CacheStack } from './stack.js';

/** Twenty weeks, each asked for once per pass: the first pass misses every time, the second hits. */
const WEEKS = Array.from({ length: 20 }, (_, i) => seededWeek(i + 1));
/** Gentle enough that two checks side by side on two cores stay far from the app's statement timeout. */
const PASS = { ratePerSecond: 5, durationMs: 4000, timeoutMs: 10_000 };

export async function faster(stack: CacheStack, ctx: CheckContext): Promise<void> {
  const ratio = ctx.params.ratio ?? 2;
  const { app, db, redis } = await stack.mine();
  const paths = WEEKS.map(schedulePath);
  const expected = say(
    `under load (${PASS.ratePerSecond} schedules a second), the median of a second pass over ${WEEKS.length} weeks is at least ${ratio} times better than the first's, with no query on shifts`,
    `在负载下（每秒 ${PASS.ratePerSecond} 份排班），对 ${WEEKS.length} 周的第二轮读取，中位延迟至少比第一轮好 ${ratio} 倍，而且不对 shifts 执行任何查询`,
  );
  const load = (): Promise<LoadReport> => runLoad({ url: `${app.baseUrl}${paths[0]}`, paths, ...PASS });
  await stack.flush(redis);
  ctx.progress(say('timing the first pass, every week a miss…', '正在测量第一轮，每一周都未命中…'));
  const cold = await load();
  ctx.progress(say('timing the second pass, every week cached…', '正在测量第二轮，每一周都已缓存…'));
  const warm = await stack.shiftQueries(db, load);
  for (const report of [cold, warm.result]) {
    if (report.failures > 0 || !report.latency) fail(expected, say(`requests failed under load: ${report.summary()}`, `负载下有请求失败：${report.summary()}`));
  }
  if (warm.queries > 0) {
    fail(
      expected,
      say(
        `the second pass asked for weeks the first had just cached, yet PostgreSQL ran ${warm.queries} queries on shifts: the reads missed the cache`,
        `第二轮读取的都是第一轮刚缓存过的周，PostgreSQL 却对 shifts 执行了 ${warm.queries} 条查询：这些读取没有命中缓存`,
      ),
    );
  }
  const before = cold.latency!.p50;
  const after = warm.result.latency!.p50;
  const gain = before / after;
  const en = `median ${formatDuration(after)} cached against ${formatDuration(before)} uncached`;
  const zh = `缓存命中时中位数 ${formatDuration(after, 'zh-Hans')}，未缓存时 ${formatDuration(before, 'zh-Hans')}`;
  if (gain < ratio) fail(expected, say(`${en}: only ${gain.toFixed(1)} times better`, `${zh}：只好了 ${gain.toFixed(1)} 倍`));
  ctx.progress(say(`${en}: ${gain.toFixed(1)} times better`, `${zh}：好了 ${gain.toFixed(1)} 倍`));
}

/** The outage, second by second: Redis stopped, started again, then hung and released. */
// The pause outlasts a request's time limit, so that a call without a bound fails for certain.
const OUTAGE = { stopAtMs: 1500, startAtMs: 4000, pauseAtMs: 7000, pauseMs: 3500, durationMs: 13_000 };
/** How long the pause waits at most for the app to be connected to Redis again. */
const RECONNECT_MS = 5000;
/** A request must end within this: a hung Redis call must not hold it until the pause ends. */
const REQUEST_TIMEOUT_MS = 2500;
/** How long after the outage the cache must be working again. */
const RECOVERY_MS = 15_000;

/**
 * Whether a client other than this redis-cli has sent Redis a command: ioredis sends INFO as
 * soon as it connects. Only over an open connection does a paused Redis hang a call; an app still
 * reconnecting fails its calls at once, and pausing Redis then would test nothing (seen on a busy
 * machine: a cache without any bound passed).
 */
async function appConnected(redis: CourseRedis): Promise<boolean> {
  const res = await redisCli(redis.containerId, ['CLIENT', 'LIST']);
  return res.ok && /\bcmd=(?!client\|list\b)[a-z|]+/.test(res.lines.join('\n'));
}

/** Redis hung for OUTAGE.pauseMs, once the app is connected to it again (at most RECONNECT_MS later). */
async function hang(faults: Faults, redis: CourseRedis): Promise<void> {
  const until = performance.now() + RECONNECT_MS;
  while (!(await appConnected(redis)) && performance.now() < until) await sleep(200);
  await surely(faults.pause(redis.containerId));
  await sleep(OUTAGE.pauseMs);
  await surely(faults.unpause(redis.containerId));
}

/** A fault that did not happen is the checker's problem, not the learner's. */
async function surely(fault: Promise<FaultResult>): Promise<void> {
  const result = await fault;
  if (!result.ok) throw new Error(result.transcript);
}

export async function redisDown(stack: CacheStack, ctx: CheckContext): Promise<void> {
  const { app, db, redis } = await stack.mine();
  const weeks = [seededWeek(8), seededWeek(9), seededWeek(10)];
  const paths = [...weeks.map(schedulePath), '/health'];
  const expected = say(
    `every request to ${paths.join(', ')} answers 200 within ${REQUEST_TIMEOUT_MS / 1000} s while Redis is stopped, started again, then hung (docker pause); within ${RECOVERY_MS / 1000} s after, a second read of a schedule comes from the cache again`,
    `在 Redis 被停掉、重新启动、再被挂起（docker pause）期间，对 ${paths.join('、')} 的每个请求都在 ${REQUEST_TIMEOUT_MS / 1000} 秒内返回 200；之后 ${RECOVERY_MS / 1000} 秒内，排班的第二次读取重新由缓存提供`,
  );
  await stack.flush(redis);
  await stack.get(app, schedulePath(weeks[0]!));
  const before = await stack.shiftQueries(db, () => stack.get(app, schedulePath(weeks[0]!)));
  if (before.queries > 0) {
    fail(
      expected,
      say(
        'before Redis went away, a second read of the schedule was not served from the cache: with nothing cached, losing Redis proves nothing yet (see cache-aside)',
        'Redis 出故障之前，排班的第二次读取就没有由缓存提供：什么都没缓存，Redis 丢了也说明不了什么（先看 cache-aside）',
      ),
    );
  }
  const faults = new Faults(stack.runId);
  ctx.progress(say('load on the schedule while Redis is stopped, started, hung and released…', '正在对排班加负载，同时停掉、启动、挂起、再恢复 Redis…'));
  const report = await runLoad({
    url: `${app.baseUrl}${paths[0]}`,
    paths,
    ratePerSecond: 5,
    durationMs: OUTAGE.durationMs,
    timeoutMs: REQUEST_TIMEOUT_MS,
    isOk: (status) => status === 200,
    during: [
      { name: 'docker stop redis', atMs: OUTAGE.stopAtMs, run: () => surely(faults.stop(redis.containerId, { graceSeconds: 2 })) },
      { name: 'docker start redis', atMs: OUTAGE.startAtMs, run: () => surely(faults.start(redis.containerId)) },
      { name: `docker pause redis, unpause ${OUTAGE.pauseMs / 1000} s later`, atMs: OUTAGE.pauseAtMs, run: () => hang(faults, redis) },
    ],
  });
  const broken = report.events.find((e) => e.error);
  if (broken) throw new Error(`${broken.name} failed: ${broken.error}`);
  if (report.failures > 0) {
    const serverErrors = Object.entries(report.outcomes).some(([outcome, n]) => /^5\d\d$/.test(outcome) && n > 0);
    const why = [
      ...(serverErrors ? [say('errors answered while Redis was away: a Redis call that fails must count as a miss, never fail the request', 'Redis 不在时出现了错误响应：失败的 Redis 调用必须当作未命中，绝不能让请求失败')] : []),
      ...((report.outcomes.timeout ?? 0) > 0 ? [say('requests that timed out while Redis was paused: a hung Redis never answers nor errors, so bound every call (a few hundred ms)', 'Redis 被挂起期间有请求超时：挂起的 Redis 既不应答也不报错，所以每次调用都要设上限（几百毫秒）')] : []),
    ];
    const seen = say(`not every request succeeded in time: ${report.summary()}`, `并非每个请求都按时成功：${report.summary()}`);
    fail(expected, joinSaid([seen, ...why], CLAUSES), await appLogExcerpt(app.container.getId()));
  }
  ctx.progress(say('waiting for the cache to serve reads again…', '正在等待缓存重新提供读取…'));
  const week = seededWeek(11);
  const deadline = Date.now() + RECOVERY_MS;
  for (;;) {
    await stack.get(app, schedulePath(week));
    const second = await stack.shiftQueries(db, () => stack.get(app, schedulePath(week)));
    // From the cache in Redis, not from a copy the app kept while Redis was away.
    if (second.queries === 0 && (await stack.keys(redis)).keys.length > 0) return;
    if (Date.now() > deadline) {
      fail(
        expected,
        say(
          `${RECOVERY_MS / 1000} s after Redis came back, a second read of a schedule still ran ${second.queries} queries on shifts, or Redis held no key: the app does not use Redis again`,
          `Redis 恢复 ${RECOVERY_MS / 1000} 秒后，排班的第二次读取仍对 shifts 执行了 ${second.queries} 条查询，或者 Redis 里没有键：应用没有重新用上 Redis`,
        ),
      );
    }
    await sleep(1000);
  }
}
