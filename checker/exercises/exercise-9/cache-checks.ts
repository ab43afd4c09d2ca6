// Checks of what the cache does for one request at a time: it serves a second read, its keys
// expire (each at its own time), a burst of misses computes the schedule once, a write is seen at
// once, and the app counts its hits and misses. The evidence is PostgreSQL's own count of the
// statements on shifts (pg_stat_statements) and what Redis holds, not the shape of the code.
import { isDeepStrictEqual } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { say, verbatim } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import { Faults } from '../../src/probes/faults.js';
import { httpFromHost } from '../../src/probes/http.js';
import { okJson } from '../../src/probes/json-reply.js';
import { metricSamples } from '../../src/probes/metrics-page.js';
import type { Reply } from '../../src/probes/reply.js';
import { appLogExcerpt } from '../../src/fixtures/app-log.js';
import { countOf } from '../../src/probes/sql.js';
import { METRICS_PORT } from '../../src/service-ports.js';
import { fail } from '../../src/verdict.js';
import { cacheCounts, ttlSpreadMs, type KeyExpiry } from './evidence.js';
import { schedulePath, seededWeek, type CacheApp, type CacheStack } from './stack.js';

interface Schedule {
  shifts?: { id?: unknown }[];
}

/** A week's schedule, as JSON; the check fails, saying what came instead, unless it is a 200. */
async function schedule(stack: CacheStack, app: CacheApp['app'], week: string, expected: Text): Promise<unknown> {
  return okJson(await stack.get(app, schedulePath(week)), expected).json;
}

/** "1 query", "4 queries". */
const queries = (n: number): string => `${n} ${n === 1 ? 'query' : 'queries'}`;

/** The shift ids a schedule lists. */
const shiftIds = (json: unknown): unknown[] => ((json as Schedule).shifts ?? []).map((s) => s.id);

/** The top-level field where two answers first differ, for a verdict to name. */
function firstDifference(a: unknown, b: unknown): string {
  const left = (a ?? {}) as Record<string, unknown>;
  const right = (b ?? {}) as Record<string, unknown>;
  const field = [...new Set([...Object.keys(left), ...Object.keys(right)])].find((k) => !isDeepStrictEqual(left[k], right[k]));
  return field ?? '(the whole body)';
}

export async function cacheAside(stack: CacheStack): Promise<void> {
  const { app, db, redis } = await stack.mine();
  const week = seededWeek(0);
  const path = schedulePath(week);
  const employeeId = await countOf(db.containerId, 'SELECT min(id) FROM employees');
  const person = `/employees/${employeeId}`;
  const expected = say(
    `after a first GET ${path}, and a first GET ${person}, two more of each are served from Redis: PostgreSQL runs no query for them, and all three answer the same`,
    `第一次 GET ${path} 和第一次 GET ${person} 之后，各自再读两次都由 Redis 提供：PostgreSQL 不为它们执行任何查询，三次答案完全相同`,
  );
  await stack.flush(redis);
  const first = await stack.shiftQueries(db, () => schedule(stack, app, week, expected));
  const again = await stack.shiftQueries(db, async () => [await schedule(stack, app, week, expected), await schedule(stack, app, week, expected)]);
  const { keys } = await stack.keys(redis);
  if (again.queries > 0) {
    const none = keys.length === 0 ? say('; Redis holds no key at all', '；Redis 里一个键都没有') : verbatim('');
    fail(
      expected,
      say(
        `the two reads after the first ran ${queries(again.queries)} on shifts in PostgreSQL, where reads served from the cache run none (the first ran ${first.queries}): the schedule was computed again${none.en}`,
        `第一次之后的两次读取，在 PostgreSQL 里对 shifts 执行了 ${again.queries} 条查询，而由缓存提供的读取一条都不会执行（第一次执行了 ${first.queries} 条）：排班又被重新计算了${none['zh-Hans']}`,
      ),
      await appLogExcerpt(app.container.getId()),
    );
  }
  if (keys.length === 0) {
    fail(
      expected,
      say(
        'the reads after the first ran no query, but Redis holds no key: the schedule is kept in the app, not in Redis, and every replica and every restart starts cold',
        '后面的读取没有执行查询，但 Redis 里一个键都没有：排班存在了应用进程里，而不是 Redis 里，每个副本、每次重启都得从冷缓存开始',
      ),
      await appLogExcerpt(app.container.getId()),
    );
  }
  sameAnswers(first.result, again.result, expected);

  const read = async (): Promise<unknown> => okJson(await stack.get(app, person), expected).json;
  const firstPerson = await stack.queriesOn(db, 'employees', read);
  const againPerson = await stack.queriesOn(db, 'employees', async () => [await read(), await read()]);
  if (againPerson.queries > 0) {
    fail(
      expected,
      say(
        `the schedule is cached, but the two reads of ${person} after the first ran ${queries(againPerson.queries)} on employees: the employee routes do not read through the cache`,
        `排班已经缓存了，但第一次之后对 ${person} 的两次读取，对 employees 执行了 ${againPerson.queries} 条查询：员工的路由没有经过缓存读取`,
      ),
    );
  }
  sameAnswers(firstPerson.result, againPerson.result, expected);
}

