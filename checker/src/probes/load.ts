// Constant-rate load against a loopback address, counting every request by what happened to it.
//
// Off-the-shelf generators hide exactly the failures the fault checks look for: against a
// server that dropped every 50th connection, autocannon reported `errors: 0` and hey silently
// re-sent the requests (see the environment notes). So this one counts outcomes itself, and a
// request that could not even be started is counted too (`dropped`), never left out.
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorCode, failureKind, formatDuration } from './reply.js';

/** Bounds on any load, so that a wrong option cannot hammer the learner's machine for minutes. */
export const MAX_DURATION_MS = 120_000;
export const MAX_REQUESTS = 20_000;
export const MAX_IN_FLIGHT = 1000;
export const MAX_TIMEOUT_MS = 30_000;

/** A fault injected while the load runs, e.g. `{ name: 'stop redis', atMs: 3000, run: () => faults.stop(id) }`. */
export interface DuringHook {
  name: string;
  /** Offset from the start of the load. */
  atMs: number;
  run: () => Promise<unknown>;
  /** The load's report waits for the hook at most this long (default 60 s). */
  timeoutMs?: number;
}

export interface LoadOptions {
  /** http:// or https:// on 127.0.0.1, localhost or [::1] only. */
  url: string;
  /**
   * For https://: the certificate authority the server's certificate must chain to (PEM), e.g.
   * the one the checker issued for the run. Without it, the system's.
   */
  ca?: string;
  /** For https://: the name the certificate must carry, when the URL's host is an address. */
  servername?: string;
  /**
   * Paths on url's host taken in turn, e.g. one week's schedule after another: request i asks
   * for paths[i % paths.length]. Without it every request asks for url itself.
   */
  paths?: string[];
  ratePerSecond: number;
  durationMs: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Per request, connection to last byte (default 2000). */
  timeoutMs?: number;
  /** Requests due while this many are unanswered are not sent but counted as `dropped` (default 200). */
  maxInFlight?: number;
  /**
   * Default false: a new connection per request. nginx closes idle keep-alive connections on
   * reload, and a client that reuses one just as it closes gets a reset that a browser would
   * retry unseen; measured here, 10 reloads under 20 keep-alive connections failed 18 requests,
   * with a new connection per request none. A fault check must not blame the learner for the
   * client's connection reuse, so it opens a connection per request unless asked otherwise.
   */
  keepAlive?: boolean;
  /** Which statuses count as ok in the timeline (default 200-399). */
  isOk?: (status: number) => boolean;
  during?: DuringHook | DuringHook[];
}

/** An exact status ('200', '503') or what went wrong: reset, refused, timeout, other, dropped. */
export type Outcome = string;
export const ERROR_OUTCOMES = ['reset', 'refused', 'timeout', 'other', 'dropped'] as const;

export interface Bucket {
  /** Requests started in [second, second + 1) after the load began. */
  second: number;
  ok: number;
  /** Errors and statuses that are not ok. */
  failed: number;
  dropped: number;
  outcomes: Record<Outcome, number>;
  /** e.g. 'stop redis started', 'stop redis ended'. */
  marks: string[];
}

