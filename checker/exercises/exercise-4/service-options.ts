// A service container's `options:`, which Actions hands to `docker create`: split as a shell
// would (shell-quote), then sorted into what the checker applies, what it refuses to run on the
// learner's machine, and what it leaves out because it changes nothing about the test.
import { parse } from 'shell-quote';
import { briskPace, goDurationMs } from '../../src/docker/health-pace.js';

export interface ServiceHealth {
  test: ['CMD-SHELL', string];
  interval: number;
  timeout: number;
  retries: number;
  startPeriod: number;
}

export interface ServiceOptions {
  health: ServiceHealth | undefined;
  env: Record<string, string>;
  /** Flags that would give the container power over the machine: the service is not started. */
  refused: string[];
  /** Flags the checker does not apply (names, labels, log drivers…). */
  ignored: string[];
}

/** Flags that reach outside the container: no test database needs them. */
const DANGEROUS = new Set(['--privileged', '--cap-add', '--device', '--pid', '--ipc', '--userns', '--security-opt', '-v', '--volume', '--mount', '--network', '--net', '--uts', '--cgroupns', '--volumes-from']);

/** Docker's health defaults, for flags the learner leaves out. */
const DEFAULT_TIMEOUT_MS = 30_000;

export function parseServiceOptions(options: string | undefined): ServiceOptions {
  const words = parse(options ?? '').map((w) => (typeof w === 'string' ? w : 'op' in w ? w.op : String(w)));
  const flags = new Map<string, string>();
  const env: Record<string, string> = {};
  const refused: string[] = [];
  const ignored: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const eq = word.indexOf('=');
    const [flag, inline] = word.startsWith('-') && eq > 0 ? [word.slice(0, eq), word.slice(eq + 1)] : [word, undefined];
    const takesValue = !['--privileged', '--init', '--rm', '--read-only'].includes(flag);
    const value = inline ?? (takesValue && !words[i + 1]?.startsWith('-') ? words[++i] : undefined);
    if (DANGEROUS.has(flag)) {
      // A named volume is left out (it would outlive the run); a host path is refused.
      if ((flag === '-v' || flag === '--volume' || flag === '--mount') && value && !/(^|[=,])\/|^\.|^~/.test(value)) {
        ignored.push(`${flag} ${value}`);
        continue;
      }
      refused.push(value === undefined ? flag : `${flag} ${value}`);
    } else if (flag === '-e' || flag === '--env') {
      const [key, ...rest] = (value ?? '').split('=');
      if (key) env[key] = rest.join('=');
    } else if (flag.startsWith('--health-')) {
      flags.set(flag, value ?? '');
    } else {
      ignored.push(value === undefined ? flag : `${flag} ${value}`);
    }
  }
  const cmd = flags.get('--health-cmd');
  let health: ServiceHealth | undefined;
  if (cmd && cmd.toUpperCase() !== 'NONE') {
    // Polled every second, with retries that cover the learner's own patience (health-pace.ts).
    const retries = Number(flags.get('--health-retries')) || undefined;
    const pace = briskPace(goDurationMs(flags.get('--health-interval')), retries);
    health = {
      test: ['CMD-SHELL', cmd],
      interval: pace.intervalMs,
      retries: pace.retries,
      timeout: goDurationMs(flags.get('--health-timeout')) ?? DEFAULT_TIMEOUT_MS,
      startPeriod: goDurationMs(flags.get('--health-start-period')) ?? 0,
    };
  }
  return { health, env, refused, ignored };
}
