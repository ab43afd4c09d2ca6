import { needs, once, type RunContext } from '../../src/exercise.js';
import { startApp, type RunningApp } from '../../src/fixtures/app-container.js';
import { buildExerciseImage, buildLearnerImage, readDockerfile, type LearnerImage } from '../../src/fixtures/learner-image.js';
import { startPostgres, type CoursePostgres } from '../../src/fixtures/postgres.js';
import { COMPANY, seedRoster } from '../../src/fixtures/roster-data.js';
import { RunScope } from '../../src/fixtures/run-scope.js';
import { produce, treeDiff } from '../../src/course-tree/trees.js';
import { say } from '../../src/locale.js';
import { loadManifest, type Text } from '../../src/manifest.js';
import { httpFromHost, type ProbeOptions } from '../../src/probes/http.js';
import type { Reply } from '../../src/probes/reply.js';
import { APP_PORT } from '../../src/service-ports.js';
import { courseStep } from '../../src/verdict.js';

/** The schedule and the shifts list carry a week of shifts (about 1,500): well over a probe's default cap. */
export const BIG_BODY = 4 * 1024 * 1024;
/** The week every check asks for: the last of the seeded roster, so every earlier week lies below it. */
export const WEEK = COMPANY.around;
/** What the app's own role may open: PostgreSQL keeps three more for the checker. */
export const APP_CONNECTIONS = 20;
/** The role the apps connect as: an ordinary one, so that the limit holds for it. */
export const APP_ROLE = 'hr_app';
/**
 * How long the hours report's query runs (REPORT_DELAY_MS: the report sleeps in PostgreSQL for
 * that long): a runaway query, which only a statement timeout ends before the checks do.
 */
export const RUNAWAY_QUERY_MS = 60_000;

/** One app next to its own seeded PostgreSQL. */
export interface SeededApp {
  app: RunningApp;
  db: CoursePostgres;
}

/**
 * Exercise 8's stack: the learner's image and the untouched starter's (produced from the course's
 * files, not read from the learner's folder), each next to its own PostgreSQL with
 * pg_stat_statements, started through its own migrations and then seeded with the same roster.
 * The learner's database allows the app's role APP_CONNECTIONS connections.
 */
export class PerfStack {
  private readonly scope: RunScope;

  constructor(
    readonly ctx: RunContext,
    private readonly progress: (message: Text) => void,
  ) {
    this.scope = new RunScope(ctx.runId);
  }

  readonly image = once((): Promise<LearnerImage> => buildExerciseImage(this.ctx, this.progress));

  /** The starter's files as the course ships them, written into a folder of the run. */
  private readonly starterTree = once(async (): Promise<string> => {
    const exercise = loadManifest().exercises.find((e) => e.id === this.ctx.exerciseId);
    if (!exercise) throw new Error(`${this.ctx.exerciseId} is not in course.yaml`);
    const dir = await this.scope.tempDir('starter');
    await produce(exercise, 'starter', dir);
    return dir;
  });

  /**
   * Whether the learner's folder holds the starter as the course ships it (a first run, or
   * verify's starter case): then the learner's app is its own baseline, with no second image
   * and no second database to start.
   */
  private readonly untouched = once(async (): Promise<boolean> => (await treeDiff(await this.starterTree(), this.ctx.dir)).length === 0);

  /** The starter as the course ships it: what "faster" is measured against, in the same run. */
  readonly starterImage = once(() =>
    courseStep(say("the course's untouched starter did not build", '课程原样的起始代码没有构建成功'), say('run `npm run generate` and try again', '运行 `npm run generate` 后再试一次'), async () => {
      const dir = await this.starterTree();
      const dockerfile = await readDockerfile(dir);
      return buildLearnerImage({ dir, dockerfile, tag: `shipshape-${this.ctx.exerciseId}-starter:${this.ctx.runId}`, runId: this.ctx.runId, progress: () => undefined });
    }),
  );

  private async seeded(alias: string, image: Promise<LearnerImage>, db: CoursePostgres): Promise<SeededApp> {
    const app = await startApp({
      image: await image,
      scope: this.scope,
      alias,
      port: APP_PORT,
      env: { DATABASE_URL: db.url, PORT: String(APP_PORT), NODE_ENV: 'production', LOG_LEVEL: 'warn', REPORT_DELAY_MS: String(RUNAWAY_QUERY_MS) },
    });
    // After the app's own migrations: the roster lands in the tables (and indexes) they made.
    await courseStep(say('the course could not seed its roster', '课程无法灌入排班数据'), say('run the check again', '再运行一次检查'), () => seedRoster(db.containerId));
    return { app, db };
  }

  /** The learner's app, migrated and seeded. */
  readonly mine = once(async () => {
    const database = startPostgres(this.scope, { statements: true, maxConnections: APP_CONNECTIONS + 3, appUser: APP_ROLE });
    database.catch(() => undefined);
    const image = needs('image-builds', this.image);
    await image;
    this.progress(say('starting your app, then seeding 300 employees and 39,000 shifts…', '正在启动你的应用，然后灌入 300 名员工和 39,000 个班次…'));
    return this.seeded('app', image, await database);
  });

  /**
   * The untouched starter, migrated and seeded the same way. Its image builds beside the
   * learner's; nothing of it starts unless the learner's builds too, as every check that
   * compares with it needs both (and a failed starter build is then no one's concern).
   */
  readonly starter = once(async () => {
    if (await this.untouched()) return this.mine();
    const image = this.starterImage();
    image.catch(() => undefined);
    await needs('image-builds', this.image);
    const database = startPostgres(this.scope, { alias: 'starter-db', statements: true, appUser: APP_ROLE });
    database.catch(() => undefined);
    await image;
    return this.seeded('starter-app', image, await database);
  });

  async get(app: RunningApp, path: string, options: ProbeOptions = {}): Promise<Reply> {
    return httpFromHost(`${app.baseUrl}${path}`, options);
  }

  async teardown(): Promise<void> {
    // A run that ends early (a failed build, Ctrl-C) may still be writing the starter's files,
    // and their folder cannot be removed under it (ENOTEMPTY): let the writing finish first.
    if (this.starterTree.started) await this.starterTree().catch(() => undefined);
    await this.scope.close();
  }
}
