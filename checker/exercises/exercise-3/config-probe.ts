import { setTimeout as sleep } from 'node:timers/promises';
import { run } from '../../src/docker/cli.js';
import { containerLog, containerState, LimitedContainer, StartedWait } from '../../src/docker/containers.js';
import { ROLE_LABEL } from '../../src/docker/labels.js';
import type { LearnerImage } from '../../src/fixtures/learner-image.js';
import type { RunScope } from '../../src/fixtures/run-scope.js';
import { httpFromHost } from '../../src/probes/http.js';
import { APP_PORT } from '../../src/service-ports.js';

/** The port the probes give the app, and ask it on. */

/** What the learner's app did with one configuration. */
export interface ConfigRun {
  /** It stopped by itself within the watch. */
  exited: boolean;
  exitCode: number;
  /** From start to exit, by Docker's own clock; the watch's length when it did not exit. */
  seconds: number;
  /** It answered HTTP on its port: a configuration it should have refused was taken. */
  listened: boolean;
  /** Everything it printed, stdout and stderr. */
  output: string;
}

async function runSeconds(id: string): Promise<number> {
  const res = await run(['inspect', '--format', '{{.State.StartedAt}} {{.State.FinishedAt}}', id]);
  const [started, finished] = res.stdout.trim().split(' ').map((t) => Date.parse(t));
  return started && finished ? Math.max(0, (finished - started) / 1000) : Number.NaN;
}

/**
 * Starts the learner's image with exactly `env` (nothing of the checker's) on the run's own
 * network, and watches it until it exits, answers HTTP on its port, or `watchSeconds` pass;
 * then it is stopped. It is asked from the host: an exec of node in the container for every
 * question would cost more CPU than the app itself, and slow the very start being timed.
 */
export async function runWithConfig(
  image: LearnerImage,
  scope: RunScope,
  { role, env, watchSeconds }: { role: string; env: Record<string, string>; watchSeconds: number },
): Promise<ConfigRun> {
  const container = scope.track(
    await new LimitedContainer(image.build.tag, scope.runId)
      // Nobody reads its health: the probe asks the port itself.
      .withoutHealthCheck()
      .withLabels({ [ROLE_LABEL]: role })
      .withNetworkMode(await scope.network())
      .withEnvironment(env)
      .withExposedPorts(APP_PORT)
      .withWaitStrategy(new StartedWait())
      .start(),
  );
  const id = container.getId();
  const deadline = Date.now() + watchSeconds * 1000;
  let state = await containerState(id);
  let listened = false;
  let nextAsk = Date.now() + 300;
  while (state.running && !listened && Date.now() < deadline) {
    await sleep(100);
    if (Date.now() >= nextAsk) {
      listened = (await httpFromHost(`http://${container.getHost()}:${container.getMappedPort(APP_PORT)}/health`, { timeoutMs: 500 })).ok;
      nextAsk = Date.now() + 400;
    }
    state = await containerState(id);
  }
  const exited = !state.running;
  const output = await containerLog(id);
  const seconds = exited ? await runSeconds(id) : watchSeconds;
  // A running one is stopped now, as the next probes need the CPU; an exited one goes with the run.
  if (!exited) await container.stop({ timeout: 0 }).catch(() => undefined);
  return { exited, exitCode: state.exitCode, seconds, listened, output };
}

/** Long enough for any bound a check's params set: an app still running then is not going to stop. */
export const WATCH_SECONDS = 15;

/** Whether a message names a variable: the whole name, so DATABASE_URL_FILE does not count as DATABASE_URL. */
export function names(output: string, variable: string): boolean {
  return new RegExp(`(^|[^A-Z0-9_])${variable}([^A-Z0-9_]|$)`).test(output);
}

/** A valid configuration whose database is nowhere: the app must start on it and listen, not connect. */
export const VALID: Record<string, string> = { DATABASE_URL: 'postgres://hr@127.0.0.1:1/hr', MIGRATE_ON_START: 'false', PORT: String(APP_PORT) };

/** One configuration with something wrong in it, and the variable a good message names. */
export interface BadConfig {
  variable: string;
  env: Record<string, string>;
  /** The configuration as the learner reads it in a verdict. */
  shown: string;
}

const { DATABASE_URL: _unset, ...withoutDatabaseUrl } = VALID;
/** What fails-fast tries, one container each. */
export const BAD_CONFIGS: BadConfig[] = [
  { variable: 'DATABASE_URL', env: withoutDatabaseUrl, shown: 'DATABASE_URL unset' },
  { variable: 'DATABASE_URL', env: { ...VALID, DATABASE_URL: 'not-a-url' }, shown: 'DATABASE_URL=not-a-url' },
  // abc is tried with every-problem-at-once; here, a number out of range.
  { variable: 'PORT', env: { ...VALID, PORT: '70000' }, shown: 'PORT=70000' },
  { variable: 'LOG_LEVEL', env: { ...VALID, LOG_LEVEL: 'loud' }, shown: 'LOG_LEVEL=loud' },
];

/** What every-problem-at-once tries: three bad variables in one configuration. */
export const ALL_AT_ONCE: BadConfig & { variables: string[] } = {
  variable: 'PORT',
  variables: ['PORT', 'DATABASE_URL', 'LOG_LEVEL'],
  env: { MIGRATE_ON_START: 'false', PORT: 'abc', DATABASE_URL: 'not-a-url', LOG_LEVEL: 'loud' },
  shown: 'PORT=abc DATABASE_URL=not-a-url LOG_LEVEL=loud',
};

/** What no-secret-in-errors tries: configurations with a secret in them and something else wrong. */
export function leakConfigs(secret: string): BadConfig[] {
  return [
    {
      variable: 'DATABASE_URL',
      env: { MIGRATE_ON_START: 'false', DATABASE_URL: `postgres://hr:${secret}@db:notaport/hr`, LOG_LEVEL: 'loud' },
      shown: `DATABASE_URL=postgres://hr:${secret}@db:notaport/hr LOG_LEVEL=loud`,
    },
    {
      variable: 'REDIS_URL',
      env: { ...VALID, REDIS_URL: `redis://:${secret}@redis:notaport` },
      shown: `REDIS_URL=redis://:${secret}@redis:notaport`,
    },
    { variable: 'PORT', env: { ...VALID, DATABASE_PASSWORD: secret, PORT: 'abc' }, shown: `DATABASE_PASSWORD=${secret} PORT=abc` },
  ];
}

/** What secret-files tries besides the two apps that must reach the database: a secret file that is not there. */
export const UNREADABLE_FILE: BadConfig = {
  variable: 'DATABASE_URL_FILE',
  env: { MIGRATE_ON_START: 'false', DATABASE_URL_FILE: '/run/secrets/missing' },
  shown: 'DATABASE_URL_FILE=/run/secrets/missing',
};
