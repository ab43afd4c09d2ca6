import { PID_LABEL, RUN_LABEL } from './labels.js';
import { run } from './cli.js';

type Kind = 'container' | 'network' | 'volume' | 'image';

async function ids(kind: Kind, filter: string): Promise<string[]> {
  const args =
    kind === 'container'
      ? ['container', 'ls', '-aq', '--filter', filter]
      : kind === 'image'
        ? ['image', 'ls', '-q', '--filter', filter]
        : [kind, 'ls', '-q', '--filter', filter];
  const res = await run(args);
  return res.ok ? [...new Set(res.stdout.split('\n').filter(Boolean))] : [];
}

async function remove(kind: Kind, list: string[]): Promise<void> {
  if (list.length === 0) return;
  const args = kind === 'container' ? ['container', 'rm', '-fv', ...list] : [kind, 'rm', '-f', ...list];
  await run(args, 60_000);
}

/**
 * Removes what a run created, in dependency order: containers hold networks and volumes,
 * and images cannot go while a container uses them.
 */
export async function removeRun(runId: string): Promise<void> {
  const filter = `label=${RUN_LABEL}=${runId}`;
  await remove('container', await ids('container', filter));
  await remove('network', await ids('network', filter));
  await remove('volume', await ids('volume', filter));
  await remove('image', await ids('image', filter));
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
  const kinds: Kind[] = ['container', 'network', 'volume', 'image'];
  const lines = (await Promise.all(kinds.map(owners))).flat();
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
  const kinds: Kind[] = ['container', 'network', 'volume', 'image'];
  const found = await Promise.all(kinds.map(async (kind) => (await ids(kind, filter)).map((id) => `${kind} ${id}`)));
  return found.flat();
}
