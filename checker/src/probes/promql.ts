// PromQL against a live Prometheus through its HTTP API (/api/v1/query): the server, not our
// reading of the expression, decides what it means, so `rate()` of a gauge or a label that no
// series carries shows up exactly as it would on a dashboard.
import { setTimeout as sleep } from 'node:timers/promises';
import { say, verbatim } from '../locale.js';
import type { Text } from '../manifest.js';
import { httpFromHost } from './http.js';

export interface PromSample {
  /** The series' labels, __name__ included when the expression keeps it. */
  metric: Record<string, string>;
  value: number;
}

export type PromResult =
  | { ok: true; samples: PromSample[]; transcript: string }
  | { ok: false; error: Text; transcript: string };

interface ApiReply {
  status?: string;
  errorType?: string;
  error?: string;
  data?: { resultType?: string; result?: unknown };
}

/** `{job="app", instance="app:3000"}` as Prometheus prints a series, name first. */
export function seriesName(metric: Record<string, string>): string {
  const { __name__: name = '', ...labels } = metric;
  const inner = Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',');
  return inner ? `${name}{${inner}}` : name || '{}';
}

/** The samples of an instant query's data, whatever its type (a scalar is one sample without labels). */
export function samplesOf(data: ApiReply['data']): PromSample[] | undefined {
  const value = (pair: unknown): number => Number((pair as [number, string])[1]);
  switch (data?.resultType) {
    case 'vector':
      return (data.result as { metric: Record<string, string>; value: [number, string] }[]).map((r) => ({ metric: r.metric, value: value(r.value) }));
    case 'scalar':
      return [{ metric: {}, value: value(data.result) }];
    default:
      // A range vector (`x[5m]`) or a string: not what an instant check asks for.
      return undefined;
  }
}

function summary(samples: PromSample[]): string {
  if (samples.length === 0) return 'no series';
  const first = samples.slice(0, 3).map((s) => `${seriesName(s.metric)} ${s.value}`).join(', ');
  return samples.length > 3 ? `${samples.length} series (${first}, …)` : first;
}

/**
 * One instant query, e.g. promQuery('http://127.0.0.1:32768', 'up{job="app"}'). A query the
 * server refuses comes back as its own error message; an unreachable server as the probe's sentence.
 */
export async function promQuery(baseUrl: string, expr: string, { timeoutMs = 10_000 } = {}): Promise<PromResult> {
  const url = `${baseUrl.replace(/\/$/, '')}/api/v1/query?query=${encodeURIComponent(expr)}`;
  const reply = await httpFromHost(url, { timeoutMs });
  const line = (outcome: string): string => `PromQL ${expr.length > 100 ? `${expr.slice(0, 100)}…` : expr} -> ${outcome}`;
  if (!reply.ok) return { ok: false, error: reply.sentence, transcript: line(reply.transcript.replace(/^.*? -> /, '')) };
  let body: ApiReply;
  try {
    body = JSON.parse(reply.body) as ApiReply;
  } catch {
    const said = say(`Prometheus answered ${reply.status} with something that is not JSON`, `Prometheus 返回了 ${reply.status}，内容却不是 JSON`);
    return { ok: false, error: said, transcript: line(`${reply.status}, not JSON`) };
  }
  if (body.status !== 'success') {
    const error = `${body.errorType ?? 'error'}: ${body.error ?? `HTTP ${reply.status}`}`;
    return { ok: false, error: verbatim(error), transcript: line(error) };
  }
  const samples = samplesOf(body.data);
  if (!samples) {
    const type = body.data?.resultType ?? 'nothing';
    return {
      ok: false,
      error: say(`the query returns a ${type}, not an instant vector`, `查询返回的是 ${type}，而不是即时向量`),
      transcript: line(type),
    };
  }
  return { ok: true, samples, transcript: line(`${summary(samples)} after ${reply.ms} ms`) };
}

/**
 * Asks the same query until `done` accepts the result or `withinMs` has passed, and returns the
 * last result either way: a scrape or a rule evaluation lands on Prometheus' own clock.
 */
export async function promQueryUntil(
  baseUrl: string,
  expr: string,
  done: (samples: PromSample[]) => boolean,
  { withinMs = 15_000, everyMs = 500 } = {},
): Promise<PromResult> {
  const deadline = performance.now() + withinMs;
  for (;;) {
    const result = await promQuery(baseUrl, expr);
    if ((result.ok && done(result.samples)) || performance.now() + everyMs > deadline) return result;
    await sleep(everyMs);
  }
}

/** One scrape target as Prometheus sees it: the verdict a learner needs when a scrape fails. */
export interface PromTarget {
  job: string;
  instance: string;
  scrapeUrl: string;
  /** 'unknown' until the first scrape. */
  health: 'up' | 'down' | 'unknown';
  /** Prometheus' own words for the last failed scrape, e.g. a refused connection or a parse error. */
  lastError: string;
}

interface TargetsReply {
  status?: string;
  data?: { activeTargets?: { labels?: Record<string, string>; scrapeUrl?: string; health?: string; lastError?: string; scrapePool?: string }[] };
}

/** The active scrape targets of a job (every job when none is named), from /api/v1/targets. */
export async function promTargets(baseUrl: string, job?: string): Promise<{ ok: true; targets: PromTarget[] } | { ok: false; error: Text }> {
  const reply = await httpFromHost(`${baseUrl.replace(/\/$/, '')}/api/v1/targets?state=active`, { timeoutMs: 10_000 });
  if (!reply.ok) return { ok: false, error: reply.sentence };
  let body: TargetsReply;
  try {
    body = JSON.parse(reply.body) as TargetsReply;
  } catch {
    return { ok: false, error: say(`Prometheus answered ${reply.status} with something that is not JSON`, `Prometheus 返回了 ${reply.status}，内容却不是 JSON`) };
  }
  const targets = (body.data?.activeTargets ?? []).map((t): PromTarget => ({
    job: t.labels?.job ?? t.scrapePool ?? '',
    instance: t.labels?.instance ?? '',
    scrapeUrl: t.scrapeUrl ?? '',
    health: t.health === 'up' || t.health === 'down' ? t.health : 'unknown',
    lastError: t.lastError ?? '',
  }));
  return { ok: true, targets: job === undefined ? targets : targets.filter((t) => t.job === job) };
}

/**
 * A job's targets once each has been scraped at least once, or is up (`until`), or `withinMs`
 * has passed: whether Prometheus can read a page is its own verdict, parse errors included.
 */
export async function promTargetsScraped(
  baseUrl: string,
  job: string,
  { withinMs = 15_000, everyMs = 500, until = 'scraped' }: { withinMs?: number; everyMs?: number; until?: 'scraped' | 'up' } = {},
): Promise<{ ok: true; targets: PromTarget[] } | { ok: false; error: Text }> {
  const deadline = performance.now() + withinMs;
  for (;;) {
    const result = await promTargets(baseUrl, job);
    // 'up' waits out the failed scrapes of a target that was still starting.
    const settled = result.ok && result.targets.length > 0 && result.targets.every((t) => (until === 'up' ? t.health === 'up' : t.health !== 'unknown'));
    if (settled || performance.now() + everyMs > deadline) return result;
    await sleep(everyMs);
  }
}
