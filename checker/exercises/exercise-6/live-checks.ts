// The checks that run the learner's monitoring stack: Prometheus scraping the app, an alert
// travelling from a rule to the pager, and the dashboard's queries against live data.
import { setTimeout as sleep } from 'node:timers/promises';
import { needs, oncePerStack } from '../../src/exercise.js';
import { say } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import { httpFromHost } from '../../src/probes/http.js';
import { promQueryUntil, promTargetsScraped } from '../../src/probes/promql.js';
import { METRICS_PORT } from '../../src/service-ports.js';
import { fail } from '../../src/verdict.js';
import { readDashboards, type PanelQuery } from './dashboards.js';
import { APP_TARGET, appJob, appTargetElsewhere } from './monitoring-files.js';
import type { MonitoringStack } from './stack.js';
import { alertmanagerValid, alertsDefined, configValid } from './static-checks.js';

/** How long the pager may still take once Alertmanager holds the alert: group_wait is cut to 1 s. */
const HELD_MS = 5000;

/** Whether Alertmanager has an active alert of this name (it received it from Prometheus). */
async function holds(alertmanagerUrl: string, alertname: string): Promise<boolean> {
  const reply = await httpFromHost(`${alertmanagerUrl}/api/v2/alerts?filter=${encodeURIComponent(`alertname="${alertname}"`)}`);
  if (!reply.ok || reply.status !== 200) return false;
  try {
    return (JSON.parse(reply.body) as unknown[]).length > 0;
  } catch {
    return false;
  }
}

/** The Alertmanagers a Prometheus sends to, from its API; none when it won't say. */
async function alertmanagersOf(prometheusUrl: string): Promise<string[]> {
  const reply = await httpFromHost(`${prometheusUrl}/api/v1/alertmanagers`);
  try {
    const body = JSON.parse(reply.ok ? reply.body : '{}') as { data?: { activeAlertmanagers?: { url?: string }[] } };
    return (body.data?.activeAlertmanagers ?? []).map((m) => m.url ?? '?');
  } catch {
    return [];
  }
}

/** How long the pager may take after the errors begin: a few evaluations, `for:` of 5 s, group_wait of 1 s. */
const DELIVERY_MS = 40_000;

/** The learner's job that scrapes the app, up. */
export const scrapesApp = oncePerStack(async (stack: MonitoringStack): Promise<string> => {
  await needs('config-valid', () => configValid(stack));
  const { config } = await stack.folder();
  const job = appJob(config);
  if (!job) {
    const elsewhere = appTargetElsewhere(config);
    fail(
      say(`a scrape job in prometheus.yml whose static target is ${APP_TARGET}`, `prometheus.yml 里有一个抓取任务，静态目标是 ${APP_TARGET}`),
      elsewhere
        ? say(
            `no job lists ${APP_TARGET}; one scrapes ${elsewhere}, but the app serves /metrics only on its metrics port, ${METRICS_PORT}`,
            `没有哪个任务列出 ${APP_TARGET}；有一个任务抓取的是 ${elsewhere}，但应用只在它的指标端口 ${METRICS_PORT} 上提供 /metrics`,
          )
        : say(`no job lists ${APP_TARGET} (the app's compose service name and its metrics port inside the network)`, `没有哪个任务列出 ${APP_TARGET}（应用的 compose 服务名和它在网络内部的指标端口）`),
    );
  }
  await stack.app();
  const { url } = await stack.prometheus();
  const targets = await promTargetsScraped(url, job, { until: 'up', withinMs: 8000 });
  if (!targets.ok) throw new Error(`the learner's Prometheus did not list its targets: ${targets.error.en}`);
  const target = targets.targets.find((t) => t.instance === APP_TARGET);
  if (target?.health !== 'up') {
    fail(
      say(`your job ${job} to scrape ${APP_TARGET} without an error`, `你的任务 ${job} 抓取 ${APP_TARGET} 时不出错`),
      target?.lastError
        ? say(`Prometheus says: ${target.lastError}`, `Prometheus 说：${target.lastError}`)
        : say('Prometheus has not managed a scrape yet', 'Prometheus 还没有成功抓取过一次'),
    );
  }
  return job;
});

interface WebhookBody {
  status?: string;
  alerts?: { status?: string; labels?: Record<string, string> }[];
}

const alertsIn = (body: string): { status?: string; labels?: Record<string, string> }[] => {
  try {
    return (JSON.parse(body) as WebhookBody).alerts ?? [];
  } catch {
    return [];
  }
};

