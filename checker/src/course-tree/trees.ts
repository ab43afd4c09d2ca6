// How an exercise's starter and solution are made: layers copied on top of each other, bottom
// first: service/, the solutions of the exercises it builds on, then course/exercise-N/common/
// and course/exercise-N/starter|solution/.
//
// The authoring rule. A file in course/exercise-N/<layer>/ either
//   - is new, one of exercise N's `task` files (course.yaml) or its README (README.md and its
//     Chinese README.zh-Hans.md): copied whole; or
//   - is `<path>.patch`, a unified diff of one file: it changes the file the layers below
//     produced at <path>. Create and re-create one with `npm run patch -- exercise-N <layer> <path>`.
//     A change to the service belongs in common/: starter and solution differ only in task files.
// Any other whole copy over a file from below is refused, by generate and by overlay-rules.test.ts.
//
// Why: a whole copy freezes the file as it was on the day it was copied. A later fix in
// service/ (or in an earlier exercise) would stop silently at that copy, and two exercises
// editing the same file would overwrite each other. A patch carries only its own change, so
// everything below it keeps flowing up, and when a change below does collide with it,
// generate stops and names the patch instead of shipping a stale file.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { loadManifest, repoRoot, type ExerciseSpec } from '../manifest.js';
import { applyFilePatch, isPatchFile, patchedPath, PatchError, PATCH_SUFFIX } from './patches.js';

export type Variant = 'starter' | 'solution';
export type LayerName = 'service' | 'common' | Variant;

/** What producing a tree needs to know about an exercise. */
export type OverlaySpec = Pick<ExerciseSpec, 'id' | 'task' | 'buildsOn'>;

/** Where the layers live and which exercises exist: the repository's, or a test's copy of them. */
export interface CourseSource {
  readonly root: string;
  readonly exercises: readonly OverlaySpec[];
}

export interface Layer {
  readonly dir: string;
  /** The exercise the layer belongs to; undefined for service/. */
  readonly exercise: OverlaySpec | undefined;
  readonly name: LayerName;
}

/** One file a layer contributes: copied whole, or a patch to the file at `path` below it. */
export interface LayerFile {
  readonly path: string;
  readonly kind: 'copy' | 'patch';
}

/** A layer that cannot be applied as written; the message names it and says how to fix it. */
export class LayerError extends Error {}

/** Build output and installed packages are the learner's, never part of a produced tree. */
const LOCAL_ONLY = /(^|[/\\])(node_modules|dist)([/\\]|$)/;

/** Files every exercise has its own version of, by design: its README (English and Chinese) introduces that exercise. */
const EXERCISE_OWN = new Set(['README.md', 'README.zh-Hans.md']);

export const repoCourse = (): CourseSource => ({ root: repoRoot, exercises: loadManifest().exercises });
export const courseDir = (id: string, root = repoRoot): string => join(root, 'course', id);
export const producedDir = (id: string, variant: Variant): string =>
  join(repoRoot, variant === 'starter' ? 'exercises' : 'solutions', id);

/** How messages name a layer: its folder, relative to the repository. */
export const layerLabel = (layer: Layer): string =>
  layer.exercise ? `course/${layer.exercise.id}/${layer.name}` : 'service';

/**
 * The layers a produced tree is made of, bottom first: the canonical service, the solutions
 * of the exercises this one builds on, then this exercise's shared files and its variant.
 */
export function layers(exercise: OverlaySpec, variant: Variant, source: CourseSource = repoCourse()): Layer[] {
  return [serviceLayer(source), ...exerciseLayers(exercise, variant, source)];
}

export const serviceLayer = (source: CourseSource = repoCourse()): Layer => ({
  dir: join(source.root, 'service'),
  exercise: undefined,
  name: 'service',
});

function exerciseLayers(exercise: OverlaySpec, variant: Variant, source: CourseSource): Layer[] {
  const earlier = exercise.buildsOn.flatMap((id) => {
    const dep = source.exercises.find((ex) => ex.id === id);
    if (!dep) throw new Error(`${exercise.id} builds on unknown ${id}`);
    return exerciseLayers(dep, 'solution', source);
  });
  const own = (name: LayerName): Layer => ({ dir: join(courseDir(exercise.id, source.root), name), exercise, name });
  return [...earlier, own('common'), own(variant)];
}

/** The layers below one of an exercise's own layers: what a patch in that layer applies to. */
export function layersBelow(exercise: OverlaySpec, name: 'common' | Variant, source: CourseSource = repoCourse()): Layer[] {
  if (name === 'common') return layers(exercise, 'solution', source).slice(0, -2);
  return layers(exercise, name, source).slice(0, -1);
}

