import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StartedTestContainer } from 'testcontainers';
import { run } from '../../src/docker/cli.js';
import { needs, once, type RunContext } from '../../src/exercise.js';
import { startApp } from '../../src/fixtures/app-container.js';
import { appLogExcerpt } from '../../src/fixtures/app-log.js';
import { buildExerciseImage, type LearnerImage } from '../../src/fixtures/learner-image.js';
import { startPostgres } from '../../src/fixtures/postgres.js';
import { startRedis } from '../../src/fixtures/redis.js';
import { RunScope } from '../../src/fixtures/run-scope.js';
import { say } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import { httpFromHost } from '../../src/probes/http.js';
import type { Reply } from '../../src/probes/reply.js';
import { APP_PORT } from '../../src/service-ports.js';
import { fail, type LogExcerpt } from '../../src/verdict.js';

/** The accounts the checks sign in with, all with the run's password. */
export const ACCOUNTS = ['ana@example.com', 'bo@example.com', 'cy@example.com', 'di@example.com', 'ed@example.com'] as const;
export type AccountEmail = (typeof ACCOUNTS)[number];

/** One of the two replicas, by its place: 0 or 1. */
export type ReplicaIndex = 0 | 1;

/** What a sign-in answered, and the Set-Cookie header it sent, if any. */
export interface SignIn {
  reply: Reply;
  setCookie: string | undefined;
}

export interface RequestAs {
  /** The client's address, as the proxy in front writes it into X-Forwarded-For. */
  client: string;
  method?: string;
  body?: object;
  /** `name=value` pairs for the Cookie header. */
  cookie?: string;
  /** X-Forwarded-For as sent, when it is not just the client's address (a forged entry in front). */
  forwardedFor?: string;
}

/**
 * Exercise 10's stack: two replicas of the learner's image next to the course's PostgreSQL and
 * Redis, sharing one SESSION_SECRET, with accounts made by the image's own create-account.js.
 * The checker talks to them as a proxy that ends TLS would: every request says
 * `X-Forwarded-Proto: https` and carries the client's address in `X-Forwarded-For`.
 */
export class SessionStack {
  private readonly scope: RunScope;
  /** The accounts' password: new every run, so that nothing learnt from one run works in another. */
  readonly password = randomBytes(12).toString('base64url');

  constructor(
    readonly ctx: RunContext,
    private readonly progress: (message: Text) => void,
  ) {
    this.scope = new RunScope(ctx.runId);
  }

  readonly image = once((): Promise<LearnerImage> => buildExerciseImage(this.ctx, this.progress));

  readonly redis = once(() => startRedis(this.scope));

  /** Both replicas, listening, with the accounts made. */
  readonly replicas = once(async (): Promise<StartedTestContainer[]> => {
    const database = startPostgres(this.scope);
    const redis = this.redis();
    database.catch(() => undefined);
    redis.catch(() => undefined);
    const image = await needs('image-builds', this.image);
    const [db, cache] = await Promise.all([database, redis]);
    this.progress(say('starting two replicas of your app…', '正在启动你的应用的两个副本…'));
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: cache.url,
      PORT: String(APP_PORT),
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      SESSION_SECRET: randomBytes(36).toString('base64url'),
    };
    // Both run the migrations as they start; node-pg-migrate's lock lets one do it.
    const apps = await Promise.all(['app-1', 'app-2'].map((alias) => startApp({ image, scope: this.scope, alias, port: APP_PORT, env })));
    const containers = apps.map((a) => a.container);
    await this.createAccounts(containers[0]!);
    return containers;
  });

  /** The accounts, made with `node dist/create-account.js` inside a replica, as the docs show. */
  private async createAccounts(container: StartedTestContainer): Promise<void> {
    const res = await run(['exec', '-e', `ACCOUNT_PASSWORD=${this.password}`, container.getId(), 'node', 'dist/create-account.js', ...ACCOUNTS], 60_000);
    if (!res.ok) {
      const said = (res.stderr || res.stdout).trim().split('\n').slice(-3).join(' ');
      fail(
        say('`node dist/create-account.js` in your image makes the accounts the checks sign in with', '在你的镜像里运行 `node dist/create-account.js`，建好检查要用来登录的账户'),
        say(`it failed: ${said}`, `它失败了：${said}`),
        await appLogExcerpt(container.getId()),
      );
    }
  }

  private async replica(index: ReplicaIndex): Promise<StartedTestContainer> {
    const container = (await this.replicas())[index];
    if (!container) throw new Error(`no replica ${index}`);
    return container;
  }

  private static url(container: StartedTestContainer, path: string): string {
    return `http://${container.getHost()}:${container.getMappedPort(APP_PORT)}${path}`;
  }

  private static headers({ client, cookie, forwardedFor }: RequestAs): Record<string, string> {
    return { 'x-forwarded-proto': 'https', 'x-forwarded-for': forwardedFor ?? client, ...(cookie ? { cookie } : {}) };
  }

  /** A request to one replica, as the proxy would forward it from `client`. */
  async request(index: ReplicaIndex, path: string, as: RequestAs): Promise<Reply> {
    const container = await this.replica(index);
    return httpFromHost(SessionStack.url(container, path), { method: as.method ?? 'GET', body: as.body, headers: SessionStack.headers(as), timeoutMs: 10_000 });
  }

  /**
   * POST /auth/login, and the cookie it set. The probe's Reply keeps one header of each name, the
   * last: an app that set a second cookie after the session's would be misread (a change to the
   * shared HTTP probe, which reaches every exercise, is to keep them all).
   */
  async signIn(index: ReplicaIndex, email: string, password: string, as: RequestAs): Promise<SignIn> {
    const reply = await this.request(index, '/auth/login', { ...as, method: 'POST', body: { email, password } });
    return { reply, setCookie: reply.ok ? reply.headers['set-cookie'] : undefined };
  }

  /** `docker restart` of one replica (SIGTERM, 5 s grace), then waits until it answers again. */
  async restart(index: ReplicaIndex): Promise<void> {
    const container = await this.replica(index);
    // Milliseconds: testcontainers turns them into docker's seconds (5 would round to a SIGKILL).
    await container.restart({ timeout: 5000 });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if ((await httpFromHost(SessionStack.url(container, '/health'), { timeoutMs: 1000 })).ok) return;
      await sleep(250);
    }
    fail(
      say('a replica restarted with `docker restart` answers again within 30 s', '用 `docker restart` 重启的副本在 30 秒内重新应答'),
      say('it did not answer', '它一直没有应答'),
      await appLogExcerpt(container.getId()),
    );
  }

  async logOf(index: ReplicaIndex): Promise<LogExcerpt> {
    return appLogExcerpt((await this.replica(index)).getId());
  }

  async teardown(): Promise<void> {
    await this.scope.close();
  }
}