export interface LoadEvent {
  name: string;
  startedAtMs: number;
  endedAtMs: number;
  /** The hook threw or did not finish in time. */
  error?: string;
}

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface LoadReport {
  ratePerSecond: number;
  durationMs: number;
  /** Wall time until every request and hook had finished. */
  elapsedMs: number;
  /** Requests due by the schedule: sent + dropped. */
  scheduled: number;
  sent: number;
  /** Got a whole reply, whatever its status. */
  completed: number;
  /** Sent but ended in a network error or timeout. */
  errored: number;
  dropped: number;
  /** Every request due that did not get an ok status: errors, timeouts, drops and statuses not ok. */
  failures: number;
  outcomes: Record<Outcome, number>;
  /** 2xx, 3xx, 4xx, 5xx: how many replies of each class. */
  classes: Record<string, number>;
  /** The codes behind `other`, e.g. { EHOSTUNREACH: 2 }. */
  otherErrors: Record<string, number>;
  /** Of completed requests, in ms; undefined when none completed. */
  latency: Latency | undefined;
  /** The most a request started after its scheduled time: large values mean the generator could not hold the rate. */
  maxStartLagMs: number;
  timeline: Bucket[];
  events: LoadEvent[];
  /** e.g. "1990 requests in 20 s at 100/s: 1985 x 200, 5 reset (at 7-8 s); p95 14 ms". */
  summary(): string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Throws on anything outside the bounds, before a single request is sent. */
export function validateLoad(options: LoadOptions): URL {
  const url = new URL(options.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`load: only http:// and https:// URLs, not ${url.protocol}//`);
  for (const path of options.paths ?? []) {
    if (!path.startsWith('/')) throw new Error(`load: paths start with /, not ${path}`);
  }
  if (!LOOPBACK.has(url.hostname)) {
    throw new Error(`load: refusing ${url.hostname}; load goes to loopback only (127.0.0.1, localhost, ::1)`);
  }
  const { ratePerSecond: rate, durationMs } = options;
  if (!(rate > 0) || !Number.isFinite(rate)) throw new Error(`load: rate must be a positive number, not ${rate}`);
  if (!(durationMs > 0) || durationMs > MAX_DURATION_MS) {
    throw new Error(`load: duration must be between 0 and ${MAX_DURATION_MS} ms, not ${durationMs}`);
  }
  const total = Math.floor((rate * durationMs) / 1000);
  if (total > MAX_REQUESTS) throw new Error(`load: ${total} requests is over the limit of ${MAX_REQUESTS}`);
  if (total < 1) throw new Error('load: rate x duration gives no request at all');
  const inFlight = options.maxInFlight ?? 200;
  if (!(inFlight >= 1 && inFlight <= MAX_IN_FLIGHT)) throw new Error(`load: maxInFlight must be 1-${MAX_IN_FLIGHT}`);
  const timeoutMs = options.timeoutMs ?? 2000;
  if (!(timeoutMs > 0 && timeoutMs <= MAX_TIMEOUT_MS)) throw new Error(`load: timeoutMs must be 1-${MAX_TIMEOUT_MS}`);
  for (const hook of hooksOf(options)) {
    if (!(hook.atMs >= 0 && hook.atMs < durationMs)) {
      throw new Error(`load: hook "${hook.name}" at ${hook.atMs} ms does not fall within the ${durationMs} ms load`);
    }
  }
  return url;
}

function hooksOf(options: LoadOptions): DuringHook[] {
  return options.during === undefined ? [] : Array.isArray(options.during) ? options.during : [options.during];
}

/** What a network error counts as; `other` keeps its code in `otherErrors`. */
function errorOutcome(code: string): 'reset' | 'refused' | 'timeout' | 'other' {
  const kind = failureKind(code);
  return kind === 'reset' || kind === 'refused' || kind === 'timeout' ? kind : 'other';
}

type Result = { status: number; ms: number } | { code: string };

function once(url: URL, path: string, options: LoadOptions, agent: http.Agent | false, timeoutMs: number): Promise<Result> {
  const started = performance.now();
  const secure = url.protocol === 'https:';
  const request = secure ? https.request : http.request;
  const tls = secure ? { ca: options.ca, servername: options.servername } : {};
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Result): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = request(
      {
        hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port || (secure ? 443 : 80),
        ...tls,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
        agent,
      },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => finish({ status: res.statusCode ?? 0, ms: performance.now() - started }));
        res.on('error', (err) => finish({ code: errorCode(err).code }));
        // Closed mid-body without an error event (older Node): still a reset, not a success.
        res.on('close', () => finish({ code: res.complete ? 'EUNKNOWN' : 'ECONNRESET' }));
      },
    );
    req.on('error', (err) => finish({ code: errorCode(err).code }));
    const timer = setTimeout(() => {
      finish({ code: 'ETIMEDOUT' });
      req.destroy();
    }, timeoutMs);
    req.end(options.body);
  });
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? 0;
}

function add(map: Record<string, number>, key: string, n = 1): void {
  map[key] = (map[key] ?? 0) + n;
}

