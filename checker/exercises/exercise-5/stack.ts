import { needs, once, type RunContext } from '../../src/exercise.js';
import { startApp, type RunningApp } from '../../src/fixtures/app-container.js';
import { buildExerciseImage, type LearnerImage } from '../../src/fixtures/learner-image.js';
import { startPostgres } from '../../src/fixtures/postgres.js';
import { startPrometheus, type CoursePrometheus } from '../../src/fixtures/prometheus.js';
import { RunScope } from '../../src/fixtures/run-scope.js';
import { say } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import { promQuery, promQueryUntil, type PromSample } from '../../src/probes/promql.js';
import { APP_PORT, METRICS_PORT } from '../../src/service-ports.js';
import { fail } from '../../src/verdict.js';

/** The scrape job the course's Prometheus names the learner's app by. */
export const JOB = 'app';
/** Prometheus scrapes every second, so a check waits about that long for its traffic to show. */
const SCRAPE = `global: { scrape_interval: 1s, scrape_timeout: 1s }
scrape_configs:
  - job_name: ${JOB}
    static_configs: [{ targets: ["app:${METRICS_PORT}"] }]
`;
/** How long a check waits for a scrape that began after its traffic: a few scrape intervals. */
const FRESH_SCRAPE_MS = 8000;

/**
 * Exercise 5's stack: the learner's image running next to the course's PostgreSQL, and the
 * course's Prometheus scraping it every second. Every runtime check reads the app through
 * Prometheus, the way exercise 6's dashboards and alerts will.
 */
export class MetricsStack {
  private readonly scope: RunScope;

  constructor(
    readonly ctx: RunContext,
    private readonly progress: (message: Text) => void,
  ) {
    this.scope = new RunScope(ctx.runId);
  }

  readonly image = once((): Promise<LearnerImage> => buildExerciseImage(this.ctx, this.progress));

  private readonly database = once(() => startPostgres(this.scope));

  /** Started beside the app: until the app listens, its scrapes fail, which costs nothing. */
  readonly prometheus = once((): Promise<CoursePrometheus> => startPrometheus(this.scope, { config: SCRAPE }));

  readonly app = once(async (): Promise<RunningApp> => {
    const database = this.database();
    const prometheus = this.prometheus();
    database.catch(() => undefined);
    prometheus.catch(() => undefined);
    const image = await needs('image-builds', this.image);
    const { url } = await database;
    this.progress(say('starting your app next to PostgreSQL and Prometheus…', '正在 PostgreSQL 和 Prometheus 旁边启动你的应用…'));
    const app = await startApp({ image, scope: this.scope, alias: 'app', port: APP_PORT, alsoPublish: [METRICS_PORT], env: { DATABASE_URL: url, PORT: String(APP_PORT), NODE_ENV: 'production' } });
    await prometheus;
    return app;
  });

  /** The metrics page as the checker's machine reads it. */
  async metricsUrl(): Promise<string> {
    return `${(await this.app()).urlOf(METRICS_PORT)}/metrics`;
  }

  /** GET (or another method) from the checker's machine, `count` times, one after another; the statuses. */
  async send(path: string, { count = 1, method = 'GET', body }: { count?: number; method?: string; body?: object } = {}): Promise<number[]> {
    const { baseUrl } = await this.app();
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(5000),
      });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    return statuses;
  }

  /**
   * The result of `expr` from a scrape that began after this call: what the app's metrics say
   * about everything sent before it. A check reads "before" with queryNow() (every check ends
   * with its own traffic scraped, so the latest scrape has all of it) and "after" with this.
   */
  async afterNextScrape(expr: string): Promise<PromSample[]> {
    const { url } = await this.prometheus();
    const since = Date.now() / 1000;
    const fresh = await promQueryUntil(url, `timestamp(up{job="${JOB}"})`, (s) => (s[0]?.value ?? 0) > since, { withinMs: FRESH_SCRAPE_MS });
    if (!fresh.ok || !((fresh.samples[0]?.value ?? 0) > since)) {
      fail(
        say('Prometheus to scrape your app again within a few seconds', 'Prometheus 在几秒内再次抓取你的应用'),
        say(`no new scrape (${fresh.transcript})`, `没有新的抓取（${fresh.transcript}）`),
      );
    }
    return this.queryNow(expr);
  }

  /** The result of `expr` as Prometheus has it now; a query the server refuses is the checker's fault. */
  async queryNow(expr: string): Promise<PromSample[]> {
    const { url } = await this.prometheus();
    const result = await promQuery(url, expr);
    if (!result.ok) throw new Error(`the course's own query failed: ${result.transcript}`);
    return result.samples;
  }

  async teardown(): Promise<void> {
    await this.scope.close();
  }
}
