import { randomBytes } from 'node:crypto';
import { needs, oncePerStack } from '../../src/exercise.js';
import { CLAUSES, joinSaid, say, verbatim } from '../../src/locale.js';
import { httpFromHost } from '../../src/probes/http.js';
import { promTargetsScraped, seriesName, type PromSample } from '../../src/probes/promql.js';
import { promtool } from '../../src/probes/promtool.js';
import type { Text } from '../../src/manifest.js';
import { METRICS_PORT } from '../../src/service-ports.js';
import { fail } from '../../src/verdict.js';
import { JOB, type MetricsStack } from './stack.js';

/** The scrape itself: /metrics answers, and Prometheus' own verdict on reading it is "up". */
export const scraped = oncePerStack(async (stack: MetricsStack) => {
  await needs('image-builds', stack.app);
  const page = await httpFromHost(await stack.metricsUrl());
  if (!page.ok || page.status !== 200) {
    fail(
      say(`GET /metrics on port ${METRICS_PORT} → 200 with the metrics in the Prometheus text format`, `${METRICS_PORT} 端口上的 GET /metrics 返回 200，内容是 Prometheus 文本格式的指标`),
      page.ok ? say(`GET /metrics → ${page.status}`, `GET /metrics 返回了 ${page.status}`) : page.sentence,
    );
  }
  const { url } = await stack.prometheus();
  // The app listens by now, but Prometheus may have tried it before: a few scrapes to come up.
  const targets = await promTargetsScraped(url, JOB, { until: 'up', withinMs: 6000 });
  if (!targets.ok) throw new Error(`the course's Prometheus did not list its targets: ${targets.error.en}`);
  const target = targets.targets[0];
  if (target?.health !== 'up') {
    fail(
      say('Prometheus to scrape GET /metrics without an error', 'Prometheus 抓取 GET /metrics 时不出错'),
      target?.lastError
        ? say(`Prometheus could not read the page: ${target.lastError}`, `Prometheus 读不了这个页面：${target.lastError}`)
        : say('Prometheus has not managed a scrape yet', 'Prometheus 还没有成功抓取过一次'),
    );
  }
});

export async function defaultMetrics(stack: MetricsStack): Promise<void> {
  await needs('scraped', () => scraped(stack));
  const names = ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes'];
  const found = await stack.queryNow(`group by (__name__) ({job="${JOB}", __name__=~"${names.join('|')}"})`);
  const missing = names.filter((n) => !found.some((s) => s.metric.__name__ === n));
  if (missing.length) {
    fail(
      say('the default process and Node.js metrics (collectDefaultMetrics) in the scrape', '抓取结果里有默认的进程和 Node.js 指标（collectDefaultMetrics）'),
      say(`missing: ${missing.join(', ')}`, `缺少：${missing.join('、')}`),
    );
  }
}

type Key = `${string} ${string} ${string}`;
const keyOf = (s: PromSample): Key => `${s.metric.method ?? ''} ${s.metric.route ?? ''} ${s.metric.status ?? ''}`;
const byKey = (samples: PromSample[]): Map<Key, number> => new Map(samples.map((s) => [keyOf(s), s.value]));
const COUNTER = `sum by (method, route, status) (http_requests_total{job="${JOB}"})`;

/** Known traffic, and what it must add to http_requests_total: one line per method, route and status. */
const TRAFFIC: { method: string; path: string; body?: object; count: number; key: Key }[] = [
  { method: 'GET', path: '/employees', count: 3, key: 'GET /employees 200' },
  { method: 'GET', path: '/employees/987654', count: 2, key: 'GET /employees/:id 404' },
  { method: 'POST', path: '/employees', body: { name: 'No Email' }, count: 1, key: 'POST /employees 400' },
];

const said = (key: Key): string => {
  const [method, route, status] = key.split(' ');
  return `http_requests_total{method="${method}",route="${route}",status="${status}"}`;
};

/** The counter read before and after a batch of known requests: the increase per series. */
async function countedIncrease(stack: MetricsStack): Promise<{ before: Map<Key, number>; after: Map<Key, number> }> {
  const before = byKey(await stack.queryNow(COUNTER));
  for (const t of TRAFFIC) await stack.send(t.path, { method: t.method, count: t.count, ...(t.body ? { body: t.body } : {}) });
  const after = byKey(await stack.afterNextScrape(COUNTER));
  return { before, after };
}

