import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { APP_LISTEN_MS, COMPOSE_SERVICE_START_MS, LEARNER_DB_START_MS } from '../../src/budgets.js';
import { containerState } from '../../src/docker/containers.js';
import { needs } from '../../src/exercise.js';
import { CLAUSES, joinSaid, say, verbatim } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import { CheckFailure, fail, verdict } from '../../src/verdict.js';
import { askUntil, httpInContainer } from '../../src/probes/http.js';
import type { Reply } from '../../src/probes/reply.js';
import { psql } from '../../src/probes/sql.js';
import type { ComposeStack } from './stack.js';

export async function stackUp(stack: ComposeStack): Promise<void> {
  await stack.up();
}

/**
 * The app talks to both services it was given: its own /health says so ("database": "up",
 * "redis": "up"). An app without REDIS_URL runs uncached and reports "disabled": the stack is
 * up, but Redis serves nobody.
 */
export async function appConnected(stack: ComposeStack): Promise<void> {
  const { roles } = await needs('compose-safe', stack.learner);
  await needs('stack-up', stack.up);
  const [appId] = await stack.project.replicas(roles.app);
  if (!appId) throw new Error(`no running ${roles.app} container after a successful up`);
  const expected = say(
    `GET /health in ${roles.app} to report "database": "up" and "redis": "up"`,
    `${roles.app} 里的 GET /health 报告 "database": "up" 和 "redis": "up"`,
  );
  const reply = await httpInContainer(appId, { path: '/health' });
  if (!reply.ok) fail(expected, reply.sentence);
  let health: { database?: unknown; redis?: unknown } = {};
  try {
    health = JSON.parse(reply.body) as typeof health;
  } catch {
    fail(expected, replySaid(reply));
  }
  if (health.database === 'up' && health.redis === 'up') return;
  const seen = `${reply.status} ${reply.body.slice(0, 120)}`;
  fail(
    expected,
    health.redis === 'disabled'
      ? say(`${seen}: the app has no REDIS_URL, so it runs without its cache`, `${seen}：应用没有拿到 REDIS_URL，所以它是在没有缓存的情况下运行的`)
      : say(seen, `返回的是 ${seen}`),
  );
}

async function healthOf(containerId: string): Promise<string> {
  return (await containerState(containerId)).health?.Status ?? 'none';
}

/** What a reply that was not the one wanted amounts to: its status and the start of its body, or why there was none. */
function replySaid(reply: Reply): Text {
  if (!reply.ok) return reply.sentence;
  const answer = `${reply.status} ${reply.body.slice(0, 120)}`;
  return say(answer, `返回的是 ${answer}`);
}

export async function healthchecks(stack: ComposeStack): Promise<void> {
  const { config, roles } = await needs('compose-safe', stack.learner);
  const wanted = [roles.db, ...(roles.redis ? [roles.redis] : [])];
  const deps = config.services[roles.app]?.depends_on ?? {};
  const ungated = wanted.filter((d) => deps[d]?.condition !== 'service_healthy');
  if (ungated.length) {
    fail(
      say(
        `${roles.app} to wait for ${wanted.join(' and ')} with depends_on condition: service_healthy`,
        `${roles.app} 通过 depends_on 的 condition: service_healthy 等待 ${wanted.join(' 和 ')}`,
      ),
      joinSaid(
        ungated.map((d) => {
          const dep = deps[d];
          return dep
            ? say(`${d}: condition ${dep.condition}`, `${d}：condition 是 ${dep.condition}`)
            : say(`${d}: not in depends_on`, `${d}：不在 depends_on 里`);
        }),
        CLAUSES,
      ),
    );
  }
  await needs('stack-up', stack.up);
  // A health check may come from compose.yaml or from the image's HEALTHCHECK: ask Docker.
  const bad: Text[] = [];
  for (const service of [roles.app, ...wanted]) {
    for (const id of await stack.project.replicas(service)) {
      const health = await healthOf(id);
      if (health === 'none') bad.push(say(`${service}: none`, `${service}：没有健康检查`));
      else if (health !== 'healthy') bad.push(say(`${service}: ${health}`, `${service}：${health}`));
    }
  }
  if (bad.length) {
    fail(say('every long-running service to have a health check and be healthy', '每个常驻服务都有健康检查，并且状态是 healthy'), joinSaid(bad, CLAUSES));
  }
}

