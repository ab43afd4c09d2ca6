#!/usr/bin/env tsx
// npm run reset exercise-N: restores the pristine starter. Your current version is kept in
// .shipshape/backups/, so a reset never loses work.
import { cp } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { chalk } from 'zx';
import { findExercise, repoRoot } from '../checker/src/manifest.js';
import { produce, producedDir } from '../checker/src/course-tree/trees.js';

const id = process.argv[2];
const exercise = id ? findExercise(id) : undefined;
if (!exercise) {
  console.error('Usage: npm run reset exercise-N');
  process.exit(2);
}

const target = producedDir(exercise.id, 'starter');
if (existsSync(target)) {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const backup = join(repoRoot, '.shipshape', 'backups', `${exercise.id}-${stamp}`);
  await cp(target, backup, { recursive: true, filter: (src) => !/node_modules/.test(src) });
  console.log(`Your version is saved in ${chalk.cyan(relative(process.cwd(), backup))}`);
}
await produce(exercise, 'starter', target);
console.log(`${chalk.green('✓')} ${relative(process.cwd(), target)} is back to the starter.`);
