import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StartedTestContainer } from 'testcontainers';
import { courseImage, REBUILD_IMAGES } from '../../src/course-images.js';
import { containerLog, containerState, findByRole, LimitedContainer, logTail, StartedWait } from '../../src/docker/containers.js';
import { ROLE_LABEL } from '../../src/docker/labels.js';
import { needs, once, type RunContext } from '../../src/exercise.js';
import { startApp, type RunningApp } from '../../src/fixtures/app-container.js';
import { buildExerciseImage, type LearnerImage } from '../../src/fixtures/learner-image.js';
import { startPostgres } from '../../src/fixtures/postgres.js';
import { startRedis } from '../../src/fixtures/redis.js';
import { RunScope } from '../../src/fixtures/run-scope.js';
import { issueRunCertificate, type RunCertificate } from '../../src/fixtures/tls-certificate.js';
import { say, verbatim } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import { handshake, wire, type Handshake, type HandshakeOptions, type WireOptions, type WireReply } from '../../src/probes/wire.js';
import { APP_PORT } from '../../src/service-ports.js';
import { courseStep, fail, tail, type LogExcerpt } from '../../src/verdict.js';
import { requestsInLog, type SeenRequest } from './app-requests.js';

/** The site's name: on the run's certificate, in every request's Host and TLS server name. */
export const SITE = 'shipshape.test';
/** Where compose mounts the learner's files in the nginx container, and so where the checker puts them. */
export const NGINX_CONF = 'nginx/nginx.conf';
export const PUBLIC_DIR = 'public';
const CERTS_IN_CONTAINER = '/etc/nginx/certs';
const HTML_IN_CONTAINER = '/usr/share/nginx/html';
export const REPLICAS = 3;
/**
 * Every path the checks ask for starts with this: an API path (however nginx.conf picks out the
 * API, /employees/... is part of it) that the app answers with an error and logs, with a name no
 * one else uses.
 */
export const MARK = '/employees/shipshape';
/** How long nginx may take to listen once started. */
const NGINX_LISTEN_MS = 20_000;

export const NGINX_LOG = say('nginx container log', 'nginx 容器日志');
/** A line of nginx's error log at warn level or worse: `2026/12/03 22:05:11 [error] 13#13: *62 connect() failed ...` */
const COMPLAINT = /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[(warn|error|crit|alert|emerg)\]/;
const STARTUP = /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[(notice|info)\]/;

export interface NginxTest {
  ok: boolean;
  /** `nginx -T`: the verdict of the test, then every configuration file as nginx read it. */
  output: string;
}

export interface Entry {
  scheme: 'https' | 'http';
  /** e.g. https://localhost:32771 */
  base: string;
  /** Why HTTPS was not used, when it was not. */
  httpsFailure?: Handshake;
}

/**
 * Exercise 11's stack: three replicas of the learner's image (all answering as `app`, as compose
 * names them) next to the course's PostgreSQL and Redis, and the course's nginx image with the
 * learner's nginx/nginx.conf and public/, and a certificate issued for the run, mounted where
 * compose mounts them. The checker is the client: it trusts only the run's CA.
 */
export class ProxyStack {
  private readonly scope: RunScope;
  /** A prefix of this run's own: requests from another run, or from before, never match. */
  readonly mark = `${MARK}-${randomBytes(4).toString('hex')}`;

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

  readonly certificate = once((): Promise<RunCertificate> => issueRunCertificate([SITE, 'localhost']));