/** Fails unless every cached answer is the computed one. */
function sameAnswers(computed: unknown, cached: unknown[], expected: Text): void {
  for (const answer of cached) {
    if (!isDeepStrictEqual(answer, computed)) {
      const field = firstDifference(answer, computed);
      fail(expected, say(`the cached answer differs from the computed one in \`${field}\``, `缓存里取出的答案和计算出的答案在 \`${field}\` 上不一样`));
    }
  }
}

/** Distinct weeks, read one after another: their keys are written over a second or two. */
const JITTER_WEEKS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(seededWeek);
/** A TTL shorter than this caches nothing worth having: usually seconds given to PX. */
const MIN_TTL_SECONDS = 5;
/** Keys written together must expire at least this far apart. */
const MIN_SPREAD_MS = 1000;

export async function ttlJitter(stack: CacheStack): Promise<void> {
  const { app, redis } = await stack.mine();
  const expected = say(
    `${JITTER_WEEKS.length} schedules read one after another write no key without an expiry, and the TTLs of their entries differ by at least ${MIN_SPREAD_MS / 1000} s`,
    `依次读取 ${JITTER_WEEKS.length} 份排班，写入的键没有一个不带过期时间，而且这些缓存条目的 TTL 之间至少相差 ${MIN_SPREAD_MS / 1000} 秒`,
  );
  await stack.flush(redis);
  const seen = new Set<string>();
  const expiries: KeyExpiry[] = [];
  for (const week of JITTER_WEEKS) {
    await schedule(stack, app, week, expected);
    const repliedAtMs = Date.now();
    const { nowMs, keys } = await stack.keys(redis);
    const fresh = keys.filter((k) => !seen.has(k.key));
    for (const k of fresh) seen.add(k.key);
    if (fresh.length === 0) {
      fail(
        expected,
        say(`GET ${schedulePath(week)} left no new key in Redis: nothing was cached (see cache-aside)`, `GET ${schedulePath(week)} 之后 Redis 里没有新键：什么都没缓存（参见 cache-aside）`),
        await appLogExcerpt(app.container.getId()),
      );
    }
    const forever = fresh.find((k) => k.pttl === -1);
    if (forever) {
      fail(
        expected,
        say(
          `GET ${schedulePath(week)} wrote ${forever.key} with no expiry (TTL -1): it stays in Redis until someone deletes it, stale or not`,
          `GET ${schedulePath(week)} 写入的 ${forever.key} 没有过期时间（TTL -1）：不管是否过时，它都会一直留在 Redis 里，直到有人删除`,
        ),
      );
    }
    // The entry is the longest-lived new key: a lock against a stampede may sit beside it briefly.
    const entry = fresh.filter((k) => k.pttl > 0).sort((a, b) => b.pttl - a.pttl)[0];
    // Expired between the write and the read: a TTL of a second or less caches nothing.
    if (!entry) fail(expected, say(`the key GET ${schedulePath(week)} wrote had expired by the time it was read`, `GET ${schedulePath(week)} 写入的键，读取它时就已经过期了`));
    expiries.push({ key: entry.key, repliedAtMs, expiresAtMs: nowMs + entry.pttl });
  }
  const spread = ttlSpreadMs(expiries);
  const ttl = Math.round((expiries[0]!.expiresAtMs - expiries[0]!.repliedAtMs) / 1000);
  if (ttl < MIN_TTL_SECONDS) {
    fail(
      expected,
      say(
        `the keys live about ${ttl} s: too short to serve a second read. \`PX\` takes milliseconds where \`EX\` takes seconds: is a number of seconds given as milliseconds?`,
        `这些键只活大约 ${ttl} 秒：短到撑不到第二次读取。\`PX\` 的单位是毫秒，\`EX\` 的单位是秒：是不是把秒数当成毫秒传了？`,
      ),
    );
  }
  if (spread < MIN_SPREAD_MS) {
    fail(
      expected,
      say(
        `all ${expiries.length} keys got the same TTL, about ${ttl} s (they differ by ${spread} ms): cached together, they expire together, and their next reads all reach PostgreSQL at once`,
        `${expiries.length} 个键的 TTL 全都一样，约 ${ttl} 秒（相差 ${spread} 毫秒）：一起缓存的键会一起过期，接下来的读取会同时涌向 PostgreSQL`,
      ),
    );
  }
}

