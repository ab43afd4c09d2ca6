import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest, repoRoot } from './manifest.js';
import { resolveTargets } from './targets.js';

const ids = loadManifest().exercises.map((e) => e.id);
let clone = '';
beforeAll(async () => {
  clone = await mkdtemp(join(tmpdir(), 'shipshape-targets-'));
  for (const id of ids) await mkdir(join(clone, 'exercises', id), { recursive: true });
  await mkdir(join(clone, 'flat', ids[0]!), { recursive: true });
});
afterAll(() => rm(clone, { recursive: true, force: true }));

const dirs = (r: ReturnType<typeof resolveTargets>): string[] => (r.ok ? r.targets.map((t) => t.dir) : []);

describe('resolveTargets', () => {
  it('maps an exercise to exercises/ or solutions/', () => {
    expect(dirs(resolveTargets(['exercise-1']))).toEqual([join(repoRoot, 'exercises', 'exercise-1')]);
    expect(dirs(resolveTargets(['exercise-1'], { solution: true }))).toEqual([join(repoRoot, 'solutions', 'exercise-1')]);
  });

  it('runs `all` in manifest order, and named ones in manifest order, once each', () => {
    expect(resolveTargets(['all']).ok && dirs(resolveTargets(['all']))).toEqual(ids.map((id) => join(repoRoot, 'exercises', id)));
    if (ids.length > 1) {
      const r = resolveTargets([ids[1]!, ids[0]!, ids[1]!]);
      expect(r.ok && r.targets.map((t) => t.exercise.id)).toEqual([ids[0], ids[1]]);
    }
  });

  it('accepts --dir as the exercise folder, a folder of exercise folders, or a course clone', () => {
    expect(dirs(resolveTargets(['exercise-1'], { dir: join(clone, 'exercises', 'exercise-1') }))).toEqual([join(clone, 'exercises', 'exercise-1')]);
    expect(dirs(resolveTargets(['exercise-1'], { dir: 'flat', cwd: clone }))).toEqual([join(clone, 'flat', 'exercise-1')]);
    expect(dirs(resolveTargets(['all'], { dir: clone }))).toEqual(ids.map((id) => join(clone, 'exercises', id)));
  });

  it('names unknown exercises and missing folders', () => {
    expect(resolveTargets(['exercise-99', 'exercise-1'])).toEqual({ ok: false, unknown: ['exercise-99'] });
    const r = resolveTargets(['all'], { dir: join(clone, 'flat') });
    if (ids.length > 1) expect(r).toEqual({ ok: false, missing: ids.slice(1).map((id) => join(clone, 'flat', id)) });
  });
});
