// `npm run progress`: every exercise in course.yaml order, with where the learner stands, read
// from the progress record. Only runs against the learner's own exercises/ folder count.
// Checks are scored against today's manifest, so a check added since the last run counts as
// not yet passed rather than being silently ignored.
import { chalk } from 'zx';
import { pick } from './locale.js';
import type { ExerciseSpec, Locale, Manifest } from './manifest.js';
import { ago, messages } from './messages.js';
import { exerciseRecord, type ProgressRecord, type RunRecord } from './progress-record.js';
import { formatTable } from './report/table.js';

export interface ExerciseProgress {
  exercise: ExerciseSpec;
  state: 'passed' | 'failed' | 'never-run';
  passed: number;
  total: number;
  points: number;
  maxPoints: number;
  lastRun?: Date;
}

export function exerciseProgress(exercise: ExerciseSpec, run: RunRecord | undefined): ExerciseProgress {
  const total = exercise.checks.length;
  const maxPoints = exercise.checks.reduce((n, c) => n + c.points, 0);
  if (!run) return { exercise, state: 'never-run', passed: 0, total, points: 0, maxPoints };
  const passedChecks = exercise.checks.filter((c) => run.checks[c.id]?.status === 'passed');
  const points = passedChecks.reduce((n, c) => n + c.points, 0);
  const state = passedChecks.length === total && run.internalErrors === 0 ? 'passed' : 'failed';
  return { exercise, state, passed: passedChecks.length, total, points, maxPoints, lastRun: new Date(run.at) };
}

export function courseProgress(manifest: Manifest, rec: ProgressRecord): ExerciseProgress[] {
  return manifest.exercises.map((ex) => exerciseProgress(ex, exerciseRecord(rec, ex.id).runs.learner));
}

export function formatProgress(rows: ExerciseProgress[], locale: Locale, now = new Date()): string {
  const m = messages(locale);
  const state = { passed: chalk.green(`✓ ${m.statusPassed}`), failed: chalk.red(`✗ ${m.statusFailed}`), 'never-run': chalk.dim(`· ${m.statusNeverRun}`) };
  const table = formatTable([
    [m.colExercise, '', m.colStatus, m.colChecks, m.colPoints, m.colLastRun].map((h) => chalk.bold(h)),
    ...rows.map((r) => [
      r.exercise.id,
      pick(r.exercise.title, locale),
      state[r.state],
      r.lastRun ? m.checksOf(r.passed, r.total) : '',
      r.lastRun ? `${r.points}/${r.maxPoints}` : '',
      r.lastRun ? chalk.dim(ago(r.lastRun, now, locale)) : '',
    ]),
  ]);
  const done = rows.filter((r) => r.state === 'passed').length;
  const points = rows.reduce((n, r) => n + r.points, 0);
  const maxPoints = rows.reduce((n, r) => n + r.maxPoints, 0);
  const next = rows.find((r) => r.state !== 'passed');
  return [
    '',
    table,
    '',
    `  ${chalk.bold(m.progressTotals(done, rows.length, points, maxPoints))}`,
    `  ${next ? chalk.cyan(m.progressNext(next.exercise.id)) : chalk.green(m.progressDone)}`,
    `  ${chalk.dim(m.progressScope)}`,
    '',
  ].join('\n');
}
