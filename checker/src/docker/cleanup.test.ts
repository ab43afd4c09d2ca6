import { afterAll, describe, expect, it } from 'vitest';
import { courseImage } from '../course-images.js';
import { run } from './cli.js';
import { engineInventory, newSince, recordAnonymousVolumes, removeRun } from './cleanup.js';
import { newRunId, runLabels, runStartedAt } from './labels.js';

const labelArgs = (runId: string): string[] => Object.entries(runLabels(runId)).flatMap(([k, v]) => ['--label', `${k}=${v}`]);

async function anonymousVolumeOf(container: string): Promise<string> {
  const res = await run(['container', 'inspect', '--format', '{{range .Mounts}}{{.Name}}{{end}}', container]);
  return res.stdout.trim();
}

describe('removing a run', () => {
  const strays: string[] = [];
  afterAll(async () => {
    await run(['volume', 'rm', '-f', ...strays]);
  });

  it('reads the start time back from a run id', () => {
    const before = Date.now();
    const at = runStartedAt(newRunId());
    expect(at).toBeGreaterThanOrEqual(before);
    expect(runStartedAt('not-a-run')).toBeUndefined();
  });

  // Redis's image declares VOLUME /data, so each container gets an anonymous volume, as
  // PostgreSQL's does in a compose file that names none.
  it('removes anonymous volumes orphaned by a down without -v, and no older volume', async () => {
    const redis = await courseImage('redis');
    // Somebody else's anonymous volume, from before the run: it must survive.
    const older = (await run(['container', 'create', redis])).stdout.trim();
    const olderVolume = await anonymousVolumeOf(older);
    await run(['container', 'rm', older]);
    strays.push(olderVolume);
    await new Promise((r) => setTimeout(r, 1100));

    const runId = newRunId();
    const before = await engineInventory();
    const created = (await run(['container', 'create', ...labelArgs(runId), redis])).stdout.trim();
    const volume = await anonymousVolumeOf(created);
    expect(volume).toMatch(/^[0-9a-f]{64}$/);
    expect(await recordAnonymousVolumes(runId)).toEqual([volume]);
    // As `docker compose down` without -v leaves it: the container gone, its volume orphaned.
    await run(['container', 'rm', created]);
    expect(newSince(before, await engineInventory())).toEqual([`volume ${volume}`]);

    await removeRun(runId);
    expect(newSince(before, await engineInventory())).toEqual([]);
    expect((await run(['volume', 'inspect', olderVolume])).ok).toBe(true);
  }, 30_000);
});