export const requestCounter = oncePerStack(async (stack: MetricsStack) => {
  await needs('scraped', () => scraped(stack));
  const { before, after } = await countedIncrease(stack);
  const wrong = TRAFFIC.flatMap((t) => {
    const rose = (after.get(t.key) ?? 0) - (before.get(t.key) ?? 0);
    return rose === t.count ? [] : [say(`${said(t.key)} rose by ${rose}`, `${said(t.key)} 增加了 ${rose}`)];
  });
  if (wrong.length) {
    fail(
      say(
        `after ${TRAFFIC.map((t) => `${t.count}× ${t.method} ${t.path}`).join(', ')}: each series of http_requests_total to rise by exactly that many`,
        `发送 ${TRAFFIC.map((t) => `${t.count} 次 ${t.method} ${t.path}`).join('、')} 之后，http_requests_total 的对应序列恰好增加这么多`,
      ),
      await whyNotCounted(stack, after, joinSaid(wrong, CLAUSES)),
    );
  }
});

/**
 * The likely mistake behind wrong counts, named from what the series show: no such metric (and
 * what the page calls its counters instead), raw paths in the route label, or every request
 * counted on arrival (no route matched yet, status still 200).
 */
async function whyNotCounted(stack: MetricsStack, after: Map<Key, number>, wrong: Text): Promise<Text> {
  const keys = [...after.keys()].filter((k) => !k.includes('/metrics'));
  if (keys.length === 0) {
    const names = (await stack.queryNow(`group by (__name__) ({job="${JOB}", __name__=~"http_.*"})`)).map((s) => s.metric.__name__ ?? '');
    return names.length
      ? say(`Prometheus has no http_requests_total from your app; its http_ metrics are ${names.join(', ')}`, `Prometheus 里没有来自你的应用的 http_requests_total；它的 http_ 开头的指标是 ${names.join('、')}`)
      : say('Prometheus has no http_requests_total from your app, nor any metric starting with http_', 'Prometheus 里没有来自你的应用的 http_requests_total，也没有任何以 http_ 开头的指标');
  }
  const seen = keys.slice(0, 8).join('; ');
  const rawPath = keys.map((k) => k.split(' ')[1] ?? '').find((route) => /\/\d+/.test(route));
  const cause = rawPath
    ? say(`the route label holds a raw path (${rawPath}), not the template /employees/:id`, `route 标签里是原始路径（${rawPath}），而不是模板 /employees/:id`)
    : keys.every((k) => k.endsWith(' 200'))
      ? say('every request was counted with status 200: counted when it arrived, before it was answered', '所有请求的状态都记成了 200：是在请求到达时、还没应答就计数了')
      : undefined;
  const counts = say(`${wrong.en} (series seen: ${seen})`, `${wrong['zh-Hans']}（看到的序列：${seen}）`);
  return cause ? say(`${cause.en}; ${counts.en}`, `${cause['zh-Hans']}；${counts['zh-Hans']}`) : counts;
}

export async function routeTemplates(stack: MetricsStack): Promise<void> {
  await needs('request-counter', () => requestCounter(stack));
  const series = `count(http_requests_total{job="${JOB}"})`;
  const [before] = await stack.queryNow(series);
  // Half ids no employee has (a matched route, 404), half paths no route matches; each with a
  // mark that would show up in a label taken from the raw path.
  const probes = Array.from({ length: 20 }, (_, i) => {
    const mark = i % 2 === 0 ? String(1_000_000 + randomBytes(3).readUIntBE(0, 3)) : `no-such-page-${randomBytes(4).toString('hex')}`;
    return { path: i % 2 === 0 ? `/employees/${mark}` : `/${mark}`, mark };
  });
  for (const { path } of probes) await stack.send(path);
  const routes = (await stack.afterNextScrape(`group by (route) (http_requests_total{job="${JOB}"})`)).map((s) => s.metric.route ?? '');
  const [after] = await stack.queryNow(series);
  const grew = (after?.value ?? 0) - (before?.value ?? 0);
  const leaked = routes.filter((r) => probes.some(({ mark }) => r.includes(mark)));
  if (leaked.length || grew > 2) {
    fail(
      say(
        '20 requests for random ids and unknown paths to add at most 2 series (route label = the matched template, or one fixed value)',
        '20 个随机 id 和未知路径的请求最多增加 2 个序列（route 标签用匹配到的模板，或一个固定值）',
      ),
      leaked.length
        ? say(`they added ${grew} series; route labels like ${leaked.slice(0, 3).join(', ')}`, `它们增加了 ${grew} 个序列；route 标签出现了 ${leaked.slice(0, 3).join('、')} 这样的值`)
        : say(`they added ${grew} series`, `它们增加了 ${grew} 个序列`),
    );
  }
}

