// The course's own rule tests, run by promtool against the learner's rules: a problem users
// would feel must page, a blip must not. They read the ALERTS series the rules write, so the
// learner's expressions, labels and annotations are free; only the alert's name and its
// behaviour over time are judged.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { needs, oncePerStack } from '../../src/exercise.js';
import { say, verbatim } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import { promtool, type PromtoolResult } from '../../src/probes/promtool.js';
import { fail, tail } from '../../src/verdict.js';
import { ALERTS, APP_TARGET, appJob, type AlertName } from './monitoring-files.js';
import type { MonitoringStack } from './stack.js';
import { alertsDefined } from './static-checks.js';

/** Exercise 5's buckets, which the app the learner's rules watch really has. */
const BUCKETS = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '+Inf'];
/** Samples every 15 s; 120 of them are half an hour. */
const STEPS = 120;

interface Scenario {
  /** When the verdict is read, and the window it looks back over: the alert fired (or not) within it. */
  evalMinutes: number;
  /** Whether the alert must have fired in that window. */
  fires: boolean;
  series: Record<string, string>;
  /** What the learner is told when the expectation is not met. */
  wrong: Text;
}

/** One sample per step: `0+150x120` is a counter growing by 150 every 15 s, ten requests a second. */
const growing = (by: number): string => `0+${by}x${STEPS}`;

function scenarios(alert: AlertName, job: string): Scenario[] {
  const base = `job="${job}",instance="${APP_TARGET}"`;
  const requests = (status: string): string => `http_requests_total{${base},method="GET",route="/employees",status="${status}"}`;
  const bucket = (le: string): string => `http_request_duration_seconds_bucket{${base},method="GET",route="/employees",status="200",le="${le}"}`;
  const up = `up{${base}}`;
  const histogram = (seconds: number, oneSlowAt?: number): Record<string, string> =>
    Object.fromEntries([
      ...BUCKETS.map((le): [string, string] => {
        const inBucket = le === '+Inf' || Number(le) >= seconds;
        const slowOne = oneSlowAt !== undefined && (le === '+Inf' || Number(le) >= 3);
        if (slowOne && !inBucket) return [bucket(le), `0x${oneSlowAt} 1x${STEPS - oneSlowAt - 1}`];
        if (!inBucket) return [bucket(le), `0x${STEPS}`];
        // A counter that grows by 150 each step, and by one more at the slow request.
        return [bucket(le), slowOne ? `0+150x${oneSlowAt} ${150 * (oneSlowAt + 1) + 1}+150x${STEPS - oneSlowAt - 1}` : growing(150)];
      }),
      [`http_request_duration_seconds_count{${base},method="GET",route="/employees",status="200"}`, growing(150)],
      [`http_request_duration_seconds_sum{${base},method="GET",route="/employees",status="200"}`, growing(150 * seconds)],
      [requests('200'), growing(150)],
      [up, `1x${STEPS}`],
    ]);
  switch (alert) {
    case 'HighErrorRatio':
      return [
        {
          evalMinutes: 20,
          fires: true,
          series: { [requests('200')]: growing(150), [requests('500')]: growing(150), [up]: `1x${STEPS}` },
          wrong: say('it never fired while half of all requests failed for 20 minutes', '一半的请求连续 20 分钟失败，它一次也没有触发'),
        },
        {
          evalMinutes: 30,
          fires: false,
          // One failed request every 3 minutes among ten a second: an error in every 5-minute
          // window, so a count pages whatever its `for:`, while the ratio stays near 0.06%.
          series: { [requests('200')]: growing(150), [requests('500')]: `0+${(1 / 12).toFixed(6)}x${STEPS}`, [up]: `1x${STEPS}` },
          wrong: say('it fired for a trickle of single errors, one request in 1,800 failing', '只是零星出错，1800 个请求里才失败一个，它就触发了'),
        },
      ];
    case 'HighLatencyP95':
      return [
        {
          evalMinutes: 25,
          fires: true,
          series: histogram(3),
          wrong: say('it never fired while every request took 3 seconds for 25 minutes', '每个请求都要 3 秒，连续 25 分钟，它一次也没有触发'),
        },
        {
          evalMinutes: 30,
          fires: false,
          series: histogram(0.01, 40),
          wrong: say('it fired while requests took 10 ms, for one 3-second request', '请求只要 10 毫秒，只因为一个 3 秒的请求，它就触发了'),
        },
      ];
    case 'InstanceDown':
      return [
        {
          evalMinutes: 20,
          fires: true,
          series: { [up]: `1x20 0x${STEPS - 21}` },
          wrong: say('it never fired while the app was unreachable for 15 minutes', '应用连续 15 分钟不可达，它一次也没有触发'),
        },
        {
          evalMinutes: 30,
          fires: false,
          // Two failed scrapes in a row, 30 s: what a restart looks like.
          series: { [up]: `1x40 0 0 1x${STEPS - 43}` },
          wrong: say('it fired for two failed scrapes in a row, 30 s, as long as a restart takes', '只是连续两次抓取失败，也就是 30 秒，一次重启的工夫，它就触发了'),
        },
      ];
  }
}

