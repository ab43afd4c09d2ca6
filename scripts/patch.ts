#!/usr/bin/env tsx
// npm run patch -- exercise-N <common|starter|solution> <path>
// Creates or re-creates the patch by which one of exercise N's layers changes a file that the
// layers below it produce (why patches: the comment atop checker/src/course-tree/trees.ts). Two steps:
//   1. Run it: course/exercise-N/<layer>/<path> receives the file as the layers below produce
//      it now, with the existing patch's changes where they still fit. Edit that copy.
//   2. Run it again: the copy becomes course/exercise-N/<layer>/<path>.patch and is removed.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { chalk } from 'zx';
import { findExercise, type ExerciseSpec } from '../checker/src/manifest.js';
import { applyWhatFits, createFilePatch, PATCH_SUFFIX } from '../checker/src/course-tree/patches.js';
import { courseDir, LayerError, layerLabel, layersBelow, produceLayers, type Layer, type Variant } from '../checker/src/course-tree/trees.js';

type OwnLayer = 'common' | Variant;
const ownLayers: readonly string[] = ['common', 'starter', 'solution'];

function fail(message: string): never {
  console.error(`${chalk.red('✗')} ${message}`);
  process.exit(1);
}

function parseArgs(): { exercise: ExerciseSpec; layer: OwnLayer; path: string } {
  const [id, layer, rawPath] = process.argv.slice(2);
  const exercise = id ? findExercise(id) : undefined;
  if (!exercise || !layer || !ownLayers.includes(layer) || !rawPath) {
    fail('Usage: npm run patch -- exercise-N <common|starter|solution> <path>   e.g. npm run patch -- exercise-3 solution src/app.ts');
  }
  // Accept the patch's own name too, and refuse paths that would leave the exercise folder.
  const path = normalize(rawPath.endsWith(PATCH_SUFFIX) ? rawPath.slice(0, -PATCH_SUFFIX.length) : rawPath);
  if (path.startsWith('..') || path.startsWith('/')) fail(`${rawPath} is not a path inside the exercise`);
  return { exercise, layer: layer as OwnLayer, path };
}

/** The file at `path` as the layers `below` produce it, or undefined if none has it. */
async function baseFile(below: readonly Layer[], path: string): Promise<string | undefined> {
  const scratch = await mkdtemp(join(tmpdir(), 'shipshape-patch-'));
  try {
    await produceLayers(below, scratch);
    return existsSync(join(scratch, path)) ? await readFile(join(scratch, path), 'utf8') : undefined;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Step 1: the copy to edit, starting from what the current patch already does. */
async function startEditing(edited: string, patchFile: string, base: string, command: string): Promise<void> {
  const salvage = existsSync(patchFile) ? applyWhatFits(base, await readFile(patchFile, 'utf8')) : { text: base, misfits: [] };
  await mkdir(dirname(edited), { recursive: true });
  await writeFile(edited, salvage.text);
  if (salvage.misfits.length > 0) {
    console.log(chalk.yellow(`These changes of the old patch no longer fit; redo them by hand:\n\n${salvage.misfits.join('\n\n')}\n`));
  }
  console.log(`Edit ${chalk.cyan(shown(edited))}, then run ${chalk.cyan(command)} again to turn it into the patch.`);
}

/** Step 2: the edited copy becomes the patch, and goes, so generate never copies it whole. */
async function writePatch(edited: string, patchFile: string, base: string, path: string, layerRoot: string): Promise<void> {
  const text = await readFile(edited, 'utf8');
  if (text === base) {
    await rm(patchFile, { force: true });
    await rm(edited);
    await removeEmptyFolders(dirname(edited), layerRoot);
    console.log(`No change from the layers below: removed ${chalk.cyan(shown(edited))} and any patch for it.`);
    return;
  }
  await writeFile(patchFile, createFilePatch(path, base, text));
  await rm(edited);
  console.log(`${chalk.green('✓')} wrote ${chalk.cyan(shown(patchFile))}; now run ${chalk.cyan('npm run generate')}.`);
}

/** Folders step 1 created for the copy, so an abandoned edit leaves nothing behind. */
async function removeEmptyFolders(dir: string, layerRoot: string): Promise<void> {
  for (let at = dir; at.startsWith(layerRoot + sep); at = dirname(at)) {
    if ((await readdir(at)).length > 0) return;
    await rmdir(at);
  }
}

const shown = (file: string): string => relative(process.cwd(), file) || file;

const { exercise, layer, path } = parseArgs();
const below = layersBelow(exercise, layer);
const base = await baseFile(below, path).catch((err: unknown) => {
  // A patch further down that no longer applies has to be re-created first; its message says how.
  if (err instanceof LayerError) fail(err.message);
  throw err;
});
if (base === undefined) {
  const where = below.map(layerLabel).join(', ');
  fail(`No layer below ${exercise.id}/${layer} (${where}) has ${path}. A new file needs no patch: copy it whole into course/${exercise.id}/${layer}/.`);
}
const layerRoot = join(courseDir(exercise.id), layer);
const edited = join(layerRoot, path);
const patchFile = edited + PATCH_SUFFIX;
const command = `npm run patch -- ${exercise.id} ${layer} ${path}`;
if (existsSync(edited)) await writePatch(edited, patchFile, base, path, layerRoot);
else await startEditing(edited, patchFile, base, command);