export async function latencyHistogram(stack: MetricsStack): Promise<void> {
  await needs('request-counter', () => requestCounter(stack));
  const metric = 'http_request_duration_seconds';
  const bounds = (await stack.queryNow(`group by (le) (${metric}_bucket{job="${JOB}"})`))
    .map((s) => Number(s.metric.le))
    .filter((le) => Number.isFinite(le))
    .sort((a, b) => a - b);
  if (bounds.length === 0) {
    fail(
      say(`${metric} as a histogram (${metric}_bucket series with le labels)`, `${metric} 是一个直方图（带 le 标签的 ${metric}_bucket 序列）`),
      say(`no ${metric}_bucket series in the scrape`, `抓取结果里没有 ${metric}_bucket 序列`),
    );
  }
  if (!(bounds[0]! <= 0.1 && bounds.at(-1)! >= 1)) {
    fail(
      say('buckets from 0.1 s or less up to 1 s or more', '桶的范围从 0.1 秒或更小一直到 1 秒或更大'),
      say(`buckets: ${bounds.join(', ')}`, `桶：${bounds.join('、')}`),
    );
  }
  const count = `sum(${metric}_count{job="${JOB}", route="/employees", method="GET"})`;
  const [before] = await stack.queryNow(count);
  await stack.send('/employees', { count: 2 });
  const [after] = await stack.afterNextScrape(count);
  const rose = (after?.value ?? 0) - (before?.value ?? 0);
  if (rose !== 2) {
    fail(
      say(`${metric}_count{route="/employees",method="GET"} to rise by 2 after 2× GET /employees`, `发送 2 次 GET /employees 之后，${metric}_count{route="/employees",method="GET"} 增加 2`),
      say(`it rose by ${rose}`, `它增加了 ${rose}`),
    );
  }
}

export async function poolGauge(stack: MetricsStack): Promise<void> {
  await needs('scraped', () => scraped(stack));
  // Database traffic first: an idle pool may have closed every connection.
  await stack.send('/employees', { count: 2 });
  const samples = await stack.afterNextScrape(`db_pool_connections{job="${JOB}"}`);
  const state = (name: string): number | undefined => samples.find((s) => s.metric.state === name)?.value;
  const [total, idle, waiting] = [state('total'), state('idle'), state('waiting')];
  if (total === undefined || idle === undefined || waiting === undefined) {
    const seen = samples.map((s) => seriesName(s.metric)).join(', ') || 'no db_pool_connections series';
    fail(
      say('db_pool_connections with state="total", "idle" and "waiting"', 'db_pool_connections 带有 state="total"、"idle" 和 "waiting" 三个序列'),
      verbatim(seen),
    );
  }
  if (total < 1 || idle > total || waiting < 0) {
    fail(
      say('right after two database reads: total ≥ 1, idle ≤ total, waiting ≥ 0, read from the pool at scrape time', '刚做完两次数据库读取：total ≥ 1、idle ≤ total、waiting ≥ 0，并且是在抓取时从连接池读出来的'),
      say(`total ${total}, idle ${idle}, waiting ${waiting}`, `total ${total}，idle ${idle}，waiting ${waiting}`),
    );
  }
}

export async function businessMetric(stack: MetricsStack): Promise<void> {
  await needs('scraped', () => scraped(stack));
  const expr = `sum(schedules_generated_total{job="${JOB}"})`;
  const before = await stack.queryNow(expr);
  await stack.send('/schedule/weekly', { count: 2 });
  const after = await stack.afterNextScrape(expr);
  if (after.length === 0) {
    fail(say('schedules_generated_total in the scrape', '抓取结果里有 schedules_generated_total'), say('no such metric', '没有这个指标'));
  }
  const rose = (after[0]?.value ?? 0) - (before[0]?.value ?? 0);
  if (rose !== 2) {
    fail(
      say('schedules_generated_total to rise by 2 after 2× GET /schedule/weekly', '发送 2 次 GET /schedule/weekly 之后，schedules_generated_total 增加 2'),
      say(`it rose by ${rose}`, `它增加了 ${rose}`),
    );
  }
}

/** prom-client's default metrics: not the learner's to fix, and promtool flags some of them. */
const DEFAULT_FAMILY = /^(process|nodejs)_/;

/** The page without the default families' HELP, TYPE and sample lines. */
export function learnersOwn(page: string): string {
  return page
    .split('\n')
    .filter((line) => {
      const name = line.startsWith('#') ? (line.split(' ')[2] ?? '') : (/^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0] ?? '');
      return !DEFAULT_FAMILY.test(name);
    })
    .join('\n');
}

export async function metricsLint(stack: MetricsStack, ctx: { runId: string }): Promise<void> {
  await needs('scraped', () => scraped(stack));
  const page = await httpFromHost(await stack.metricsUrl(), { maxBodyBytes: 4 * 1024 * 1024 });
  if (!page.ok) fail(say('GET /metrics to answer', 'GET /metrics 能应答'), page.sentence);
  const linted = await promtool(ctx.runId, ['check', 'metrics'], { input: learnersOwn(page.body) });
  if (linted.exitCode !== 0) {
    const lines = linted.output.split('\n').filter(Boolean);
    fail(
      say('`promtool check metrics` to find nothing wrong with your metrics', '`promtool check metrics` 在你的指标里挑不出毛病'),
      linted.timedOut ? say('promtool did not finish', 'promtool 没有运行完') : verbatim(lines.slice(0, 6).join('; ')),
    );
  }
}
