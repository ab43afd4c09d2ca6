// How much faster the learner's schedule answers than the untouched starter's, judged on the
// p95 and the median of the same load, and said in both languages.
import { say } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import type { Latency } from '../../src/probes/load.js';
import { formatDuration } from '../../src/probes/reply.js';

export interface GainVerdict {
  /** Why the gain falls short of the ratio; absent when it does not. */
  shortfall?: Text;
  /** Both figures, for the progress line of a gain that holds. */
  summary: Text;
}

export function judgeGain(before: Pick<Latency, 'p50' | 'p95'>, after: Pick<Latency, 'p50' | 'p95'>, ratio: number): GainVerdict {
  const gain = before.p95 / after.p95;
  const medianGain = before.p50 / after.p50;
  const en = `p95 ${formatDuration(after.p95)} against the starter's ${formatDuration(before.p95)}`;
  const zh = `p95 为 ${formatDuration(after.p95, 'zh-Hans')}，起始代码为 ${formatDuration(before.p95, 'zh-Hans')}`;
  const medians = `${formatDuration(after.p50)} against ${formatDuration(before.p50)}`;
  const mediansZh = `${formatDuration(after.p50, 'zh-Hans')}，起始代码为 ${formatDuration(before.p50, 'zh-Hans')}`;
  const summary = say(
    `${en}: ${gain.toFixed(0)} times better; median ${medians}: ${medianGain.toFixed(0)} times better`,
    `${zh}：好了 ${gain.toFixed(0)} 倍；中位数为 ${mediansZh}：好了 ${medianGain.toFixed(0)} 倍`,
  );
  if (gain < 1) return { summary, shortfall: say(`${en}: ${(1 / gain).toFixed(1)} times slower`, `${zh}：反而慢了 ${(1 / gain).toFixed(1)} 倍`) };
  if (gain < ratio) return { summary, shortfall: say(`${en}: ${gain.toFixed(1)} times better`, `${zh}：只好了 ${gain.toFixed(1)} 倍`) };
  // Six requests each: a p95 is their slowest. On a busy machine one slow moment in the
  // starter's turn made an untouched query look three times better (seen in verify); a query
  // that really got faster makes the typical request faster too.
  if (medianGain < ratio) {
    return {
      summary,
      shortfall: say(
        `${en}, but the median is ${medians}, only ${medianGain.toFixed(1)} times better: the typical request is not faster, so neither is the schedule's query`,
        `${zh}，但中位数为 ${mediansZh}，只好了 ${medianGain.toFixed(1)} 倍：一般的请求并没有变快，排班的查询也就没有变快`,
      ),
    };
  }
  return { summary };
}
