import { PROBE_COMMAND_MS } from '../../src/budgets.js';
import { run } from '../../src/docker/cli.js';
import { containerLog } from '../../src/docker/containers.js';
import { needs } from '../../src/exercise.js';
import { cpuLimit, memoryLimit } from '../../src/fixtures/compose-project.js';
import { CLAUSES, joinSaid, LIST, say, verbatim } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import { askUntil } from '../../src/probes/http.js';
import { fail } from '../../src/verdict.js';
import { appContainer, type EnvironmentsStack, type Variant } from './stack.js';


const logOf = async (v: Variant, service: string) => ({ title: verbatim(`docker compose logs ${service}`), lines: await v.fixture.logs(service) });

export async function prodUp(stack: EnvironmentsStack): Promise<void> {
  const v = await stack.productionUp();
  // Compose has seen it healthy; a busy machine may still need a moment per answer.
  const health = await askUntil(await appContainer(v), { path: '/health', timeoutMs: 5000 }, 20_000, (r) => r.ok && r.status === 200);
  if (!health.ok || health.status !== 200) {
    fail(
      say(`GET /health → 200 from ${v.roles.app} in production (the database reached with the password from the secret file)`, `生产环境里 ${v.roles.app} 的 GET /health 返回 200（用密钥文件里的密码连上了数据库）`),
      health.ok ? say(`GET /health → ${health.status} ${health.body.slice(0, 100)}`, `GET /health 返回 ${health.status} ${health.body.slice(0, 100)}`) : health.sentence,
      await logOf(v, v.roles.app),
    );
  }
}

interface Inspected {
  Config?: { Env?: string[]; Labels?: Record<string, string>; Cmd?: string[]; Entrypoint?: string[]; Healthcheck?: { Test?: string[] } };
  Args?: string[];
  Mounts?: { Type: string; Source: string; Destination: string }[];
}

async function inspect(id: string): Promise<{ json: string; info: Inspected }> {
  const res = await run(['inspect', id]);
  const [info] = JSON.parse(res.stdout || '[{}]') as Inspected[];
  return { json: res.stdout, info: info ?? {} };
}

/** Where in a container's inspect output a value shows, as the learner would look for it. */
function whereInInspect(service: string, { json, info }: { json: string; info: Inspected }, value: string): Text[] {
  if (!json.includes(value)) return [];
  const found: Text[] = [];
  for (const entry of info.Config?.Env ?? []) {
    if (entry.includes(value)) {
      const name = entry.split('=')[0];
      found.push(say(`${service}: environment variable ${name}`, `${service}：环境变量 ${name}`));
    }
  }
  if (Object.entries(info.Config?.Labels ?? {}).some(([k, v]) => k.includes(value) || v.includes(value))) found.push(say(`${service}: a label`, `${service}：某个标签`));
  if ([...(info.Config?.Cmd ?? []), ...(info.Config?.Entrypoint ?? []), ...(info.Args ?? [])].some((a) => a.includes(value))) {
    found.push(say(`${service}: its command line`, `${service}：它的命令行`));
  }
  if ((info.Config?.Healthcheck?.Test ?? []).some((a) => a.includes(value))) found.push(say(`${service}: its healthcheck`, `${service}：它的健康检查命令`));
  return found.length ? found : [say(`${service}: docker inspect`, `${service}：docker inspect 输出`)];
}

/**
 * Connects to PostgreSQL over the stack's network (not the trusted local socket) as its
 * superuser, with the given password: true when it is let in.
 */
async function postgresAccepts(dbId: string, host: string, password: string): Promise<boolean> {
  const script = 'psql -h "$1" -U "${POSTGRES_USER:-postgres}" -d postgres -tAc "select 1" >/dev/null 2>&1';
  const res = await run(['exec', '-e', `PGPASSWORD=${password}`, dbId, 'sh', '-c', script, 'sh', host], PROBE_COMMAND_MS);
  return res.ok;
}

export async function secretsHidden(stack: EnvironmentsStack): Promise<void> {
  const v = await needs('prod-up', stack.productionUp);
  const secret = stack.planted;
  const shownIn: Text[] = [];
  for (const { id, service } of await v.fixture.containers()) {
    shownIn.push(...whereInInspect(service, await inspect(id), secret));
    if ((await containerLog(id)).includes(secret)) shownIn.push(say(`${service}: its log`, `${service}：它的日志`));
  }
  const problems: Text[] = [];
  if (shownIn.length) {
    const where = joinSaid(shownIn, LIST);
    problems.push(say(`the checker’s password showed in these places: ${where.en}`, `检查器设置的密码出现在这些地方：${where['zh-Hans']}`));
  }
  const [dbId] = await v.fixture.replicas(v.roles.db);
  if (!dbId) fail(say(`the ${v.roles.db} service running in production`, `生产环境里 ${v.roles.db} 服务在运行`), say('no running container', '没有正在运行的容器'));
  const [withSecret, withWrong] = await Promise.all([postgresAccepts(dbId, v.roles.db, secret), postgresAccepts(dbId, v.roles.db, `wrong-${secret}`)]);
  if (withWrong) {
    problems.push(say('PostgreSQL let the checker in with a wrong password (trust authentication?): the secret protects nothing', 'PostgreSQL 让检查器用错误的密码也连了进去（用了 trust 认证？）：这个密钥什么也没保护'));
  } else if (!withSecret) {
    problems.push(say('PostgreSQL refused the password the checker wrote into your secret files: where does its password come from?', 'PostgreSQL 拒绝了检查器写进你的密钥文件的密码：它的密码是从哪里来的？'));
  }
  if (problems.length) {
    fail(
      say(
        'the production password in no container’s docker inspect output or log, and PostgreSQL accepting that password and no other over the network',
        '生产环境的密码不出现在任何容器的 docker inspect 输出和日志里，并且 PostgreSQL 通过网络只接受这个密码',
      ),
      joinSaid(problems, CLAUSES),
    );
  }
}