export async function alertDelivered(stack: MonitoringStack): Promise<void> {
  await needs('scrapes-app', () => scrapesApp(stack));
  await needs('alerts-defined', () => alertsDefined(stack));
  await needs('alertmanager-valid', () => alertmanagerValid(stack));
  const [pager, alertmanager] = await Promise.all([stack.pager(), stack.alertmanager()]);
  await stack.errorBurst();
  const isPage = (r: { body: string }): boolean => alertsIn(r.body).some((a) => a.labels?.alertname === 'HighErrorRatio' && a.status === 'firing');
  const { url } = await stack.prometheus();
  const managers = await alertmanagersOf(url);
  // Until the pager has the page, or Alertmanager has held the alert for a while without sending
  // it, or the alert fires in a Prometheus that has no Alertmanager to send it to.
  const deadline = performance.now() + DELIVERY_MS;
  let heldSince: number | undefined;
  let received = await pager.received();
  for (let round = 1; !received.some(isPage) && performance.now() < deadline; round++) {
    if (heldSince !== undefined && performance.now() - heldSince > HELD_MS) break;
    if (managers.length === 0 && round % 8 === 0 && (await stack.queryOwn('ALERTS{alertname="HighErrorRatio",alertstate="firing"}')).length > 0) break;
    await sleep(250);
    if (heldSince === undefined && (await holds(alertmanager.url, 'HighErrorRatio'))) heldSince = performance.now();
    received = await pager.received();
  }
  if (received.some(isPage)) return;

  const expected = say('a firing HighErrorRatio at the pager (a webhook to http://pager:8080/…) within 40 s of the database going away', '数据库停掉后 40 秒内，值班 webhook（http://pager:8080/…）收到处于 firing 状态的 HighErrorRatio');
  if (received.length) {
    const got = [...new Set(received.flatMap((r) => alertsIn(r.body).map((a) => `${a.labels?.alertname ?? '?'} (${a.status ?? '?'})`)))].join(', ') || 'no alerts';
    fail(expected, say(`the pager received only: ${got}`, `值班 webhook 只收到了：${got}`));
  }
  const firing = await stack.queryOwn('ALERTS{alertname="HighErrorRatio"}');
  const state = firing[0]?.metric.alertstate;
  if (state !== 'firing') {
    fail(
      expected,
      state === 'pending'
        ? say('HighErrorRatio was still pending in your Prometheus (with `for:` already cut to 5 s)', 'HighErrorRatio 在你的 Prometheus 里还处于 pending（`for:` 已被缩短到 5 秒）')
        : say('HighErrorRatio never fired in your Prometheus while GET /employees answered 500', 'GET /employees 一直返回 500，HighErrorRatio 在你的 Prometheus 里却始终没有触发'),
    );
  }
  if (heldSince === undefined) {
    fail(
      expected,
      managers.length
        ? say(`HighErrorRatio fired, but Alertmanager never received it (prometheus.yml sends alerts to ${managers.join(', ')})`, `HighErrorRatio 触发了，但 Alertmanager 没有收到（prometheus.yml 把告警发往 ${managers.join('、')}）`)
        : say('HighErrorRatio fired, but prometheus.yml sends alerts to no Alertmanager (alerting: alertmanagers:)', 'HighErrorRatio 触发了，但 prometheus.yml 没有把告警发给任何 Alertmanager（alerting: alertmanagers:）'),
    );
  }
  fail(expected, say('HighErrorRatio fired and reached Alertmanager, but no route sent it to the pager', 'HighErrorRatio 触发了，也到了 Alertmanager，却没有哪条路由把它送到值班 webhook'));
}

/** How long all the panels together may wait for their first data. */
const PANEL_DATA_MS = 8000;
/** Dashboards need at least this many panels with a query: traffic, errors, latency, saturation. */
const MIN_PANELS = 4;

export async function dashboard(stack: MonitoringStack): Promise<void> {
  await needs('scrapes-app', () => scrapesApp(stack));
  const { queries, unset } = await readDashboards(stack.ctx.dir);
  const panels = new Set(queries.map((q) => `${q.dashboard}/${q.panel}`));
  const expected = say(
    `at least ${MIN_PANELS} panels with queries, among them the request counter and the latency histogram, every query returning data`,
    `至少 ${MIN_PANELS} 个带查询的面板，其中包括请求计数器和延迟直方图，每个查询都能查到数据`,
  );
  if (panels.size < MIN_PANELS) fail(expected, say(`${panels.size} panels with a query`, `只有 ${panels.size} 个带查询的面板`));
  const about = (metric: string): boolean => queries.some((q) => q.expr.includes(metric));
  const missing = ['http_requests', 'http_request_duration_seconds'].filter((m) => !about(m));
  if (missing.length) fail(expected, say(`no panel queries ${missing.join(' or ')}`, `没有哪个面板查询 ${missing.join(' 或 ')}`));
  const [first] = unset;
  if (first) {
    fail(
      say('every panel with a query to name its datasource and its unit', '每个带查询的面板都指明数据源和单位'),
      say(
        `panel "${first.panel}" (${first.dashboard}) has no ${first.lacks.join(' and no ')}${unset.length > 1 ? `, and ${unset.length - 1} more like it` : ''}`,
        `面板 "${first.panel}"（${first.dashboard}）没有设置${first.lacks.map((l) => (l === 'unit' ? '单位' : '数据源')).join('和')}${unset.length > 1 ? `，另有 ${unset.length - 1} 个面板也是这样` : ''}`,
      ),
    );
  }
  // Errors exist once the burst has begun, and the recording rules have had a few evaluations.
  await stack.errorBurst();
  const { url } = await stack.prometheus();
  await promQueryUntil(url, 'http_requests_total{status=~"5.."}', (s) => s.length > 0, { withinMs: 10_000 });
  // A panel over a rate or a recording rule has data after a few evaluations: one shared wait.
  const deadline = performance.now() + PANEL_DATA_MS;
  for (const q of queries) await expectData(url, q, deadline, expected);
}

async function expectData(url: string, q: PanelQuery, deadline: number, expected: Text): Promise<void> {
  const result = await promQueryUntil(url, q.query, (s) => s.length > 0, { withinMs: Math.max(0, deadline - performance.now()) });
  const where = `"${q.panel}" (${q.dashboard})`;
  if (!result.ok) fail(expected, say(`panel ${where}: Prometheus refused ${q.expr}: ${result.error.en}`, `面板 ${where}：Prometheus 拒绝了 ${q.expr}：${result.error['zh-Hans']}`));
  if (result.samples.length === 0) fail(expected, say(`panel ${where}: ${q.expr} returned no data`, `面板 ${where}：${q.expr} 没有查到数据`));
}
