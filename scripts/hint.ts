#!/usr/bin/env tsx
// npm run hint exercise-N [check-id]: the next hint for the first check your last run failed
// (or for the check you name), one more each time you ask.
import { join } from 'node:path';
import { chalk } from 'zx';
import { planHint, formatHint } from '../checker/src/hints.js';
import { detectLocale } from '../checker/src/locale.js';
import { findExercise, loadManifest, repoRoot } from '../checker/src/manifest.js';
import { messages } from '../checker/src/messages.js';
import { exerciseRecord, loadRecord, saveRecord, withHintShown } from '../checker/src/progress-record.js';
import { newestChange } from '../checker/src/watch.js';

const locale = detectLocale();
const m = messages(locale);
const [id, checkId] = process.argv.slice(2);
if (!id) {
  console.error(m.hintUsage);
  process.exit(2);
}
const exercise = findExercise(id);
if (!exercise) {
  console.error(m.unknownExercise(id, loadManifest().exercises.map((e) => e.id)));
  process.exit(2);
}

const { record, setAside } = await loadRecord();
if (setAside) console.log(chalk.yellow(m.recordUnreadable(setAside)));
const entry = exerciseRecord(record, exercise.id);
const plan = planHint(exercise, entry, checkId);
const lastRun = entry.runs.learner;
const stale = lastRun ? (await newestChange(join(repoRoot, 'exercises', exercise.id))) > Date.parse(lastRun.at) : false;
console.log(formatHint(exercise, plan, { locale, stale }));
if (plan.kind === 'hint' && !plan.exhausted) await saveRecord(withHintShown(record, exercise.id, plan.check.id));
process.exitCode = plan.kind === 'unknown-check' ? 2 : 0;
