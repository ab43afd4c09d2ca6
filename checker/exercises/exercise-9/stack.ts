import { needs, once, type RunContext } from '../../src/exercise.js';
import { startApp, type RunningApp } from '../../src/fixtures/app-container.js';
import { buildExerciseImage, type LearnerImage } from '../../src/fixtures/learner-image.js';
import { startPostgres, type CoursePostgres } from '../../src/fixtures/postgres.js';
import { startRedis, type CourseRedis } from '../../src/fixtures/redis.js';
import { COMPANY, seedRoster } from '../../src/fixtures/roster-data.js';
import { RunScope } from '../../src/fixtures/run-scope.js';
import { say } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import { httpFromHost, type ProbeOptions } from '../../src/probes/http.js';
import { redisCli, redisKeys, type RedisKey } from '../../src/probes/redis.js';
import type { Reply } from '../../src/probes/reply.js';
import { resetStatements, statementStats } from '../../src/probes/sql.js';
import { APP_PORT, METRICS_PORT } from '../../src/service-ports.js';
import { courseStep } from '../../src/verdict.js';

/** A schedule carries a week of shifts (about 1,500): well over a probe's default cap. */
export const BIG_BODY = 4 * 1024 * 1024;
/** The role the app connects as: an ordinary one, as in production, not the superuser. */
const APP_ROLE = 'hr_app';

/** The Monday `weeksBack` weeks before the last seeded week (0: that week itself). */
export function seededWeek(weeksBack: number): string {
  const monday = new Date(`${COMPANY.around}T00:00:00Z`);
  monday.setUTCDate(monday.getUTCDate() - 7 * weeksBack);
  return monday.toISOString().slice(0, 10);
}

export const schedulePath = (week: string): string => `/schedule/weekly?week=${week}`;

/** The app's learner image next to the course's PostgreSQL (seeded with a company's roster) and Redis. */
export interface CacheApp {
  app: RunningApp;
  db: CoursePostgres;
  redis: CourseRedis;
}

/**
 * Exercise 9's stack: the learner's image with REDIS_URL set, next to the course's Redis and a
 * PostgreSQL with pg_stat_statements (how many times the database computed a schedule is the
 * evidence of every cache check), migrated by the app and seeded with the roster.
 */
export class CacheStack {
  private readonly scope: RunScope;

  constructor(
    readonly ctx: RunContext,
    private readonly progress: (message: Text) => void,
  ) {
    this.scope = new RunScope(ctx.runId);
  }

  get runId(): string {
    return this.ctx.runId;
  }

  readonly image = once((): Promise<LearnerImage> => buildExerciseImage(this.ctx, this.progress));

  readonly mine = once(async (): Promise<CacheApp> => {
    const database = startPostgres(this.scope, { statements: true, appUser: APP_ROLE });
    const cache = startRedis(this.scope);
    database.catch(() => undefined);
    cache.catch(() => undefined);
    const image = await needs('image-builds', this.image);
    const [db, redis] = await Promise.all([database, cache]);
    this.progress(say('starting your app, then seeding 300 employees and 39,000 shifts…', '正在启动你的应用，然后灌入 300 名员工和 39,000 个班次…'));
    const app = await startApp({
      image,
      scope: this.scope,
      alias: 'app',
      port: APP_PORT,
      alsoPublish: [METRICS_PORT],
      env: { DATABASE_URL: db.url, REDIS_URL: redis.url, PORT: String(APP_PORT), METRICS_PORT: String(METRICS_PORT), NODE_ENV: 'production', LOG_LEVEL: 'warn' },
    });
    await courseStep(say('the course could not seed its roster', '课程无法灌入排班数据'), say('run the check again', '再运行一次检查'), () => seedRoster(db.containerId));
    return { app, db, redis };
  });

  async get(app: RunningApp, path: string, options: ProbeOptions = {}): Promise<Reply> {
    return httpFromHost(`${app.baseUrl}${path}`, { timeoutMs: 20_000, maxBodyBytes: BIG_BODY, ...options });
  }

  /** Empties Redis: every check starts from a cold cache. */
  async flush(redis: CourseRedis): Promise<void> {
    const res = await redisCli(redis.containerId, ['FLUSHALL']);
    if (!res.ok) throw new Error(`Redis could not be emptied: ${res.error}`);
  }

  /** Every key in Redis with its PTTL (-1: no expiry), and Redis's clock, read in one step. */
  keys(redis: CourseRedis): Promise<{ nowMs: number; keys: RedisKey[] }> {
    return redisKeys(redis.containerId);
  }

  /**
   * Runs `work` and counts the statements on `table` PostgreSQL ran meanwhile: how many times an
   * answer was computed, whatever the code that asked looks like.
   */
  async queriesOn<T>(db: CoursePostgres, table: 'shifts' | 'employees', work: () => Promise<T>): Promise<{ result: T; queries: number }> {
    await resetStatements(db.containerId);
    const result = await work();
    const stats = await statementStats(db.containerId);
    const queries = stats.filter((s) => new RegExp(`\\b${table}\\b`, 'i').test(s.query)).reduce((sum, s) => sum + s.calls, 0);
    return { result, queries };
  }

  /** The same for shifts: how many times a schedule was computed. */
  shiftQueries<T>(db: CoursePostgres, work: () => Promise<T>): Promise<{ result: T; queries: number }> {
    return this.queriesOn(db, 'shifts', work);
  }

  async teardown(): Promise<void> {
    await this.scope.close();
  }
}
