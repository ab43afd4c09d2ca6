// The weekly schedule under load, against the untouched starter in the same run.
import { isDeepStrictEqual } from 'node:util';
import type { CheckContext } from '../../src/exercise.js';
import { CLAUSES, joinSaid, say } from '../../src/locale.js';
import { httpFromHost } from '../../src/probes/http.js';
import { okJson } from '../../src/probes/json-reply.js';
import { runLoad } from '../../src/probes/load.js';
import type { Reply } from '../../src/probes/reply.js';
import { psql } from '../../src/probes/sql.js';
import { fail } from '../../src/verdict.js';
import { judgeGain } from './latency-gain.js';
import { BIG_BODY, WEEK, type PerfStack } from './stack.js';

const SCHEDULE = `/schedule/weekly?week=${WEEK}`;
const LONG_SHIFT = `INSERT INTO shifts (employee_id, starts_at, ends_at, position)
  SELECT min(id), timestamptz '${WEEK}' - interval '2 days', timestamptz '${WEEK}' + interval '6 hours', 'floor' FROM employees`;
/** The starter takes over half a second per schedule: a rate both apps can hold on two cores. */
const LOAD = { ratePerSecond: 1.5, durationMs: 4000, timeoutMs: 20_000, isOk: (status: number) => status === 200 };
interface Schedule {
  coverage?: unknown;
  shifts?: { id?: unknown }[];
}

/** What must not change: the coverage figures and which shifts the week holds. */
function essence(json: unknown): { coverage: unknown; shifts: unknown[] } {
  const schedule = json as Schedule;
  return { coverage: schedule.coverage, shifts: (schedule.shifts ?? []).map((s) => s.id).sort() };
}

export async function scheduleFaster(stack: PerfStack, ctx: CheckContext): Promise<void> {
  const ratio = ctx.params.ratio ?? 3;
  const [mine, starter] = await Promise.all([stack.mine(), stack.starter()]);
  const expected = say(
    `under load, GET ${SCHEDULE} has a p95 and a median at least ${ratio} times better than the untouched starter's, with the same answer`,
    `负载下 GET ${SCHEDULE} 的 p95 和中位数都至少比原样的起始代码好 ${ratio} 倍，而且答案相同`,
  );
  if (starter === mine) {
    // Timing one app twice would only measure how the first window warmed the second.
    fail(
      expected,
      say(
        'your files are the starter as the course ships it, so there is no change to measure yet: the untouched starter is the baseline',
        '你的文件和课程提供的起始代码一模一样，还没有可以测量的改动：原样的起始代码就是比较的基准',
      ),
    );
  }
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
  if (after.failures > 0 || !after.latency) {
    fail(expected, say(`yours failed requests under load: ${after.summary()}`, `你的应用在负载下有请求失败：${after.summary()}`));
  }
  if (!before.latency) throw new Error(`the untouched starter answered nothing under load: ${before.summary()}`);
  const { shortfall, summary } = judgeGain(before.latency, after.latency, ratio);
  if (shortfall) fail(expected, shortfall);
  ctx.progress(summary);
}