async function migrationFiles(dir: string): Promise<string[]> {
  return (await readdir(join(dir, 'migrations'))).filter((f) => f.endsWith('.sql')).map((f) => f.replace(/\.sql$/, '')).sort();
}

/** Each migration recorded exactly once in node-pg-migrate's table. */
async function assertMigratedOnce(stack: ComposeStack, db: string): Promise<void> {
  const [dbId] = await stack.project.replicas(db);
  const result = await psql(dbId ?? '', 'SELECT name, count(*) FROM pgmigrations GROUP BY name ORDER BY name');
  if (!result.ok) {
    fail(
      say('the migrations to have run (a pgmigrations table in the database)', '数据库迁移已经执行（数据库里有 pgmigrations 表）'),
      /does not exist/.test(result.error) ? say('no migration has run', '一个迁移都没有执行过') : verbatim(result.error),
    );
  }
  const counts = new Map(result.rows.map(([name, n]) => [name, Number(n)]));
  const problems = (await migrationFiles(stack.ctx.dir)).flatMap((m) => {
    const n = counts.get(m) ?? 0;
    return n === 1 ? [] : [say(`${m} ran ${n} times`, `${m} 执行了 ${n} 次`)];
  });
  if (problems.length) fail(say('every migration applied exactly once', '每个迁移都恰好执行了一次'), joinSaid(problems, CLAUSES));
}

export async function migrationsOnce(stack: ComposeStack): Promise<void> {
  const { roles } = await needs('compose-safe', stack.learner);
  await needs('stack-up', stack.up);
  await assertMigratedOnce(stack, roles.db);
  const [appId] = await stack.project.replicas(roles.app);
  const reply = await httpInContainer(appId ?? '', { path: '/employees' });
  if (!reply.ok || reply.status !== 200) {
    throw new CheckFailure(
      verdict(
        say(
          'GET /employees → 200 once the stack is up (the tables exist before the app serves)',
          '服务栈启动后，GET /employees 返回 200（应用开始提供服务之前，表就已经建好）',
        ),
        replySaid(reply),
        { title: verbatim(`docker compose logs ${roles.app}`), lines: await stack.project.logs(roles.app) },
      ),
    );
  }
}

export async function scales(stack: ComposeStack): Promise<void> {
  const { config, roles } = await needs('compose-safe', stack.learner);
  const fixed = (config.services[roles.app]?.ports ?? []).filter((p) => p.published !== undefined && p.published !== '' && p.published !== '0');
  if (fixed.length) {
    const ports = fixed.map((p) => `${p.published}:${p.target}`).join(', ');
    fail(
      say(`no fixed host port on ${roles.app}, so that two replicas can run side by side`, `${roles.app} 不绑定固定的主机端口，这样两个副本才能同时运行`),
      say(`ports: ${ports}`, `ports 里写了固定端口：${ports}`),
    );
  }
  await needs('stack-up', stack.up);
  // Only the app: --no-deps leaves the rest of the stack as it is, so a one-off migrate job is
  // not run again before the second replica may start. No --wait: each replica's own /health is
  // asked until it answers, which sees a ready app up to two seconds before Docker's next probe.
  const scaled = await stack.project.run(['up', '-d', '--no-recreate', '--no-deps', '--scale', `${roles.app}=2`, roles.app], COMPOSE_SERVICE_START_MS);
  const replicas = await stack.project.replicas(roles.app);
  if (!scaled.ok || replicas.length !== 2) {
    const said = scaled.stderr.trim().split('\n').at(-1) ?? '';
    throw new CheckFailure(
      verdict(
        say(`docker compose up --scale ${roles.app}=2 to run two replicas`, `docker compose up --scale ${roles.app}=2 能跑起两个副本`),
        say(`${replicas.length} running; ${said}`, `${replicas.length} 个在运行；${said}`),
        { title: verbatim(`docker compose logs ${roles.app}`), lines: await stack.project.logs(roles.app) },
      ),
    );
  }
  const replies = await Promise.all(replicas.map((id) => askUntil(id, { path: '/health' }, APP_LISTEN_MS, (r) => r.ok && r.status === 200)));
  for (const [i, reply] of replies.entries()) {
    const replica = (replicas[i] ?? '').slice(0, 12);
    if (!reply.ok || reply.status !== 200) {
      fail(
        say(`GET /health → 200 from each replica within ${APP_LISTEN_MS / 1000} s`, `${APP_LISTEN_MS / 1000} 秒内每个副本的 GET /health 都返回 200`),
        reply.ok
          ? say(`replica ${replica}: ${reply.status}`, `副本 ${replica} 返回了 ${reply.status}`)
          : say(`replica ${replica}: ${reply.sentence.en}`, `副本 ${replica}：${reply.sentence['zh-Hans']}`),
      );
    }
  }
  // A second replica must not have applied the migrations again.
  await assertMigratedOnce(stack, roles.db);
}