export async function produce(exercise: OverlaySpec, variant: Variant, target: string, source?: CourseSource): Promise<void> {
  await produceLayers(layers(exercise, variant, source), target);
}

export async function produceLayers(stack: readonly Layer[], target: string): Promise<void> {
  await rm(target, { recursive: true, force: true });
  await mkdir(target, { recursive: true });
  for (const layer of stack) await applyLayer(layer, target);
}

async function applyLayer(layer: Layer, target: string): Promise<void> {
  for (const file of await layerFiles(layer)) {
    if (file.kind === 'copy') await copyInto(join(layer.dir, file.path), join(target, file.path));
    else await patchInPlace(layer, file.path, target);
  }
}

async function copyInto(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  await copyFile(from, to);
}

async function patchInPlace(layer: Layer, path: string, target: string): Promise<void> {
  const base = await readFile(join(target, path), 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
    throw new LayerError(
      `${layerLabel(layer)}/${path}${PATCH_SUFFIX} patches ${path}, but no layer below ${layerLabel(layer)} has that file. ` +
        `A patch changes an existing file; to add a new one, copy it whole to ${layerLabel(layer)}/${path}.`,
    );
  });
  const patch = await readFile(join(layer.dir, path + PATCH_SUFFIX), 'utf8');
  await writeFile(join(target, path), applyOrExplain(layer, path, base, patch));
}

function applyOrExplain(layer: Layer, path: string, base: string, patch: string): string {
  try {
    return applyFilePatch(base, patch);
  } catch (err) {
    if (!(err instanceof PatchError)) throw err;
    throw new LayerError(
      `${layerLabel(layer)}/${path}${PATCH_SUFFIX} does not apply to ${path}: ${err.message}. ` +
        `A layer below changed the lines it edits. Re-create it: \`${patchCommand(layer, path)}\` puts the file ` +
        `as the layers below now produce it at ${layerLabel(layer)}/${path}, with the patch's changes where they ` +
        `still fit; redo the rest, then run the same command again to write the new patch.`,
    );
  }
}

/** The command that creates or re-creates the patch for `path` in `layer`. */
export function patchCommand(layer: Layer, path: string): string {
  return `npm run patch -- ${layer.exercise?.id ?? 'exercise-N'} ${layer.name} ${path}`;
}

/**
 * What a layer contributes, copies before patches so a patch never lands on a file its own
 * layer is about to replace. service/ is the canonical source: nothing in it is a patch.
 */
export async function layerFiles(layer: Layer): Promise<LayerFile[]> {
  const paths = await filesIn(layer);
  const patches = layer.exercise ? paths.filter(isPatchFile) : [];
  const copies = paths.filter((path) => !patches.includes(path));
  return [
    ...copies.map((path): LayerFile => ({ path, kind: 'copy' })),
    ...patches.map((path): LayerFile => ({ path: patchedPath(path), kind: 'patch' })),
  ];
}

async function filesIn(layer: Layer): Promise<string[]> {
  const entries = await readdir(layer.dir, { recursive: true, withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    // An exercise may have no shared files; every other layer must exist.
    if (err.code === 'ENOENT' && layer.name === 'common') return [];
    throw err;
  });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(layer.dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((path) => !LOCAL_ONLY.test(path))
    .sort();
}

/**
 * Whole-file copies that replace a file a lower layer produced, other than the owning
 * exercise's task files (a starter's stub, then the solution's full version) and the files
 * every exercise has its own of. Each one is a place where a change from below would stop.
 */
export async function shadowingCopies(stack: readonly Layer[]): Promise<string[]> {
  const produced = new Set<string>();
  const problems: string[] = [];
  for (const layer of stack) {
    for (const file of await layerFiles(layer)) {
      if (file.kind === 'copy' && produced.has(file.path) && !replacesByDesign(layer, file.path)) {
        problems.push(
          `${layerLabel(layer)}/${file.path} replaces the whole ${file.path} from the layers below, and ` +
            `${file.path} is not one of ${layer.exercise ? `${layer.exercise.id}'s` : 'its'} task files: use a patch (\`${patchCommand(layer, file.path)}\`)`,
        );
      }
      produced.add(file.path);
    }
  }
  return problems;
}

/** Whether `layer` may copy `path` whole over the version below it. */
export function replacesByDesign(layer: Layer, path: string): boolean {
  return EXERCISE_OWN.has(path) || (layer.exercise?.task.includes(path) ?? false);
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
