import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { needs, once, type RunContext } from '../../src/exercise.js';
import { startAlertmanager } from '../../src/fixtures/alertmanager.js';
import { startApp, type RunningApp } from '../../src/fixtures/app-container.js';
import { buildExerciseImage, type LearnerImage } from '../../src/fixtures/learner-image.js';
import { startPostgres } from '../../src/fixtures/postgres.js';
import { startPrometheus } from '../../src/fixtures/prometheus.js';
import { startReceiver } from '../../src/fixtures/receiver.js';
import { RunScope } from '../../src/fixtures/run-scope.js';
import { say } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import { Faults } from '../../src/probes/faults.js';
import { promQuery, type PromSample } from '../../src/probes/promql.js';
import { APP_PORT } from '../../src/service-ports.js';
import { liveAlertmanager, liveConfig, liveRules } from './live-config.js';
import { ALERTMANAGER_FILE, readPrometheusFolder } from './monitoring-files.js';

/** The error burst stops by itself after this long, whatever happens to the check that began it. */
const BURST_MS = 60_000;

/**
 * Exercise 6's stack, as compose.monitoring.yaml would run it: the app next to the course's
 * PostgreSQL, the learner's Prometheus configuration and rules (on a one-second clock,
 * live-config.ts), the learner's Alertmanager routing, and the course's pager behind the
 * webhook URL the exercise names. The static checks only read `ctx.dir` and use `scope`.
 */
export class MonitoringStack {
  readonly scope: RunScope;
  private readonly stopBurst = new AbortController();

  constructor(
    readonly ctx: RunContext,
    private readonly progress: (message: Text) => void,
  ) {
    this.scope = new RunScope(ctx.runId);
  }

  /** prometheus.yml and the rule files it loads, read once for every check. */
  readonly folder = once(() => readPrometheusFolder(this.ctx.dir));

  readonly image = once((): Promise<LearnerImage> => buildExerciseImage(this.ctx, this.progress));

  private readonly database = once(() => startPostgres(this.scope));

  /** The course's pager, where the learner's webhook receiver must point: http://pager:8080/… */
  readonly pager = once(() => startReceiver(this.scope, { alias: 'pager' }));

  readonly prometheus = once(async () => {
    const { configText, ruleFiles } = await this.folder();
    const files = Object.fromEntries(ruleFiles.map((f) => [f.path, liveRules(f.text)]));
    return startPrometheus(this.scope, { config: liveConfig(configText), files });
  });

  /** Call it once amtool has accepted alertmanager.yml (alert-delivered does), for the same reason. */
  readonly alertmanager = once(async () => {
    const config = await readFile(join(this.ctx.dir, ALERTMANAGER_FILE), 'utf8');
    return startAlertmanager(this.scope, { config: liveAlertmanager(config) });
  });

  /**
   * The app, with the learner's Prometheus already scraping it. Call it once promtool has
   * accepted prometheus.yml (scrapes-app does): a Prometheus that refuses its configuration
   * never gets ready, and the course would blame itself.
   */
  readonly app = once(async (): Promise<RunningApp> => {
    const started = [this.database(), this.prometheus()];
    for (const s of started) s.catch(() => undefined);
    const image = await needs('image-builds', this.image);
    const { url } = await this.database();
    this.progress(say('starting your app with your Prometheus beside it…', '正在启动你的应用，旁边是你配置的 Prometheus…'));
    const app = await startApp({ image, scope: this.scope, alias: 'app', port: APP_PORT, env: { DATABASE_URL: url, PORT: String(APP_PORT), NODE_ENV: 'production' } });
    await Promise.all(started);
    return app;
  });

  /**
   * Stops the database and keeps asking GET /employees, every 100 ms, which now answers 500:
   * an error burst that goes on until teardown or BURST_MS, so an alert has time to fire. Some
   * good traffic goes first, so that a ratio has both sides.
   */
  readonly errorBurst = once(async (): Promise<void> => {
    const app = await this.app();
    for (let i = 0; i < 5; i++) await this.get(app, '/employees');
    const { containerId } = await this.database();
    const stopped = await new Faults(this.ctx.runId).stop(containerId, { graceSeconds: 1 });
    if (!stopped.ok) throw new Error(`the course could not stop its own PostgreSQL: ${stopped.transcript}`);
    const until = Date.now() + BURST_MS;
    void (async () => {
      while (!this.stopBurst.signal.aborted && Date.now() < until) {
        await this.get(app, '/employees');
        await sleep(100);
      }
    })();
  });

  private async get(app: RunningApp, path: string): Promise<void> {
    try {
      const res = await fetch(`${app.baseUrl}${path}`, { signal: AbortSignal.any([AbortSignal.timeout(3000), this.stopBurst.signal]) });
      await res.arrayBuffer();
    } catch {
      // A refused or slow answer is part of what the alerts are about, not the checker's concern.
    }
  }

  /** The result of `expr` on the learner's Prometheus now; a query the server refuses is reported, not thrown. */
  async query(expr: string): Promise<ReturnType<typeof promQuery>> {
    const { url } = await this.prometheus();
    return promQuery(url, expr);
  }

  /** Like query(), for the checker's own expressions: a refusal is our fault. */
  async queryOwn(expr: string): Promise<PromSample[]> {
    const result = await this.query(expr);
    if (!result.ok) throw new Error(`the course's own query failed: ${result.transcript}`);
    return result.samples;
  }

  async teardown(): Promise<void> {
    this.stopBurst.abort();
    await this.scope.close();
  }
}