/** Simultaneous requests for one schedule that is not cached. */
const STAMPEDE = 30;
/** How long PostgreSQL stays frozen once every request is sent: long enough for each to miss. */
const FREEZE_MS = 1000;

export async function stampede(stack: CacheStack): Promise<void> {
  const { app, db, redis } = await stack.mine();
  const week = seededWeek(12);
  const path = schedulePath(week);
  const expected = say(
    `${STAMPEDE} simultaneous GET ${path}, none cached, make PostgreSQL compute the schedule once (twice at most), and all answer 200 with the same schedule`,
    `${STAMPEDE} 个同时到达、都未命中缓存的 GET ${path}，只让 PostgreSQL 计算一次排班（最多两次），并且全部以 200 返回同一份排班`,
  );
  await stack.flush(redis);
  // What one computation costs: a cold read of another week.
  const one = (await stack.shiftQueries(db, () => schedule(stack, app, seededWeek(13), expected))).queries;
  if (one === 0) throw new Error('a cold read of the schedule ran no query on shifts');
  // PostgreSQL frozen while the requests arrive: each one misses in Redis and then waits, on a
  // fast machine or a busy one alike, so that nothing but the app's own coordination saves a query.
  const faults = new Faults(stack.runId);
  const burst = await stack.shiftQueries(db, async () => {
    const paused = await faults.pause(db.containerId);
    if (!paused.ok) throw new Error(paused.transcript);
    let replies: Promise<Reply[]>;
    try {
      replies = Promise.all(Array.from({ length: STAMPEDE }, () => stack.get(app, path, { timeoutMs: 30_000 })));
      await sleep(FREEZE_MS);
    } finally {
      const resumed = await faults.unpause(db.containerId);
      if (!resumed.ok) throw new Error(resumed.transcript);
    }
    return replies;
  });
  // The count first: loads that queue for the pool's connections may fail some requests too,
  // which is what a stampede does to a database, and the count says why.
  const loads = Math.round(burst.queries / one);
  if (burst.queries > 2 * one) {
    const failed = burst.result.filter((reply) => !reply.ok || reply.status !== 200);
    const meanwhile = failed.length
      ? say(`; ${failed.length} of the ${STAMPEDE} requests failed meanwhile, e.g. ${failed[0]!.transcript}`, `；这期间 ${STAMPEDE} 个请求中有 ${failed.length} 个失败，比如 ${failed[0]!.transcript}`)
      : verbatim('');
    fail(
      expected,
      say(
        `PostgreSQL computed the schedule ${loads} times (${burst.queries} queries on shifts, ${one} per schedule): requests that missed loaded it again instead of waiting for the load already running${meanwhile.en}`,
        `PostgreSQL 把这份排班计算了 ${loads} 次（对 shifts 执行了 ${burst.queries} 条查询，每份排班 ${one} 条）：未命中的请求没有等待已在进行的加载，而是又加载了一遍${meanwhile['zh-Hans']}`,
      ),
    );
  }
  const answers = burst.result.map((reply) => okJson(reply, expected).json);
  if (answers.some((a) => !isDeepStrictEqual(a, answers[0]))) {
    fail(expected, say('the requests did not all get the same schedule', '这些请求拿到的排班并不完全相同'));
  }
}