/** "7-8 s" for one second, "7-9 s, 12-13 s" for runs of seconds. */
function secondsSpans(seconds: number[]): string {
  const spans: string[] = [];
  let from: number | undefined;
  let to = 0;
  for (const s of seconds) {
    if (from !== undefined && s === to) {
      to = s + 1;
      continue;
    }
    if (from !== undefined) spans.push(`${from}-${to} s`);
    from = s;
    to = s + 1;
  }
  if (from !== undefined) spans.push(`${from}-${to} s`);
  return spans.join(', ');
}

function outcomeOrder(a: string, b: string): number {
  const rank = (o: string): number => {
    const status = Number(o);
    return Number.isInteger(status) ? status : 1000 + ERROR_OUTCOMES.indexOf(o as (typeof ERROR_OUTCOMES)[number]);
  };
  return rank(a) - rank(b);
}

function summarize(report: Omit<LoadReport, 'summary'>, isOk: (status: number) => boolean): string {
  const seconds = (outcome: string): number[] =>
    report.timeline.filter((b) => (b.outcomes[outcome] ?? 0) > 0).map((b) => b.second);
  const parts = Object.keys(report.outcomes)
    .sort(outcomeOrder)
    .map((outcome) => {
      const n = report.outcomes[outcome] ?? 0;
      const status = Number(outcome);
      const good = Number.isInteger(status) && isOk(status);
      const label = Number.isInteger(status) ? `${n} x ${outcome}` : `${n} ${outcome}`;
      const codes =
        outcome === 'other' ? ` (${Object.keys(report.otherErrors).sort().join(', ')})` : '';
      return good ? label : `${label}${codes} (at ${secondsSpans(seconds(outcome))})`;
    });
  const rate = Number.isInteger(report.ratePerSecond) ? report.ratePerSecond : report.ratePerSecond.toFixed(1);
  const latency = report.latency ? `p95 ${formatDuration(report.latency.p95)}` : 'no request completed';
  const events = report.events.map(
    (e) => `; "${e.name}" ${(e.startedAtMs / 1000).toFixed(1)}-${(e.endedAtMs / 1000).toFixed(1)} s${e.error ? ` (failed: ${e.error})` : ''}`,
  );
  return `${report.scheduled} requests in ${formatDuration(report.durationMs)} at ${rate}/s: ${parts.join(', ')}; ${latency}${events.join('')}`;
}

async function runHook(hook: DuringHook, start: number, mark: (atMs: number, text: string) => void): Promise<LoadEvent> {
  // Timers may fire a fraction of a millisecond early: wait until the offset has really passed.
  const remaining = (): number => hook.atMs - (performance.now() - start);
  for (let wait = remaining(); wait > 0; wait = remaining()) await sleep(Math.ceil(wait));
  const startedAtMs = Math.round(performance.now() - start);
  mark(startedAtMs, `${hook.name} started`);
  const limit = hook.timeoutMs ?? 60_000;
  let error: string | undefined;
  const deadline = new AbortController();
  try {
    await Promise.race([
      hook.run(),
      sleep(limit, undefined, { signal: deadline.signal }).then(() => {
        throw new Error(`did not finish within ${formatDuration(limit)}`);
      }),
    ]);
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  } finally {
    deadline.abort();
  }
  const endedAtMs = Math.round(performance.now() - start);
  mark(endedAtMs, `${hook.name} ${error ? 'failed' : 'ended'}`);
  return { name: hook.name, startedAtMs, endedAtMs, ...(error ? { error } : {}) };
}

