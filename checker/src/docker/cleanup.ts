import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PID_LABEL, RUN_LABEL, runStartedAt } from './labels.js';
import { run } from './cli.js';

type Kind = 'container' | 'network' | 'volume' | 'image';
const KINDS: Kind[] = ['container', 'network', 'volume', 'image'];

async function ids(kind: Kind, filter?: string): Promise<string[]> {
  const list = kind === 'container' ? ['container', 'ls', '-aq'] : kind === 'image' ? ['image', 'ls', '-q'] : [kind, 'ls', '-q'];
  const res = await run([...list, ...(filter ? ['--filter', filter] : [])]);
  return res.ok ? [...new Set(res.stdout.split('\n').filter(Boolean))] : [];
}

async function remove(kind: Kind, list: string[]): Promise<void> {
  if (list.length === 0) return;
  const args = kind === 'container' ? ['container', 'rm', '-fv', ...list] : [kind, 'rm', '-f', ...list];
  await run(args, 60_000);
}

/**
 * The run's register of what it created that cannot carry its label: the anonymous volumes an
 * image's VOLUME gives a container (PostgreSQL's data, a Redis dump), which outlive a
 * `docker compose down` without -v. A file, so the process that cleans up after Ctrl-C (the
 * CLI) sees what the checks' worker recorded.
 */
const registerDir = join(tmpdir(), 'shipshape-runs');
const registerFile = (runId: string): string => join(registerDir, `${runId}.volumes`);

interface Mount {
  Type: string;
  Name?: string;
}

/** Anonymous volumes have a 64-hex name and no compose label; named ones (even the learner's external ones) never go here. */
const ANONYMOUS = /^[0-9a-f]{64}$/;

/**
 * Writes down the anonymous volumes the run's containers use now, so that removeRun can take
 * them away after those containers are gone. Call it before anything removes a run's
 * containers without their volumes (`docker compose down` without -v); removeRun itself needs
 * no record of the containers still there, which `rm -v` removes with their volumes.
 */
export async function recordAnonymousVolumes(runId: string): Promise<string[]> {
  const containers = await ids('container', `label=${RUN_LABEL}=${runId}`);
  if (containers.length === 0) return [];
  const res = await run(['container', 'inspect', '--format', '{{json .Mounts}}', ...containers]);
  const names = res.stdout
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => JSON.parse(line) as Mount[])
    .filter((m) => m.Type === 'volume' && m.Name && ANONYMOUS.test(m.Name))
    .map((m) => m.Name!);
  const fresh = await createdSince(names, runStartedAt(runId));
  if (fresh.length > 0) {
    await mkdir(registerDir, { recursive: true });
    await appendFile(registerFile(runId), fresh.map((n) => `${n}\n`).join(''));
  }
  return fresh;
}

/** Only volumes the run itself made: anything older belongs to someone else and is never touched. */
async function createdSince(names: string[], since: number | undefined): Promise<string[]> {
  if (names.length === 0 || since === undefined) return [];
  const res = await run(['volume', 'inspect', '--format', '{{.Name}} {{.CreatedAt}} {{index .Labels "com.docker.compose.volume"}}', ...new Set(names)]);
  return res.stdout
    .split('\n')
    .map((line) => line.trim().split(' '))
    .filter(([name, created, composeName]) => name && !composeName && Date.parse(created ?? '') >= since - 2000)
    .map(([name]) => name!);
}

async function registeredVolumes(runId: string): Promise<string[]> {
  const file = registerFile(runId);
  return existsSync(file) ? [...new Set((await readFile(file, 'utf8')).split('\n').filter(Boolean))] : [];
}

/**
 * Removes what a run created, in dependency order: containers hold networks and volumes,
 * and images cannot go while a container uses them. Anonymous volumes go with their containers
 * (`rm -v`), and those orphaned earlier are taken from the run's register.
 */
export async function removeRun(runId: string): Promise<void> {
  const filter = `label=${RUN_LABEL}=${runId}`;
  // Everything looked up at once, then removed in order. At the end of a run nothing new
  // appears meanwhile; an interrupted run, where a create may still land, is swept again.
  const [containers, networks, volumes, images, registered] = await Promise.all([
    ...KINDS.map((kind) => ids(kind, filter)),
    registeredVolumes(runId),
  ]);
  await remove('container', containers ?? []);
  await remove('network', networks ?? []);
  await remove('volume', [...(volumes ?? []), ...(registered ?? [])]);
  await remove('image', images ?? []);
  await rm(registerFile(runId), { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `runId pid` for everything of one kind that carries a run label. */
async function owners(kind: Kind): Promise<string[]> {
  const filter = `label=${RUN_LABEL}`;
  if (kind === 'image') {
    const list = await ids('image', filter);
    if (list.length === 0) return [];
    const format = `{{index .Config.Labels "${RUN_LABEL}"}} {{index .Config.Labels "${PID_LABEL}"}}`;
    return (await run(['image', 'inspect', '--format', format, ...list])).stdout.split('\n');
  }
  const format = `{{.Label "${RUN_LABEL}"}} {{.Label "${PID_LABEL}"}}`;
  const args = kind === 'container' ? ['container', 'ls', '-a'] : [kind, 'ls'];
  return (await run([...args, '--filter', filter, '--format', format])).stdout.split('\n');
}

/** Runs whose checker process is gone (killed, machine slept) leave resources behind: sweep them. */
export async function sweepStaleRuns(): Promise<string[]> {
  const lines = (await Promise.all(KINDS.map(owners))).flat();
  const stale = new Set<string>();
  for (const line of lines.filter(Boolean)) {
    const [runId, pid] = line.split(' ');
    if (runId && !alive(Number(pid))) stale.add(runId);
  }
  for (const runId of stale) await removeRun(runId);
  return [...stale];
}

/** Whatever still carries a run's label; empty after a clean run. */
export async function leftovers(runId?: string): Promise<string[]> {
  const filter = runId ? `label=${RUN_LABEL}=${runId}` : `label=${RUN_LABEL}`;
  const found = await Promise.all(KINDS.map(async (kind) => (await ids(kind, filter)).map((id) => `${kind} ${id}`)));
  return found.flat();
}

/** Every container, network, volume and image on the engine, labelled or not, as "kind id". */
export async function engineInventory(): Promise<Set<string>> {
  const found = await Promise.all(KINDS.map(async (kind) => (await ids(kind)).map((id) => `${kind} ${id}`)));
  return new Set(found.flat());
}

/** What appeared on the engine between two inventories: what a run left that no label finds. */
export function newSince(before: Set<string>, after: Set<string>): string[] {
  return [...after].filter((item) => !before.has(item));
}