/** A promtool test file: each scenario asks ALERTS whether the alert fired within its window. */
export function hiddenTestFile(alert: AlertName, job: string, ruleFiles: string[]): string {
  const tests = scenarios(alert, job).map((s) => {
    const series = Object.entries(s.series).map(([name, values]) => `      - series: '${name}'\n        values: '${values}'`).join('\n');
    const expected = s.fires ? `\n          - labels: '{}'\n            value: 1` : ' []';
    return `  - interval: 15s
    input_series:
${series}
    promql_expr_test:
      - expr: 'clamp_max(count(max_over_time(ALERTS{alertname="${alert}",alertstate="firing"}[${s.evalMinutes}m])), 1)'
        eval_time: ${s.evalMinutes}m
        exp_samples:${expected}`;
  });
  return `rule_files:\n${ruleFiles.map((f) => `  - ${JSON.stringify(f)}`).join('\n')}\nevaluation_interval: 15s\ntests:\n${tests.join('\n')}\n`;
}

/** One failed expectation as promtool prints it: `expr: "…", time: 20m,`. */
interface FailedExpectation {
  expr: string;
  time: string;
}

export function failedExpectations(output: string): FailedExpectation[] {
  return [...output.matchAll(/expr: "((?:[^"\\]|\\.)*)", time: (\w+),/g)].map((m) => ({ expr: m[1]!.replace(/\\"/g, '"'), time: m[2]! }));
}

/** The scenarios of this alert whose expectation promtool reports as failed. */
export function failedScenarios(alert: AlertName, job: string, output: string): Scenario[] {
  const failed = failedExpectations(output).filter((f) => f.expr.includes(`alertname="${alert}"`));
  return scenarios(alert, job).filter((s) => failed.some((f) => f.time === `${s.evalMinutes}m`));
}

/**
 * The course's tests for all three alerts in one promtool run (one container, not three), each
 * alert in a file of its own, the learner's rule files at their own relative paths beside them.
 */
const hiddenRun = oncePerStack(async (stack: MonitoringStack): Promise<{ job: string; result: PromtoolResult }> => {
  const { config, ruleFiles } = await stack.folder();
  const job = appJob(config) ?? 'app';
  const dir = await stack.scope.tempDir('hidden-tests');
  for (const file of ruleFiles) {
    await mkdir(dirname(join(dir, file.path)), { recursive: true });
    await writeFile(join(dir, file.path), file.text);
  }
  const testFiles: string[] = [];
  for (const alert of ALERTS) {
    const testFile = `shipshape-${alert}.test.yml`;
    await writeFile(join(dir, testFile), hiddenTestFile(alert, job, ruleFiles.map((f) => f.path)));
    testFiles.push(testFile);
  }
  const result = await promtool(stack.ctx.runId, ['test', 'rules', ...testFiles], { dir });
  if (result.timedOut) throw new Error('promtool test rules did not finish in time');
  return { job, result };
});

function hiddenCheck(alert: AlertName) {
  return async (stack: MonitoringStack): Promise<void> => {
    await needs('alerts-defined', () => alertsDefined(stack));
    const { job, result } = await hiddenRun(stack);
    if (result.exitCode === 0) return;
    const failed = failedScenarios(alert, job, result.output);
    // Only the other alerts' expectations failed: this one behaves.
    if (failed.length === 0 && failedExpectations(result.output).length > 0) return;
    const expected = say(`${alert} to page for a lasting problem and stay quiet for a blip`, `${alert} 在问题持续时呼叫值班，短暂波动时保持安静`);
    const log = { title: say("promtool's output on the course's tests", 'promtool 运行课程测试的输出'), lines: tail(result.output) };
    // No expectation failed, yet promtool did: the rules themselves would not load or evaluate.
    if (failed.length === 0) fail(expected, verbatim(result.output.split('\n').find((l) => /FAILED|error|err/i.test(l))?.trim() ?? `exit ${result.exitCode}`), log);
    // The job is the one thing the tests take from the learner's files: say which they used.
    const series = { en: ` (the test series carry job="${job}", your job that scrapes ${APP_TARGET})`, 'zh-Hans': `（测试序列带的是 job="${job}"，即你抓取 ${APP_TARGET} 的任务）` };
    fail(expected, { en: failed.map((s) => s.wrong.en).join('; ') + series.en, 'zh-Hans': failed.map((s) => s.wrong['zh-Hans']).join('；') + series['zh-Hans'] }, log);
  };
}

export const errorAlert = hiddenCheck('HighErrorRatio');
export const latencyAlert = hiddenCheck('HighLatencyP95');
export const downAlert = hiddenCheck('InstanceDown');
