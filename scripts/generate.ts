#!/usr/bin/env tsx
// Produces exercises/exercise-N and solutions/exercise-N from service/ and course/exercise-N/.
// Run after changing either; `npm test` fails while a produced tree is out of date.
import { chalk } from 'zx';
import { loadManifest } from '../checker/src/manifest.js';
import { produce, producedDir, type Variant } from './lib/trees.js';

const only = process.argv.slice(2);
for (const exercise of loadManifest().exercises) {
  if (only.length > 0 && !only.includes(exercise.id)) continue;
  for (const variant of ['starter', 'solution'] as Variant[]) {
    await produce(exercise, variant, producedDir(exercise.id, variant));
    console.log(`${chalk.green('✓')} ${variant.padEnd(8)} ${producedDir(exercise.id, variant)}`);
  }
}
