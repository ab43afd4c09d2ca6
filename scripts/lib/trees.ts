import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { findExercise, repoRoot, type ExerciseSpec } from '../../checker/src/manifest.js';

export type Variant = 'starter' | 'solution';

/** Build output and installed packages are the learner's, never part of a produced tree. */
const LOCAL_ONLY = /(^|[/\\])(node_modules|dist)([/\\]|$)/;

export const serviceDir = join(repoRoot, 'service');
export const courseDir = (id: string): string => join(repoRoot, 'course', id);
export const producedDir = (id: string, variant: Variant): string =>
  join(repoRoot, variant === 'starter' ? 'exercises' : 'solutions', id);

/**
 * The layers a produced tree is made of, bottom first: the canonical service, the solutions
 * of the exercises this one builds on, then this exercise's shared files and its variant.
 */
export function layers(exercise: ExerciseSpec, variant: Variant): string[] {
  const earlier = exercise.buildsOn.flatMap((id) => {
    const dep = findExercise(id);
    if (!dep) throw new Error(`${exercise.id} builds on unknown ${id}`);
    return layers(dep, 'solution').slice(1);
  });
  return [serviceDir, ...earlier, join(courseDir(exercise.id), 'common'), join(courseDir(exercise.id), variant)];
}

export async function produce(exercise: ExerciseSpec, variant: Variant, target: string): Promise<void> {
  await rm(target, { recursive: true, force: true });
  await mkdir(target, { recursive: true });
  for (const layer of layers(exercise, variant)) {
    await cp(layer, target, {
      recursive: true,
      force: true,
      filter: (src) => !LOCAL_ONLY.test(relative(layer, src)),
    }).catch((err: NodeJS.ErrnoException) => {
      // An exercise may have no shared files; every other layer must exist.
      if (err.code !== 'ENOENT' || !layer.endsWith('common')) throw err;
    });
  }
}

/** Relative path → content hash for every file of a tree, leaving out local-only folders. */
export async function fingerprint(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = relative(dir, join(entry.parentPath, entry.name));
    if (LOCAL_ONLY.test(path)) continue;
    files.set(path, createHash('sha256').update(await readFile(join(dir, path))).digest('hex'));
  }
  return files;
}

/** What differs between two trees, as "added/removed/changed path" lines. */
export async function treeDiff(expected: string, actual: string): Promise<string[]> {
  const [want, have] = await Promise.all([fingerprint(expected), fingerprint(actual)]);
  const diff: string[] = [];
  for (const [path, hash] of want) {
    if (!have.has(path)) diff.push(`missing ${path}`);
    else if (have.get(path) !== hash) diff.push(`changed ${path}`);
  }
  for (const path of have.keys()) if (!want.has(path)) diff.push(`extra ${path}`);
  return diff.sort();
}
