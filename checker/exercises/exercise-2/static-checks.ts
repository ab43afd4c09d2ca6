import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isSeq, parseDocument, isScalar, isPair } from 'yaml';
import { $ } from 'zx';
import { isPlaceholder, isSecretName, URL_WITH_PASSWORD } from '../../src/secrets.js';
import { fail } from '../../src/verdict.js';
import { cpuLimit, memoryLimit } from '../../src/fixtures/compose-project.js';
import type { ComposeStack } from './stack.js';
import { needs } from '../../src/exercise.js';

export async function composeSafe(stack: ComposeStack): Promise<void> {
  await stack.safe();
}


/** Literal secrets written into the environment: sections of compose.yaml, before interpolation. */
export function literalSecrets(source: string): string[] {
  const doc = parseDocument(source);
  const services = doc.get('services');
  const found: string[] = [];
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
      if (isSecretName(name) && !isPlaceholder(value) && !interpolated) found.push(`${String(service.key)}: ${name}`);
      const password = URL_WITH_PASSWORD.exec(value)?.[1];
      if (password && !password.includes('${') && !password.startsWith('$')) found.push(`${String(service.key)}: ${name} (password inside the URL)`);
    }
  }
  return found;
}

/** Is .env going to be committed? Only if git tracks it, or (outside git) it is simply there. */
async function envFileCommitted(dir: string): Promise<string | undefined> {
  if (!existsSync(join(dir, '.env'))) return undefined;
  const git = $({ cwd: dir, quiet: true, nothrow: true });
  if ((await git`git rev-parse --is-inside-work-tree`).exitCode !== 0) return '.env is in the folder you hand in';
  if ((await git`git ls-files --error-unmatch .env`).exitCode === 0) return '.env is tracked by git';
  if ((await git`git check-ignore -q .env`).exitCode !== 0) return '.env is not ignored by git, so `git add .` would commit it';
  return undefined;
}

export async function noCommittedSecrets(stack: ComposeStack): Promise<void> {
  const learner = await needs('compose-safe', stack.learner);
  const problems: string[] = [];
  const committed = await envFileCommitted(stack.ctx.dir);
  if (committed) problems.push(committed);
  if (!existsSync(join(stack.ctx.dir, '.env.example'))) problems.push('there is no .env.example listing the variables to set');
  const literals = literalSecrets(learner.source);
  if (literals.length) problems.push(`literal secrets in ${learner.file}: ${literals.join(', ')}`);
  if (problems.length) fail('secrets read from ${VARIABLES}, a .env.example with placeholders, and no .env committed', problems.join('; '));
}

/** Services that are meant to finish (awaited with service_completed_successfully), not to keep running. */
function oneOffJobs(services: Record<string, { depends_on?: Record<string, { condition: string }> }>): Set<string> {
  return new Set(
    Object.values(services).flatMap((s) =>
      Object.entries(s.depends_on ?? {}).filter(([, d]) => d.condition === 'service_completed_successfully').map(([n]) => n),
    ),
  );
}

export async function restartPolicy(stack: ComposeStack): Promise<void> {
  const { config } = await needs('compose-safe', stack.learner);
  const jobs = oneOffJobs(config.services);
  const missing = Object.entries(config.services)
    .filter(([name, s]) => !jobs.has(name) && !/^(always|unless-stopped|on-failure(:\d+)?)$/.test(s.restart ?? 'no'))
    .map(([name, s]) => `${name} (${s.restart ?? 'no restart policy'})`);
  if (missing.length) fail('restart: unless-stopped (or always, on-failure) on every long-running service', missing.join(', '));
}

export async function resourceLimits(stack: ComposeStack): Promise<void> {
  const { config } = await needs('compose-safe', stack.learner);
  const missing = Object.entries(config.services).flatMap(([name, s]) => [
    ...(memoryLimit(s) === undefined ? [`${name} has no memory limit`] : []),
    ...(cpuLimit(s) === undefined ? [`${name} has no CPU limit`] : []),
  ]);
  if (missing.length) fail('a memory and a CPU limit on every service', missing.join('; '));
}
