// The learner's health check, polled every two seconds instead of at the learner's interval, so
// a 30 s interval does not set the pace of a check run. Not every second: a probe is a process
// started in the container (for `node -e fetch(...)` about 0.4 s of CPU on two cores), and a
// stack's probes run for as long as its checks do; at two seconds a check run of exercise 3
// spent 13% less CPU, and a healthy start is seen on average half a second later. The
// learner's command, timeout and start period still decide, and retries grow so that a failing
// check is declared unhealthy no sooner than under the learner's own settings (a slow but
// correct start still passes).

/** Docker's defaults for a HEALTHCHECK that leaves them out. */
const DOCKER_DEFAULT = { intervalMs: 30_000, retries: 3 };
export const BRISK_INTERVAL_MS = 2000;

export interface HealthPace {
  intervalMs: number;
  retries: number;
}

export function briskPace(intervalMs: number | undefined, retries: number | undefined): HealthPace {
  const interval = intervalMs || DOCKER_DEFAULT.intervalMs;
  const tries = retries || DOCKER_DEFAULT.retries;
  // A learner's own faster pace is kept.
  const pace = Math.min(interval, BRISK_INTERVAL_MS);
  return { intervalMs: pace, retries: Math.max(tries, Math.ceil((tries * interval) / pace)) };
}

/** A Go duration as compose prints it ("2s", "1m30s", "500ms") in milliseconds; undefined when absent or unreadable. */
export function goDurationMs(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, 'µs': 0.001, ns: 1e-6 };
  let total = 0;
  let rest = text.trim();
  while (rest) {
    const m = /^(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * units[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return total;
}
