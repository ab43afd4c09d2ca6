// The learner's configuration on a faster clock, for the live run only: a check can't wait the
// minutes a sensible `for:` or `group_wait` asks for. Only timing changes; what each rule means
// over time is judged by the hidden promtool tests (hidden-tests.ts), on the learner's own files.
import { parse, stringify } from 'yaml';

/** Every scrape and rule evaluation in the live run, so a check sees its traffic within seconds. */
export const LIVE_INTERVAL = '1s';
/** The longest `for:` an alert keeps in the live run. */
export const LIVE_FOR_MS = 5000;
/** The longest `group_wait` a route keeps in the live run. */
export const LIVE_GROUP_WAIT_MS = 1000;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const UNIT_MS: Record<string, number> = { y: 365 * 86_400_000, w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** A Prometheus duration ("1h30m", "90s", "0") in milliseconds; undefined when it is not one. */
export function durationMs(text: string): number | undefined {
  if (text === '0') return 0;
  const parts = [...text.matchAll(/(\d+)(ms|[ywdhms])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return undefined;
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * UNIT_MS[unit!]!, 0);
}

/** `value` when it is a duration no longer than `maxMs`, else the cap written as a duration. */
function capped(value: unknown, maxMs: number): unknown {
  const ms = typeof value === 'string' ? durationMs(value) : undefined;
  return ms !== undefined && ms <= maxMs ? value : `${maxMs}ms`;
}

/** prometheus.yml with every scrape and evaluation every second, and nothing else changed. */
export function liveConfig(text: string): string {
  const config: unknown = parse(text);
  if (!isRecord(config)) return text;
  const global = isRecord(config.global) ? config.global : {};
  config.global = { ...global, scrape_interval: LIVE_INTERVAL, scrape_timeout: LIVE_INTERVAL, evaluation_interval: LIVE_INTERVAL };
  for (const job of Array.isArray(config.scrape_configs) ? config.scrape_configs : []) {
    if (!isRecord(job)) continue;
    delete job.scrape_interval;
    delete job.scrape_timeout;
  }
  return stringify(config);
}

/** A rule file whose groups follow the global interval and whose alerts wait at most LIVE_FOR_MS. */
export function liveRules(text: string): string {
  const doc: unknown = parse(text);
  if (!isRecord(doc) || !Array.isArray(doc.groups)) return text;
  for (const group of doc.groups) {
    if (!isRecord(group)) continue;
    delete group.interval;
    for (const rule of Array.isArray(group.rules) ? group.rules : []) {
      if (isRecord(rule) && typeof rule.alert === 'string' && rule.for !== undefined) rule.for = capped(rule.for, LIVE_FOR_MS);
    }
  }
  return stringify(doc);
}

/** alertmanager.yml whose routes wait at most LIVE_GROUP_WAIT_MS before a group's first notification. */
export function liveAlertmanager(text: string): string {
  const config: unknown = parse(text);
  if (!isRecord(config) || !isRecord(config.route)) return text;
  const visit = (route: Record<string, unknown>, root: boolean): void => {
    // The root's default is 30 s; a child without its own inherits the root's.
    if (root || route.group_wait !== undefined) route.group_wait = capped(route.group_wait, LIVE_GROUP_WAIT_MS);
    for (const child of Array.isArray(route.routes) ? route.routes : []) if (isRecord(child)) visit(child, false);
  };
  visit(config.route, true);
  return stringify(config);
}
