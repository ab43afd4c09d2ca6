// Which exercises a `check` command means, and which folder holds each one.
//   check exercise-1                   exercises/exercise-1
//   check exercise-1 --solution        solutions/exercise-1
//   check exercise-1 --dir PATH        PATH itself (an exercise folder), or PATH/exercise-1,
//                                      or PATH/exercises/exercise-1 (a clone of the course)
//   check all [--solution | --dir PATH]   every exercise in course.yaml order, the same way
// so one grading command works for a single exercise and for a whole course clone.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadManifest, repoRoot, type ExerciseSpec } from './manifest.js';

export interface Target {
  exercise: ExerciseSpec;
  dir: string;
}

export type TargetsResult = { ok: true; targets: Target[] } | { ok: false; unknown: string[] } | { ok: false; missing: string[] };

const isDir = (path: string): boolean => existsSync(path) && statSync(path).isDirectory();

function dirFor(exercise: ExerciseSpec, { solution, dir, single }: { solution: boolean; dir?: string; single: boolean }): string {
  if (!dir) return join(repoRoot, solution ? 'solutions' : 'exercises', exercise.id);
  for (const candidate of [join(dir, exercise.id), join(dir, 'exercises', exercise.id)]) {
    if (isDir(candidate)) return candidate;
  }
  // With several exercises PATH must hold their folders; with one it may be the folder itself.
  return single ? dir : join(dir, exercise.id);
}

export function resolveTargets(
  ids: string[],
  { solution = false, dir, cwd = process.cwd() }: { solution?: boolean; dir?: string; cwd?: string } = {},
): TargetsResult {
  const manifest = loadManifest();
  const all = ids.includes('all');
  const unknown = ids.filter((id) => id !== 'all' && !manifest.exercises.some((e) => e.id === id));
  if (unknown.length > 0) return { ok: false, unknown };
  // Manifest order, whatever order they were typed in, each once.
  const exercises = manifest.exercises.filter((e) => all || ids.includes(e.id));
  const base = dir === undefined ? undefined : resolve(cwd, dir);
  const targets = exercises.map((exercise) => ({
    exercise,
    dir: dirFor(exercise, { solution, ...(base ? { dir: base } : {}), single: exercises.length === 1 }),
  }));
  const missing = targets.filter((t) => !isDir(t.dir)).map((t) => t.dir);
  return missing.length > 0 ? { ok: false, missing } : { ok: true, targets };
}
