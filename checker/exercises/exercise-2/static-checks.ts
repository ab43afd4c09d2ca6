import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isSeq, parseDocument, isScalar, isPair } from 'yaml';
import { $ } from 'zx';
import { isPlaceholder, isSecretName, URL_WITH_PASSWORD } from '../../src/secrets.js';
import { CLAUSES, joinSaid, LIST, say, verbatim } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import { fail } from '../../src/verdict.js';
import { cpuLimit, memoryLimit } from '../../src/fixtures/compose-project.js';
import { oneOffJobs } from '../../src/docker/compose-roles.js';
import type { ComposeStack } from './stack.js';
import { needs } from '../../src/exercise.js';

export async function composeSafe(stack: ComposeStack): Promise<void> {
  await stack.safe();
}


/** Literal secrets written into the environment: sections of compose.yaml, before interpolation. */
export function literalSecrets(source: string): Text[] {
  const doc = parseDocument(source);
  const services = doc.get('services');
  const found: Text[] = [];
  if (!isMap(services)) return found;
  for (const service of services.items) {
    if (!isPair(service) || !isMap(service.value)) continue;
    const env = service.value.get('environment');
    const entries: [string, string][] = isMap(env)
      ? env.items.filter(isPair).map((p) => [String(isScalar(p.key) ? p.key.value : p.key), String(isScalar(p.value) ? (p.value.value ?? '') : '')])
      : isSeq(env)
        ? env.items.map((i) => String(isScalar(i) ? i.value : '')).map((l) => [l.split('=')[0] ?? '', l.slice(l.indexOf('=') + 1)])
        : [];
    for (const [name, value] of entries) {
      // Compose interpolates ${VAR} anywhere in a value; only a value with none of it is literal.
      const interpolated = value.includes('${') || /^\$\w+/.test(value);
      const at = `${String(service.key)}: ${name}`;
      if (isSecretName(name) && !isPlaceholder(value) && !interpolated) found.push(verbatim(at));
      const password = URL_WITH_PASSWORD.exec(value)?.[1];
      if (password && !password.includes('${') && !password.startsWith('$')) found.push(say(`${at} (password inside the URL)`, `${at}（URL 里带着密码）`));
    }
  }
  return found;
}

/** Is .env going to be committed? Only if git tracks it, or (outside git) it is simply there. */
async function envFileCommitted(dir: string): Promise<Text | undefined> {
  if (!existsSync(join(dir, '.env'))) return undefined;
  const git = $({ cwd: dir, quiet: true, nothrow: true });
  if ((await git`git rev-parse --is-inside-work-tree`).exitCode !== 0) return say('.env is in the folder you hand in', '.env 就在你要提交的目录里');
  if ((await git`git ls-files --error-unmatch .env`).exitCode === 0) return say('.env is tracked by git', '.env 已经被 git 跟踪了');
  if ((await git`git check-ignore -q .env`).exitCode !== 0) {
    return say('.env is not ignored by git, so `git add .` would commit it', '.env 没有被 git 忽略，`git add .` 会把它提交上去');
  }
  return undefined;
}

export async function noCommittedSecrets(stack: ComposeStack): Promise<void> {
  const learner = await needs('compose-safe', stack.learner);
  const problems: Text[] = [];
  const committed = await envFileCommitted(stack.ctx.dir);
  if (committed) problems.push(committed);
  if (!existsSync(join(stack.ctx.dir, '.env.example'))) {
    problems.push(say('there is no .env.example listing the variables to set', '没有一个列出需要设置哪些变量的 .env.example'));
  }
  const literals = joinSaid(literalSecrets(learner.source), LIST);
  if (literals.en) problems.push(say(`literal secrets in ${learner.file}: ${literals.en}`, `${learner.file} 里直接写着密钥：${literals['zh-Hans']}`));
  if (problems.length) {
    fail(
      say(
        'secrets read from ${VARIABLES}, a .env.example with placeholders, and no .env committed',
        '密钥从 ${VARIABLES} 读取，.env.example 里只放占位值，并且不提交 .env',
      ),
      joinSaid(problems, CLAUSES),
    );
  }
}

export async function restartPolicy(stack: ComposeStack): Promise<void> {
  const { config } = await needs('compose-safe', stack.learner);
  const jobs = oneOffJobs(config.services);
  // A job restarted whenever it exits, success included, never completes: compose waits for it forever.
  const endless = [...jobs].filter((name) => /^(always|unless-stopped)$/.test(config.services[name]?.restart ?? ''));
  if (endless.length) {
    fail(
      say('no restart policy on a one-off job, or one that stops once it succeeds (on-failure:3)', '一次性任务不设重启策略，或者只用成功后就会停下的 on-failure:3'),
      say(
        `${endless.map((n) => `${n} (restart: ${config.services[n]?.restart})`).join(', ')}: it is started again each time it finishes, so it never completes, and what waits for it never starts`,
        `${endless.map((n) => `${n}（restart: ${config.services[n]?.restart}）`).join('，')}：它每次执行完都会被重新拉起，永远不算完成，等它的服务也就永远起不来`,
      ),
    );
  }
  const missing = Object.entries(config.services)
    .filter(([name, s]) => !jobs.has(name) && !/^(always|unless-stopped|on-failure(:\d+)?)$/.test(s.restart ?? 'no'))
    .map(([name, s]) => say(`${name} (${s.restart ?? 'no restart policy'})`, `${name}（${s.restart ?? '没有重启策略'}）`));
  if (missing.length) {
    fail(
      say('restart: unless-stopped (or always, on-failure) on every long-running service', '每个常驻服务都设置了 restart: unless-stopped（或 always、on-failure）'),
      joinSaid(missing, LIST),
    );
  }
}

export async function resourceLimits(stack: ComposeStack): Promise<void> {
  const { config } = await needs('compose-safe', stack.learner);
  const missing = Object.entries(config.services).flatMap(([name, s]) => [
    ...(memoryLimit(s) === undefined ? [say(`${name} has no memory limit`, `${name} 没有内存限制`)] : []),
    ...(cpuLimit(s) === undefined ? [say(`${name} has no CPU limit`, `${name} 没有 CPU 限制`)] : []),
  ]);
  if (missing.length) fail(say('a memory and a CPU limit on every service', '每个服务都设置了内存限制和 CPU 限制'), joinSaid(missing, CLAUSES));
}