/**
 * Sends requests at a constant rate for a fixed time (an open model: each starts on schedule
 * whether or not earlier ones have finished, as real users would), runs the `during` hooks at
 * their offsets, waits for every request and hook to end, and reports every request's outcome.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const url = validateLoad(options);
  const { ratePerSecond: rate, durationMs } = options;
  const timeoutMs = options.timeoutMs ?? 2000;
  const maxInFlight = options.maxInFlight ?? 200;
  const isOk = options.isOk ?? ((status: number) => status >= 200 && status < 400);
  const total = Math.floor((rate * durationMs) / 1000);
  const intervalMs = 1000 / rate;
  const paths = options.paths?.length ? options.paths : [`${url.pathname}${url.search}`];
  const pathOf = (index: number): string => paths[index % paths.length]!;
  const agentOptions = { keepAlive: true, maxSockets: maxInFlight };
  const agent = !options.keepAlive
    ? false
    : url.protocol === 'https:'
      ? new https.Agent({ ...agentOptions, ca: options.ca, servername: options.servername })
      : new http.Agent(agentOptions);

  const bucketCount = Math.ceil(durationMs / 1000);
  const timeline: Bucket[] = Array.from({ length: bucketCount }, (_, second) => ({
    second,
    ok: 0,
    failed: 0,
    dropped: 0,
    outcomes: {},
    marks: [],
  }));
  // Hooks may end after the load: their marks go in the last bucket rather than vanish.
  const bucketAt = (atMs: number): Bucket => timeline[Math.min(bucketCount - 1, Math.max(0, Math.floor(atMs / 1000)))]!;
  const outcomes: Record<string, number> = {};
  const classes: Record<string, number> = {};
  const otherErrors: Record<string, number> = {};
  const latencies: number[] = [];
  let sent = 0;
  let dropped = 0;
  let errored = 0;
  let inFlight = 0;
  let maxStartLagMs = 0;
  const pending: Promise<void>[] = [];

  const start = performance.now();
  const hooks = hooksOf(options).map((hook) => runHook(hook, start, (atMs, text) => bucketAt(atMs).marks.push(text)));

  const count = (bucket: Bucket, outcome: string, good: boolean): void => {
    add(outcomes, outcome);
    add(bucket.outcomes, outcome);
    if (good) bucket.ok += 1;
    else if (outcome !== 'dropped') bucket.failed += 1;
  };

  const fire = (index: number): void => {
    const startedAtMs = performance.now() - start;
    maxStartLagMs = Math.max(maxStartLagMs, startedAtMs - index * intervalMs);
    const bucket = bucketAt(startedAtMs);
    if (inFlight >= maxInFlight) {
      dropped += 1;
      bucket.dropped += 1;
      count(bucket, 'dropped', false);
      return;
    }
    sent += 1;
    inFlight += 1;
    pending.push(
      once(url, pathOf(index), options, agent, timeoutMs).then((result) => {
        inFlight -= 1;
        if ('status' in result) {
          latencies.push(result.ms);
          add(classes, `${Math.floor(result.status / 100)}xx`);
          count(bucket, String(result.status), isOk(result.status));
        } else {
          errored += 1;
          const outcome = errorOutcome(result.code);
          if (outcome === 'other') add(otherErrors, result.code);
          count(bucket, outcome, false);
        }
      }),
    );
  };

  try {
    // Starts every request whose time has come, then sleeps until the next is due; after a
    // stall of the event loop the overdue ones start at once instead of being skipped.
    let next = 0;
    while (next < total) {
      const now = performance.now() - start;
      while (next < total && next * intervalMs <= now) fire(next++);
      if (next < total) await sleep(Math.max(0, next * intervalMs - (performance.now() - start)));
    }
    await Promise.all(pending);
  } finally {
    if (agent) agent.destroy();
  }
  const events = await Promise.all(hooks);
  const elapsedMs = Math.round(performance.now() - start);

  latencies.sort((a, b) => a - b);
  const round = (ms: number): number => Math.round(ms * 10) / 10;
  const latency =
    latencies.length === 0
      ? undefined
      : {
          p50: round(percentile(latencies, 50)),
          p95: round(percentile(latencies, 95)),
          p99: round(percentile(latencies, 99)),
          max: round(latencies.at(-1) ?? 0),
        };
  // Each bucket already counted its ok replies by isOk: the rest of what was due failed.
  const good = timeline.reduce((sum, bucket) => sum + bucket.ok, 0);
  const report: Omit<LoadReport, 'summary'> = {
    ratePerSecond: rate,
    durationMs,
    elapsedMs,
    scheduled: sent + dropped,
    sent,
    completed: latencies.length,
    errored,
    dropped,
    failures: sent + dropped - good,
    outcomes,
    classes,
    otherErrors,
    latency,
    maxStartLagMs: Math.round(maxStartLagMs),
    timeline,
    events,
  };
  return { ...report, summary: () => summarize(report, isOk) };
}
