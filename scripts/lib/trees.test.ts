import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../../checker/src/manifest.js';
import { produce, producedDir, treeDiff, type Variant } from './trees.js';

const scratch = await mkdtemp(join(tmpdir(), 'shipshape-trees-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe.each(loadManifest().exercises)('$id', (exercise) => {
  it.each(['starter', 'solution'] as Variant[])('the committed %s matches what service/ and course/ produce', async (variant) => {
    const fresh = join(scratch, exercise.id, variant);
    await produce(exercise, variant, fresh);
    const drift = await treeDiff(fresh, producedDir(exercise.id, variant));
    expect(drift, `out of date: run \`npm run generate\` and commit the result`).toEqual([]);
  });

  it('starter and solution differ only in the files that are the learner’s task', async () => {
    const diff = await treeDiff(producedDir(exercise.id, 'starter'), producedDir(exercise.id, 'solution'));
    const paths = diff.map((line) => line.split(' ')[1]);
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect(exercise.task, `${path} differs but is not in the task`).toContain(path);
  });
});
