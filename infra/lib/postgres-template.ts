// The course PostgreSQL with its data folder already initialised. A fresh container spends
// about two seconds in initdb and a temporary server before it is ready (more on a busy
// machine); one made from this image only boots, in under a second. The checker starts a
// database in most exercises and most of their cases, so provisioning makes the template once
// and the checker uses it when it is there (checker/src/fixtures/postgres.ts).
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { $ } from 'zx';
import { dockerSucceeds } from './docker.js';

/** The superuser and database the template was initialised with: the course's own. */
export const TEMPLATE_USER = 'hr';
export const TEMPLATE_DATABASE = 'hr';
/** Outside the image's VOLUME, so that `docker commit` keeps it. */
export const TEMPLATE_PGDATA = '/pgdata';

const docker = $({ quiet: true, nothrow: true });

/** The template's tag for a base image, by the base's ID: a rebuilt stand-in gets a new one. */
export async function postgresTemplateTag(base: string): Promise<string | undefined> {
  const id = (await docker`docker image inspect --format {{.Id}} ${base}`).stdout.trim();
  return id ? `shipshape-postgres-ready:${id.replace(/^sha256:/, '').slice(0, 12)}` : undefined;
}

/** The template for `base` when this engine has it. */
export async function postgresTemplate(base: string): Promise<string | undefined> {
  const tag = await postgresTemplateTag(base);
  return tag && (await dockerSucceeds(['image', 'inspect', tag])) ? tag : undefined;
}

/** Makes the template for `base` unless it is there: initialise, stop, commit. */
export async function ensurePostgresTemplate(base: string): Promise<'present' | 'built'> {
  const tag = await postgresTemplateTag(base);
  if (!tag) throw new Error(`${base} is not on this engine`);
  if (await dockerSucceeds(['image', 'inspect', tag])) return 'present';
  const name = `shipshape-postgres-template-${process.pid}`;
  // The password only lives until the checker sets each run's own with ALTER ROLE.
  const env = [`POSTGRES_USER=${TEMPLATE_USER}`, `POSTGRES_DB=${TEMPLATE_DATABASE}`, `POSTGRES_PASSWORD=${randomBytes(9).toString('base64url')}`, 'POSTGRES_INITDB_ARGS=--no-sync', `PGDATA=${TEMPLATE_PGDATA}`];
  const started = await docker`docker run -d --name ${name} ${env.flatMap((e) => ['-e', e])} ${base}`;
  if (started.exitCode !== 0) throw new Error(`the PostgreSQL template did not start: ${started.stderr.trim()}`);
  try {
    // Ready twice: the entrypoint's set-up server, then the real one.
    const deadline = Date.now() + 60_000;
    let log = '';
    while ((log.match(/ready to accept connections/g)?.length ?? 0) < 2) {
      if (Date.now() > deadline) throw new Error(`the PostgreSQL template was not ready within 60 s:\n${log.slice(-2000)}`);
      await sleep(200);
      const out = await docker`docker logs ${name}`;
      log = `${out.stdout}\n${out.stderr}`;
    }
    // A clean shutdown, so that each copy boots without crash recovery.
    const stopped = await docker`docker stop --time 30 ${name}`;
    if (stopped.exitCode !== 0) throw new Error(`the PostgreSQL template did not stop: ${stopped.stderr.trim()}`);
    const committed = await docker`docker commit ${name} ${tag}`;
    if (committed.exitCode !== 0) throw new Error(`the PostgreSQL template could not be saved: ${committed.stderr.trim()}`);
    return 'built';
  } finally {
    await docker`docker rm -fv ${name}`;
  }
}