/** Run inside the app container as its own user: what is mounted where, and where it can write. */
const LOCKDOWN_SCRIPT = `
const fs = require('node:fs'), os = require('node:os'), path = require('node:path');
const mounts = fs.readFileSync('/proc/self/mountinfo', 'utf8').trim().split('\\n').map((l) => {
  const [pre, post] = l.split(' - ');
  const f = pre.split(' '); const g = post.split(' ');
  return { point: f[4], ro: f[5].split(',').includes('ro'), type: g[0] };
});
const mountOf = (p) => mounts.filter((m) => p === m.point || p.startsWith(m.point === '/' ? '/' : m.point + '/')).sort((a, b) => b.point.length - a.point.length)[0];
const writes = {};
for (const dir of [...new Set([process.cwd(), os.homedir(), '/', '/var/tmp', '/tmp'])]) {
  const file = path.join(dir, '.shipshape-probe-' + process.pid);
  try { fs.writeFileSync(file, 'x'); fs.unlinkSync(file); writes[dir] = { ok: true, mount: mountOf(dir) }; }
  catch (e) { writes[dir] = { ok: false, code: e.code, mount: mountOf(dir) }; }
}
console.log(JSON.stringify({ writes, nodeEnv: process.env.NODE_ENV ?? null }));
`;

interface Lockdown {
  writes: Record<string, { ok: boolean; code?: string; mount?: { point: string; ro: boolean; type: string } }>;
  nodeEnv: string | null;
}

export async function prodLockedDown(stack: EnvironmentsStack): Promise<void> {
  const v = await needs('prod-up', stack.productionUp);
  const app = v.roles.app;
  const id = await appContainer(v);
  const res = await run(['exec', id, 'node', '-e', LOCKDOWN_SCRIPT], PROBE_COMMAND_MS);
  let seen: Lockdown;
  try {
    seen = JSON.parse(res.stdout.trim().split('\n').at(-1) ?? '') as Lockdown;
  } catch {
    fail(say(`node to run inside ${app}, to look at its filesystem`, `能在 ${app} 里运行 node，查看它的文件系统`), verbatim((res.stderr || res.stdout).trim().slice(0, 300) || "no output"));
  }
  const problems: Text[] = [];
  const onRoot = Object.entries(seen.writes).filter(([, w]) => w.ok && w.mount?.point === '/').map(([dir]) => dir);
  if (onRoot.length) problems.push(say(`${app} could write to ${onRoot.join(', ')} on its root filesystem`, `${app} 能往根文件系统上的 ${onRoot.join('、')} 写文件`));
  const tmp = seen.writes['/tmp'];
  if (!tmp?.ok) problems.push(say(`${app} cannot write to /tmp (${tmp?.code ?? '?'}): give it a tmpfs`, `${app} 不能写 /tmp（${tmp?.code ?? '?'}）：给它挂一个 tmpfs`));
  else if (tmp.mount?.type !== 'tmpfs') problems.push(say(`/tmp in ${app} is not a tmpfs`, `${app} 里的 /tmp 不是 tmpfs`));
  if (seen.nodeEnv !== 'production') problems.push(say(`NODE_ENV in ${app} is ${seen.nodeEnv ?? 'unset'}`, `${app} 里的 NODE_ENV 是 ${seen.nodeEnv ?? '未设置'}`));

  // Compose mounts a secret or config file by binding it: those are the only host paths allowed.
  const declared = new Set(Object.values({ ...v.learner.config.secrets, ...v.learner.config.configs }).flatMap((s) => (s.file ? [s.file] : [])));
  for (const c of await v.fixture.containers()) {
    for (const m of (await inspect(c.id)).info.Mounts ?? []) {
      if (m.Type === 'bind' && !declared.has(m.Source)) problems.push(say(`${c.service} mounts the host's ${m.Source} at ${m.Destination}`, `${c.service} 把宿主机的 ${m.Source} 挂载到了 ${m.Destination}`));
    }
  }
  // Behind the app, nothing needs to be reachable from the host: a published database port is an open door.
  for (const [name, svc] of Object.entries(v.learner.config.services)) {
    if (name !== app && (svc.ports ?? []).length > 0) problems.push(say(`${name} publishes a port on the host`, `${name} 在宿主机上发布了端口`));
  }
  const service = v.learner.config.services[app];
  if (service && memoryLimit(service) === undefined) problems.push(say(`${app} has no memory limit`, `${app} 没有内存限制`));
  if (service && cpuLimit(service) === undefined) problems.push(say(`${app} has no CPU limit`, `${app} 没有 CPU 限制`));
  if (problems.length) {
    fail(
      say(
        `${app} in production: a read-only root filesystem, /tmp on tmpfs, no host paths mounted, memory and CPU limits, NODE_ENV=production; no other service publishing a port`,
        `生产环境的 ${app}：根文件系统只读，/tmp 用 tmpfs，不挂载宿主机路径，有内存和 CPU 限制，NODE_ENV=production；除它之外没有服务发布端口`,
      ),
      joinSaid(problems, CLAUSES),
    );
  }
}
