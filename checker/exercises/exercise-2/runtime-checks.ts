import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { containerState } from '../../src/docker/containers.js';
import { needs } from '../../src/exercise.js';
import { CheckFailure, fail } from '../../src/verdict.js';
import { httpInContainer } from '../../src/probes/http.js';
import { psql } from '../../src/probes/sql.js';
import type { ComposeStack } from './stack.js';

export async function stackUp(stack: ComposeStack): Promise<void> {
  await stack.up();
}

async function healthOf(containerId: string): Promise<string> {
  return (await containerState(containerId)).health?.Status ?? 'none';
}

export async function healthchecks(stack: ComposeStack): Promise<void> {
  const { config, roles } = await needs('compose-safe', stack.learner);
  const wanted = [roles.db, ...(roles.redis ? [roles.redis] : [])];
  const deps = config.services[roles.app]?.depends_on ?? {};
  const ungated = wanted.filter((d) => deps[d]?.condition !== 'service_healthy');
  if (ungated.length) {
    fail(
      `${roles.app} to wait for ${wanted.join(' and ')} with depends_on condition: service_healthy`,
      ungated.map((d) => `${d}: ${deps[d] ? `condition ${deps[d].condition}` : 'not in depends_on'}`).join('; '),
    );
  }
  await needs('stack-up', stack.up);
  // A health check may come from compose.yaml or from the image's HEALTHCHECK: ask Docker.
  const states: string[] = [];
  for (const service of [roles.app, ...wanted]) {
    for (const id of await stack.project.replicas(service)) states.push(`${service}: ${await healthOf(id)}`);
  }
  const bad = states.filter((s) => !s.endsWith(': healthy'));
  if (bad.length) fail('every long-running service to have a health check and be healthy', bad.join('; '));
}

async function migrationFiles(dir: string): Promise<string[]> {
  return (await readdir(join(dir, 'migrations'))).filter((f) => f.endsWith('.sql')).map((f) => f.replace(/\.sql$/, '')).sort();
}

/** Each migration recorded exactly once in node-pg-migrate's table. */
async function assertMigratedOnce(stack: ComposeStack, db: string): Promise<void> {
  const [dbId] = await stack.project.replicas(db);
  const result = await psql(dbId ?? '', 'SELECT name, count(*) FROM pgmigrations GROUP BY name ORDER BY name');
  if (!result.ok) {
    fail('the migrations to have run (a pgmigrations table in the database)', /does not exist/.test(result.error) ? 'no migration has run' : result.error);
  }
  const counts = new Map(result.rows.map(([name, n]) => [name, Number(n)]));
  const problems = (await migrationFiles(stack.ctx.dir)).flatMap((m) =>
    counts.get(m) === 1 ? [] : [`${m} ran ${counts.get(m) ?? 0} times`],
  );
  if (problems.length) fail('every migration applied exactly once', problems.join('; '));
}

export async function migrationsOnce(stack: ComposeStack): Promise<void> {
  const { roles } = await needs('compose-safe', stack.learner);
  await needs('stack-up', stack.up);
  await assertMigratedOnce(stack, roles.db);
  const [appId] = await stack.project.replicas(roles.app);
  const reply = await httpInContainer(appId ?? '', { path: '/employees' });
  if (!reply.ok || reply.status !== 200) {
    throw new CheckFailure({
      expected: 'GET /employees → 200 once the stack is up (the tables exist before the app serves)',
      actual: reply.ok ? `${reply.status} ${reply.body.slice(0, 120)}` : reply.sentence,
      log: { title: `docker compose logs ${roles.app}`, lines: await stack.project.logs(roles.app) },
    });
  }
}

export async function scales(stack: ComposeStack): Promise<void> {
  const { config, roles } = await needs('compose-safe', stack.learner);
  const fixed = (config.services[roles.app]?.ports ?? []).filter((p) => p.published !== undefined && p.published !== '' && p.published !== '0');
  if (fixed.length) {
    fail(
      `no fixed host port on ${roles.app}, so that two replicas can run side by side`,
      `ports: ${fixed.map((p) => `${p.published}:${p.target}`).join(', ')}`,
    );
  }
  await needs('stack-up', stack.up);
  const scaled = await stack.project.run(['up', '-d', '--wait', '--wait-timeout', '90', '--no-recreate', '--scale', `${roles.app}=2`], 150_000);
  const replicas = await stack.project.replicas(roles.app);
  if (!scaled.ok || replicas.length !== 2) {
    throw new CheckFailure({
      expected: `docker compose up --scale ${roles.app}=2 to run two healthy replicas`,
      actual: `${replicas.length} running; ${scaled.stderr.trim().split('\n').at(-1) ?? ''}`,
      log: { title: `docker compose logs ${roles.app}`, lines: await stack.project.logs(roles.app) },
    });
  }
  for (const id of replicas) {
    const reply = await httpInContainer(id, { path: '/health' });
    if (!reply.ok || reply.status !== 200) {
      fail('GET /health → 200 from each replica', `replica ${id.slice(0, 12)}: ${reply.ok ? reply.status : reply.sentence}`);
    }
  }
  // A second replica must not have applied the migrations again.
  await assertMigratedOnce(stack, roles.db);
}

export async function persistence(stack: ComposeStack): Promise<void> {
  const { roles } = await needs('compose-safe', stack.learner);
  await needs('stack-up', stack.up);
  const email = `persist-${stack.ctx.runId}@example.com`;
  const [appId] = await stack.project.replicas(roles.app);
  const created = await httpInContainer(appId ?? '', { method: 'POST', path: '/employees', body: { name: 'Persistence Probe', email } });
  if (!created.ok || created.status !== 201) {
    fail('POST /employees → 201 before the restart', created.ok ? `${created.status} ${created.body.slice(0, 120)}` : created.sentence);
  }
  const down = await stack.project.down();
  if (!down.ok) fail('docker compose down to succeed', down.stderr.trim().split('\n').at(-1) ?? '');
  const up = await stack.project.run(['up', '-d', '--wait', '--wait-timeout', '90'], 150_000);
  if (!up.ok) fail('docker compose up --wait to succeed again after down', up.stderr.trim().split('\n').at(-1) ?? '');
  const [again] = await stack.project.replicas(roles.app);
  const list = await httpInContainer(again ?? '', { path: '/employees' });
  if (!list.ok || list.status !== 200 || !list.body.includes(email)) {
    fail(
      'the employee created before `docker compose down` to be there after `up` (PostgreSQL data in a named volume)',
      !list.ok ? list.sentence : list.status !== 200 ? `GET /employees → ${list.status}` : 'it is gone: the data lived in the container',
    );
  }
}