  /** The three replicas, listening. */
  readonly replicas = once(async (): Promise<RunningApp[]> => {
    const database = startPostgres(this.scope);
    const redis = startRedis(this.scope);
    database.catch(() => undefined);
    redis.catch(() => undefined);
    const image = await needs('image-builds', this.image);
    const [db, cache] = await Promise.all([database, redis]);
    this.progress(say('starting three replicas of your app…', '正在启动你的应用的三个副本…'));
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: cache.url,
      PORT: String(APP_PORT),
      NODE_ENV: 'production',
      // Warnings include the 404s of the checks' own paths, which is how they are found.
      LOG_LEVEL: 'warn',
      SESSION_SECRET: randomBytes(36).toString('base64url'),
    };
    const names = Array.from({ length: REPLICAS }, (_, i) => `app-${i + 1}`);
    // All three run the migrations as they start; node-pg-migrate's lock lets one do it.
    return Promise.all(names.map((alias) => startApp({ image, scope: this.scope, alias, sharedAliases: ['app'], port: APP_PORT, env })));
  });

  /** The files nginx gets, as compose would mount them: the learner's and the run's certificate. */
  private async nginxFiles(): Promise<{ copies: { content: string; target: string; mode: number }[]; publicDir: string | undefined }> {
    const confPath = path.join(this.ctx.dir, NGINX_CONF);
    if (!existsSync(confPath)) {
      fail(
        say(`${NGINX_CONF}, nginx's configuration, in the exercise folder`, `练习目录里有 nginx 的配置文件 ${NGINX_CONF}`),
        say('there is no such file', '没有这个文件'),
      );
    }
    const cert = await this.certificate();
    const publicDir = path.join(this.ctx.dir, PUBLIC_DIR);
    return {
      copies: [
        { content: await readFile(confPath, 'utf8'), target: '/etc/nginx/nginx.conf', mode: 0o644 },
        { content: cert.certPem, target: `${CERTS_IN_CONTAINER}/tls.crt`, mode: 0o644 },
        { content: cert.keyPem, target: `${CERTS_IN_CONTAINER}/tls.key`, mode: 0o600 },
      ],
      publicDir: existsSync(publicDir) ? publicDir : undefined,
    };
  }

  private async nginxContainer(command: string[] | undefined): Promise<StartedTestContainer> {
    const { copies, publicDir } = await this.nginxFiles();
    const image = await courseImage('nginx');
    const network = await this.scope.network();
    return courseStep(say(`the course's nginx (${image}) could not be created`, `没能创建课程自带的 nginx（${image}）`), REBUILD_IMAGES, async () => {
      // Within the learner's limits: it runs the learner's configuration.
      const nginx = new LimitedContainer(image, this.runId)
        .withLabels({ [ROLE_LABEL]: command ? 'nginx-test' : 'nginx' })
        .withNetworkMode(network)
        .withNetworkAliases(command ? 'nginx-test' : 'nginx')
        .withCopyContentToContainer(copies)
        .withExposedPorts(...(command ? [] : [80, 443]))
        .withWaitStrategy(new StartedWait());
      if (publicDir) nginx.withCopyDirectoriesToContainer([{ source: publicDir, target: HTML_IN_CONTAINER, mode: 0o755 }]);
      // The test need not wait for the replicas: `app` resolves as it would on compose's
      // network, to a placeholder address, and any other name fails as it would there.
      if (command) nginx.withCommand(command).withExtraHosts([{ host: 'app', ipAddress: '192.0.2.10' }]);
      return this.scope.track(await nginx.start());
    });
  }

  /** `nginx -T` in the course's image, on the run's network (nginx resolves the names it proxies to as it reads the file). */
  readonly configTest = once(async (): Promise<NginxTest> => {
    await needs('image-builds', this.image);
    this.progress(say('testing nginx.conf with nginx -t…', '正在用 nginx -t 检查 nginx.conf…'));
    const container = await this.nginxContainer(['nginx', '-T']);
    const deadline = Date.now() + 20_000;
    let state = await containerState(container);
    while (state.running && Date.now() < deadline) {
      await sleep(100);
      state = await containerState(container);
    }
    return { ok: !state.running && state.exitCode === 0, output: await containerLog(container.getId()) };
  });

  /** nginx with the learner's configuration, listening on 80 or 443, published on loopback. */
  readonly nginx = once(async (): Promise<StartedTestContainer> => {
    await needs('config-valid', async () => {
      const result = await this.configTest();
      if (!result.ok) failedTest(result);
    });
    await this.replicas();
    this.progress(say('starting nginx in front of them…', '正在它们前面启动 nginx…'));
    const container = await this.nginxContainer(undefined);
    const deadline = Date.now() + NGINX_LISTEN_MS;
    for (;;) {
      const state = await containerState(container);
      if (!state.running) {
        fail(
          say('nginx starts with your nginx.conf and keeps running', 'nginx 用你的 nginx.conf 启动并保持运行'),
          say(`it exited with code ${state.exitCode}`, `它退出了，退出码是 ${state.exitCode}`),
          await this.nginxLog(),
        );
      }
      const http = await wire(`http://${container.getHost()}:${container.getMappedPort(80)}/`, { timeoutMs: 1000 });
      const https = http.ok ? undefined : await handshake(container.getHost(), container.getMappedPort(443), { timeoutMs: 1000, ca: (await this.certificate()).caPem, servername: SITE });
      if (http.ok || https?.ok) return container;
      if (Date.now() > deadline) {
        fail(
          say(`nginx answers on port 80 or 443 within ${NGINX_LISTEN_MS / 1000} s`, `nginx 在 ${NGINX_LISTEN_MS / 1000} 秒内在 80 或 443 端口上应答`),
          say('neither port answered: does nginx.conf `listen 80` and `listen 443 ssl`?', '两个端口都没有应答：nginx.conf 里有 `listen 80` 和 `listen 443 ssl` 吗？'),
          await this.nginxLog(),
        );
      }
      await sleep(250);
    }
  });

  /** HTTPS on 443 when it answers with the run's certificate; plain HTTP on 80 otherwise, so that checks about other things still judge them. */
  readonly entry = once(async (): Promise<Entry> => {
    const nginx = await this.nginx();
    const host = nginx.getHost();
    const httpsFailure = await this.handshake({});
    if (httpsFailure.ok) return { scheme: 'https', base: `https://${host}:${nginx.getMappedPort(443)}` };
    return { scheme: 'http', base: `http://${host}:${nginx.getMappedPort(80)}`, httpsFailure };
  });

  /** A TLS handshake with port 443, trusting the run's CA, asking for SITE. */
  async handshake(versions: Pick<HandshakeOptions, 'minVersion' | 'maxVersion' | 'ciphers'>): Promise<Handshake> {
    const nginx = await this.nginx();
    return handshake(nginx.getHost(), nginx.getMappedPort(443), { ...versions, ca: (await this.certificate()).caPem, servername: SITE, timeoutMs: 5000 });
  }

  /** A request through nginx, the way a browser at SITE would send it: over the entry's scheme unless told. */
  async request(pathAndQuery: string, options: WireOptions & { scheme?: 'https' | 'http' } = {}): Promise<WireReply> {
    const nginx = await this.nginx();
    const entry = await this.entry();
    const scheme = options.scheme ?? entry.scheme;
    const port = nginx.getMappedPort(scheme === 'https' ? 443 : 80);
    const { ca, ...rest } = options;
    return wire(`${scheme}://${nginx.getHost()}:${port}${pathAndQuery}`, {
      ca: ca ?? (await this.certificate()).caPem,
      servername: SITE,
      timeoutMs: 10_000,
      ...rest,
      headers: { host: SITE, ...options.headers },
    });
  }

  /** What each replica logged of the requests under `prefix`, by replica (index 0-2). */
  async seenByReplica(prefix: string): Promise<SeenRequest[][]> {
    // The log line is written as the response goes out: give the last one a moment.
    await sleep(200);
    return Promise.all(
      (await this.replicas()).map(async (app) => requestsInLog(await containerLog(app.container.getId()), prefix)),
    );
  }

  async nginxLogText(): Promise<string> {
    return containerLog((await this.nginx()).getId());
  }

  /**
   * nginx's log for a verdict: its error log's complaints (a replica refused, a file not found)
   * say what happened; the access log's lines only that requests came. Without complaints, the
   * last few lines of whatever there is.
   */
  async nginxLog(count = 10): Promise<LogExcerpt> {
    // By its role: nginx may have exited before this.nginx() could hand it over.
    const container = await findByRole(this.runId, 'nginx');
    if (!container) return { title: NGINX_LOG, lines: [] };
    const lines = tail(await logTail(container, 500), 500);
    const complaints = lines.filter((line) => COMPLAINT.test(line));
    // Start-up notices (worker processes, the OS) say nothing about a request.
    const others = lines.filter((line) => !STARTUP.test(line));
    return { title: NGINX_LOG, lines: complaints.length > 0 ? complaints.slice(-count) : others.slice(-Math.min(count, 5)) };
  }

  async replicaIds(): Promise<string[]> {
    return (await this.replicas()).map((app) => app.container.getId());
  }

  async teardown(): Promise<void> {
    await this.scope.close();
  }
}

/** The verdict of a configuration `nginx -t` refuses: its own words, which name the file and line. */
export function failedTest(test: NginxTest): never {
  // nginx -t speaks as `nginx: ...`, or in the error log's format when the file sets error_log;
  // the configuration it dumps with -T is left out.
  const lines = test.output.split('\n').filter((line) => line.startsWith('nginx: ') || COMPLAINT.test(line));
  const said = lines.find((line) => /\[(emerg|alert|crit)\]/.test(line)) ?? lines.at(-1) ?? 'nginx -t failed with no output';
  fail(
    say('`nginx -t` accepts nginx/nginx.conf', '`nginx -t` 接受 nginx/nginx.conf'),
    verbatim(said.replace(/^nginx: /, '').replace(/^[\d/]+ [\d:]+ \[(\w+)\] \d+#\d+: /, '[$1] ')),
    { title: say('nginx -t says', 'nginx -t 的输出'), lines: tail(lines.join('\n'), 10) },
  );
}