/** The body of POST /shifts' reply, when it is a JSON object. */
function parsed(body: string): { id?: unknown } | undefined {
  try {
    const json: unknown = JSON.parse(body);
    return typeof json === 'object' && json !== null ? json : undefined;
  } catch {
    return undefined;
  }
}

/** The Monday `days` days later, as YYYY-MM-DD. */
function dayOf(monday: string, days: number): string {
  const day = new Date(`${monday}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

/** The reply's id when it is a 201 with the created resource; otherwise the check fails. */
function createdId(reply: Reply, what: string, expected: Text): unknown {
  const created = reply.ok && reply.status === 201 ? parsed(reply.body) : undefined;
  if (created?.id === undefined) {
    fail(expected, say(`${what} should answer 201 with what it created: ${reply.transcript}`, `${what} 应以 201 返回新建的资源：${reply.transcript}`));
  }
  return created.id;
}

/** GET /employees cached, then POST /employees: the next GET must list the new one. */
async function newEmployeeListed(stack: CacheStack, expected: Text): Promise<void> {
  const { app, db } = await stack.mine();
  const list = async (): Promise<unknown[]> => {
    const json = okJson(await stack.get(app, '/employees'), expected).json;
    return Array.isArray(json) ? json.map((e: { id?: unknown }) => e.id) : [];
  };
  await list();
  const cached = await stack.queriesOn(db, 'employees', list);
  if (cached.queries > 0) {
    fail(
      expected,
      say(
        `GET /employees is not cached (a second read still ran ${queries(cached.queries)} on employees), so no write can leave it stale yet: see cache-aside`,
        `GET /employees 并没有被缓存（第二次读取仍对 employees 执行了 ${cached.queries} 条查询），所以写入还谈不上让它过时：先看 cache-aside`,
      ),
    );
  }
  const email = `cache-check-${Date.now().toString(36)}@roster.example`;
  const reply = await httpFromHost(`${app.baseUrl}/employees`, { method: 'POST', body: { name: 'Cache Check', email }, timeoutMs: 20_000 });
  const id = createdId(reply, 'POST /employees', expected);
  if (!(await list()).includes(id)) {
    fail(
      expected,
      say(
        `after POST /employees created employee ${String(id)}, GET /employees does not list it: the cached list was served stale; POST /employees must invalidate it`,
        `POST /employees 新建了员工 ${String(id)} 之后，GET /employees 没有列出它：返回的是过时的缓存列表；POST /employees 必须让它失效`,
      ),
    );
  }
}

export async function invalidation(stack: CacheStack): Promise<void> {
  const { app, db, redis } = await stack.mine();
  const week = seededWeek(5);
  const next = seededWeek(4);
  const expected = say(
    `after POST /employees, the next GET /employees lists the new employee; after POST /shifts, the next GET of each week the new shift falls in lists it (weeks of ${week} and ${next})`,
    `POST /employees 之后，下一次 GET /employees 会列出新员工；POST /shifts 之后，新班次所在的每一周，下一次 GET 都会列出它（${week} 和 ${next} 这两周）`,
  );
  await stack.flush(redis);
  await newEmployeeListed(stack, expected);
  const readBoth = async (): Promise<void> => {
    await schedule(stack, app, week, expected);
    await schedule(stack, app, next, expected);
  };
  await readBoth();
  const cached = await stack.shiftQueries(db, readBoth);
  if (cached.queries > 0) {
    fail(
      expected,
      say(
        `the schedules are not cached (a second read still ran ${queries(cached.queries)} on shifts), so no write can leave them stale yet: see cache-aside`,
        `排班并没有被缓存（第二次读取仍对 shifts 执行了 ${cached.queries} 条查询），所以写入还谈不上让它过时：先看 cache-aside`,
      ),
    );
  }
  const employeeId = await countOf(db.containerId, 'SELECT min(id) FROM employees');
  const add = async (startsAt: string, endsAt: string): Promise<unknown> => {
    const reply = await httpFromHost(`${app.baseUrl}/shifts`, { method: 'POST', body: { employeeId, startsAt, endsAt, position: 'desk' }, timeoutMs: 20_000 });
    return createdId(reply, 'POST /shifts', expected);
  };
  const stale = (id: unknown, when: Text, shown: string, fix: Text): never =>
    fail(
      expected,
      say(
        `after POST /shifts created shift ${String(id)} (${when.en}), GET ${schedulePath(shown)} does not list it: the cached schedule was served stale; ${fix.en}`,
        `POST /shifts 新建了班次 ${String(id)}（${when['zh-Hans']}）之后，GET ${schedulePath(shown)} 没有列出它：返回的是过时的缓存排班；${fix['zh-Hans']}`,
      ),
    );
  const startWeek = say("POST /shifts must invalidate the schedule of the week the shift starts in", 'POST /shifts 必须让班次开始那一周的排班失效');
  const endWeek = say('the shift ends in the next week, whose schedule lists it too: invalidate the week of endsAt as well', '这个班次在下一周结束，下一周的排班也会列出它：endsAt 所在那一周也要失效');

  const wednesday = dayOf(week, 2);
  const midweek = await add(`${wednesday}T09:00:00Z`, `${wednesday}T17:00:00Z`);
  const midweekWhen = verbatim(`${wednesday} 09:00-17:00 UTC`);
  if (!shiftIds(await schedule(stack, app, week, expected)).includes(midweek)) stale(midweek, midweekWhen, week, startWeek);

  // Sunday evening to Monday morning: both weeks list it.
  const sunday = dayOf(week, 6);
  const overnight = await add(`${sunday}T20:00:00Z`, `${next}T04:00:00Z`);
  const overnightWhen = say(`Sunday ${sunday} 20:00 to Monday 04:00 UTC, in both weeks`, `周日 ${sunday} 20:00 到周一 04:00 UTC，属于两周`);
  if (!shiftIds(await schedule(stack, app, week, expected)).includes(overnight)) stale(overnight, overnightWhen, week, startWeek);
  if (!shiftIds(await schedule(stack, app, next, expected)).includes(overnight)) stale(overnight, overnightWhen, next, endWeek);
}

export async function hitMissMetrics(stack: CacheStack): Promise<void> {
  const { app, db, redis } = await stack.mine();
  const week = seededWeek(14);
  const metricsUrl = `${app.urlOf(METRICS_PORT)}/metrics`;
  const expected = say(
    `GET /metrics (port ${METRICS_PORT}) counts one more miss and three more hits over four reads of one schedule, e.g. cache_lookups_total{result="hit"}`,
    `读取同一份排班四次之后，GET /metrics（${METRICS_PORT} 端口）上的未命中计数多 1、命中计数多 3，比如 cache_lookups_total{result="hit"}`,
  );
  const counts = async (): Promise<ReturnType<typeof cacheCounts>> => {
    const reply = await httpFromHost(metricsUrl, { timeoutMs: 10_000, maxBodyBytes: 1024 * 1024 });
    if (!reply.ok || reply.status !== 200) fail(expected, say(`GET /metrics: ${reply.transcript}`, `GET /metrics：${reply.transcript}`));
    return cacheCounts(metricSamples(reply.body));
  };
  await stack.flush(redis);
  const before = await counts();
  await schedule(stack, app, week, expected);
  const repeats = await stack.shiftQueries(db, async () => {
    for (let i = 0; i < 3; i++) await schedule(stack, app, week, expected);
  });
  const after = await counts();
  const hits = after.hits - before.hits;
  const misses = after.misses - before.misses;
  if (after.series.length === 0) {
    fail(
      expected,
      say(
        'GET /metrics shows no count of cache hits or misses: no series whose name contains "cache" has hit or miss in its name or as a label value',
        'GET /metrics 上看不到缓存命中或未命中的计数：名字里带 "cache" 的序列中，没有哪个在名字里或标签值里带有 hit 或 miss',
      ),
    );
  }
  if (hits < 3 || misses < 1) {
    const served = repeats.queries > 0 ? say(' (and the three reads were not served from the cache: see cache-aside)', '（而且这三次读取并不是由缓存提供的：参见 cache-aside）') : verbatim('');
    fail(
      expected,
      say(
        `over the four reads, ${after.series.join(', ')} counted ${hits} hits and ${misses} misses${served.en}`,
        `四次读取下来，${after.series.join('、')} 记录了 ${hits} 次命中、${misses} 次未命中${served['zh-Hans']}`,
      ),
    );
  }
}