/**
 * What psql says while the server in a new container has not started yet (on an empty data
 * folder the entrypoint first runs a server of its own, then shuts it down), or while the
 * container restarts.
 */
const NOT_STARTED = /could not connect|connection refused|no such file or directory|shutting down|is restarting|is not running/i;

/**
 * The data outlives the database's container. The check replaces that container as
 * `docker compose down` and `up` would (a new container, new anonymous volumes, named volumes
 * kept) but leaves the rest of the stack running: a down and up of the whole stack took twelve
 * of the forty seconds a check run of the solution took, and proves nothing more about where
 * the data lives. The new container is asked directly, so that an empty database is told apart
 * from an app that has not reconnected yet.
 */
export async function persistence(stack: ComposeStack): Promise<void> {
  const { roles } = await needs('compose-safe', stack.learner);
  await needs('stack-up', stack.up);
  const email = `persist-${stack.ctx.runId}@example.com`;
  const [appId] = await stack.project.replicas(roles.app);
  const created = await httpInContainer(appId ?? '', { method: 'POST', path: '/employees', body: { name: 'Persistence Probe', email } });
  if (!created.ok || created.status !== 201) {
    fail(say('POST /employees → 201 before the database is replaced', '替换数据库容器之前，POST /employees 返回 201'), replySaid(created));
  }
  const replaced = await stack.project.replace(roles.db);
  if (!replaced.ok) {
    fail(
      say(`a new ${roles.db} container to start in place of the old one`, `新的 ${roles.db} 容器能替换旧容器启动`),
      verbatim(replaced.stderr.trim().split('\n').at(-1) ?? ''),
    );
  }
  const [dbId] = await stack.project.replicas(roles.db);
  const found = dbId ? await psql(dbId, `SELECT count(*) FROM employees WHERE email = '${email}'`, LEARNER_DB_START_MS, NOT_STARTED) : undefined;
  if (found?.ok && Number(found.rows[0]?.[0]) > 0) return;
  const noTables = found !== undefined && !found.ok && /does not exist/.test(found.error);
  // No answer about the data at all: did the new container stay up, whatever it holds?
  if (!found || (!found.ok && !noTables)) {
    const state = dbId ? await stateInWords(dbId) : 'not running';
    if (!found || state !== 'running') {
      fail(
        say(`a new ${roles.db} container to start in place of the old one, and keep running`, `新的 ${roles.db} 容器能替换旧容器启动，并且一直运行`),
        say(`it started, then stopped (Docker says: ${state})`, `它启动之后又停了（Docker 显示：${state}）`),
        { title: verbatim(`docker compose logs ${roles.db}`), lines: await stack.project.logs(roles.db) },
      );
    }
  }
  fail(
    say(
      `the employee created before ${roles.db}'s container was replaced to be there afterwards (PostgreSQL data in a named volume)`,
      `${roles.db} 的容器被替换之前创建的员工，替换之后依然存在（PostgreSQL 的数据放在命名卷里）`,
    ),
    found.ok
      ? say('it is gone: the data lived in the container', '员工不见了：数据存在容器里，随容器一起删掉了')
      : noTables
        ? say('the new container starts from an empty database, without even the tables: the data lived in the old container', '新容器里是一个空数据库，连表都没有：数据存在旧容器里，随它一起删掉了')
        : verbatim(found.error),
  );
}

/**
 * Docker's word for a container's state, e.g. "restarting, exit code 3"; "running" only for one
 * that has run since it started (a restart policy makes a crashing container look running now and then).
 */
async function stateInWords(containerId: string): Promise<string> {
  const state = await containerState(containerId).catch(() => undefined);
  if (!state) return 'gone';
  const { status, exitCode, restartCount } = state;
  if (status === 'running' && restartCount === 0) return status;
  return `${status}, exit code ${exitCode}${restartCount === 0 ? '' : `, ${restartCount} restarts`}`;
}
