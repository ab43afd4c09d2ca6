import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { needs, once, type RunContext } from '../../src/exercise.js';
import { startApp, type RunningApp } from '../../src/fixtures/app-container.js';
import { buildExerciseImage, type LearnerImage } from '../../src/fixtures/learner-image.js';
import { startPostgres } from '../../src/fixtures/postgres.js';
import { startReceiver } from '../../src/fixtures/receiver.js';
import { RunScope } from '../../src/fixtures/run-scope.js';
import { containerLog } from '../../src/docker/containers.js';
import { say } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import { httpFromHost, type ProbeOptions } from '../../src/probes/http.js';
import type { Reply } from '../../src/probes/reply.js';
import { psql } from '../../src/probes/sql.js';
import { APP_PORT } from '../../src/service-ports.js';
import { parseLog, type LogLine } from './log-lines.js';

/** The project and public key of the DSN the apps report to; the receiver accepts any. */
const DSN_PATH = '1';
/** How long a line may take from the app's stdout to `docker logs`. */
const LOG_DELAY_MS = 4000;
/** How long the log may stand still before the lines still missing are taken as never coming. */
const LOG_QUIET_MS = 1000;

/** A request id for one probe: unique in the run, and easy to spot in a verdict. */
export function probeId(kind: string): string {
  return `shipshape-${kind}-${randomBytes(4).toString('hex')}`;
}

/**
 * Exercise 7's stack: the learner's image twice next to the course's PostgreSQL, once at
 * LOG_LEVEL=debug (every check but one reads it) and once at warn, both reporting errors to
 * the course's receiver under the name a Sentry DSN points at, http://…@sentry:8080/1.
 */
export class LogsStack {
  private readonly scope: RunScope;

  constructor(
    readonly ctx: RunContext,
    private readonly progress: (message: Text) => void,
  ) {
    this.scope = new RunScope(ctx.runId);
  }

  readonly image = once((): Promise<LearnerImage> => buildExerciseImage(this.ctx, this.progress));

  readonly database = once(() => startPostgres(this.scope));

  /** The course's stand-in for Sentry: it records every envelope the SDK posts. */
  readonly tracker = once(() => startReceiver(this.scope, { alias: 'sentry' }));

  /** Secrets the checker plants in requests, and the database password it chose. */
  readonly secrets = {
    authorization: `shipshape-auth-${randomBytes(6).toString('hex')}`,
    cookie: `shipshape-cookie-${randomBytes(6).toString('hex')}`,
    password: `shipshape-password-${randomBytes(6).toString('hex')}`,
    token: `shipshape-token-${randomBytes(6).toString('hex')}`,
  };

  private async start(alias: string, logLevel: string): Promise<RunningApp> {
    const started = [this.database(), this.tracker()];
    for (const s of started) s.catch(() => undefined);
    const image = await needs('image-builds', this.image);
    const [{ url }, tracker] = await Promise.all([this.database(), this.tracker()]);
    const dsn = `${tracker.url.replace('://', `://${randomBytes(8).toString('hex')}@`)}/${DSN_PATH}`;
    return startApp({
      image,
      scope: this.scope,
      alias,
      port: APP_PORT,
      env: { DATABASE_URL: url, PORT: String(APP_PORT), NODE_ENV: 'production', LOG_LEVEL: logLevel, SENTRY_DSN: dsn },
    });
  }

  readonly app = once(() => {
    this.progress(say('starting your app next to PostgreSQL and a stand-in for Sentry…', '正在 PostgreSQL 和 Sentry 替身旁边启动你的应用…'));
    return this.start('app', 'debug');
  });

  readonly quietApp = once(() => this.start('quiet-app', 'warn'));

  async request(app: RunningApp, path: string, options: ProbeOptions & { id?: string } = {}): Promise<Reply> {
    const { id, ...rest } = options;
    return httpFromHost(`${app.baseUrl}${path}`, { ...rest, headers: { ...(id ? { 'x-request-id': id } : {}), ...rest.headers } });
  }

  /**
   * The log once `ready` holds (the lines of the requests just sent have arrived), or as it is
   * once it has stopped growing, or after a few seconds at most.
   */
  async logUntil(app: RunningApp, ready: (lines: LogLine[]) => boolean): Promise<LogLine[]> {
    const deadline = performance.now() + LOG_DELAY_MS;
    let seen = -1;
    let grewAt = performance.now();
    for (;;) {
      const lines = parseLog(await containerLog(app.container.getId()));
      if (ready(lines)) return lines;
      const now = performance.now();
      if (lines.length !== seen) [seen, grewAt] = [lines.length, now];
      // A line the app has not written a second after the last one is not coming: a failing
      // answer is judged in one second, not four.
      if (now > deadline || now - grewAt > LOG_QUIET_MS) return lines;
      await sleep(200);
    }
  }

  /**
   * Sends `send`'s requests while the employees table is missing, as after a botched
   * migration: the app's queries on it fail with an error nobody planned for. The table is
   * back before this returns, whatever happened.
   */
  async withBrokenDatabase<T>(send: () => Promise<T>): Promise<T> {
    const { containerId } = await this.database();
    const moved = 'employees_moved_by_shipshape';
    const away = await psql(containerId, `ALTER TABLE employees RENAME TO ${moved}`);
    if (!away.ok) throw new Error(`the course could not break its own database: ${away.transcript}`);
    try {
      return await send();
    } finally {
      const back = await psql(containerId, `ALTER TABLE ${moved} RENAME TO employees`);
      if (!back.ok) throw new Error(`the course could not restore its own database: ${back.transcript}`);
    }
  }

  async teardown(): Promise<void> {
    await this.scope.close();
  }
}
