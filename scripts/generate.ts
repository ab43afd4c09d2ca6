#!/usr/bin/env tsx
// Produces exercises/exercise-N and solutions/exercise-N from service/ and course/exercise-N/.
// Run after changing either; `npm test` fails while a produced tree is out of date.
// How a layer changes a file from below it (a patch, not a copy): the comment atop checker/src/course-tree/trees.ts.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chalk } from 'zx';
import { loadManifest, type ExerciseSpec } from '../checker/src/manifest.js';
import { LayerError, layers, produce, producedDir, shadowingCopies, type Variant } from '../checker/src/course-tree/trees.js';

const variants: Variant[] = ['starter', 'solution'];

function report(problems: readonly string[]): void {
  for (const problem of problems) console.error(`${chalk.red('✗')} ${problem}`);
  process.exitCode = 1;
}

async function ruleBreaks(exercises: readonly ExerciseSpec[]): Promise<string[]> {
  const stacks = exercises.flatMap((ex) => variants.map((variant) => layers(ex, variant)));
  return [...new Set((await Promise.all(stacks.map(shadowingCopies))).flat())];
}

/** Every tree in a scratch folder first: a patch that fails must not leave half the trees new. */
async function produceAll(exercises: readonly ExerciseSpec[], staging: string): Promise<void> {
  for (const exercise of exercises) {
    for (const variant of variants) await produce(exercise, variant, join(staging, variant, exercise.id));
  }
}

async function install(exercises: readonly ExerciseSpec[], staging: string): Promise<void> {
  for (const exercise of exercises) {
    for (const variant of variants) {
      const target = producedDir(exercise.id, variant);
      await rm(target, { recursive: true, force: true });
      await cp(join(staging, variant, exercise.id), target, { recursive: true });
      console.log(`${chalk.green('✓')} ${variant.padEnd(8)} ${target}`);
    }
  }
}

const only = process.argv.slice(2);
const exercises = loadManifest().exercises.filter((ex) => only.length === 0 || only.includes(ex.id));
const problems = await ruleBreaks(exercises);
if (problems.length > 0) {
  report(problems);
} else {
  const staging = await mkdtemp(join(tmpdir(), 'shipshape-generate-'));
  try {
    await produceAll(exercises, staging);
    await install(exercises, staging);
  } catch (err) {
    if (!(err instanceof LayerError)) throw err;
    // The message names the layer and the fix; a stack trace would only bury it.
    report([err.message]);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
