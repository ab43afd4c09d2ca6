import { chalk } from 'zx';
import { label, pick } from '../locale.js';
import { docsLink, findExercise, type ExerciseSpec, type Locale } from '../manifest.js';
import { messages } from '../messages.js';
import { progressText } from '../progress.js';
import { exitCode, summarize, totals, type CheckResult, type RunResult } from '../results.js';
import type { RunListener } from '../run-checks.js';
import { verdictIn } from '../verdict.js';
import { formatTable } from './table.js';

type Write = (text: string) => void;

function indent(lines: string[], prefix: string): string {
  return lines.map((l) => `${prefix}${l}`).join('\n');
}

/** The learner-facing text for one check: a line when it passes, the whole story when not. */
export function formatCheck(exercise: ExerciseSpec, result: CheckResult, locale: Locale): string {
  const spec = exercise.checks.find((c) => c.id === result.id);
  const title = spec ? pick(spec.title, locale) : result.id;
  const id = result.id.padEnd(22);
  if (result.status === 'passed') return `  ${chalk.green('✓')} ${chalk.dim(id)} ${title}`;
  if (result.status === 'skipped') return `  ${chalk.yellow('-')} ${chalk.dim(id)} ${title}`;
  const head = `  ${chalk.red('✗')} ${chalk.bold(id)} ${title}`;
  if (result.status === 'error' && result.courseFault) {
    const { what, remedy, detail } = result.courseFault;
    const lines = [what[locale], remedy[locale], ...(detail ? detail.split('\n').slice(0, 5).map((l) => chalk.dim(l)) : [])];
    return `${head}\n      ${chalk.magenta(label('courseFault', locale))}\n${indent(lines, '      ')}`;
  }
  if (result.status === 'error') {
    return `${head}\n      ${chalk.magenta(label('internal', locale))}\n${indent((result.error ?? '').split('\n').slice(0, 8), '      ')}`;
  }
  const v = result.verdict;
  if (!v) return head;
  if (v.blockedBy) {
    return `${head}\n      ${chalk.yellow(`${label('blocked', locale)} ${v.blockedBy}`)}`;
  }
  const said = verdictIn(v, locale);
  const out = [
    head,
    `      ${chalk.bold(label('expected', locale))}: ${said.expected}`,
    `      ${chalk.bold(label('actual', locale))}: ${said.actual}`,
  ];
  if (v.log && v.log.lines.length > 0) {
    out.push(`      ${chalk.dim(`── ${said.logTitle} ──`)}`, indent(v.log.lines.map((l) => chalk.dim(l.slice(0, 200))), '      │ '));
  }
  if (spec) {
    const [hint] = spec.hints;
    if (hint) out.push(`      ${chalk.cyan(label('hint', locale))}: ${pick(hint, locale)}`);
    out.push(`      ${chalk.cyan(label('docs', locale))}: ${docsLink(exercise, spec, locale)}`);
  }
  return out.join('\n');
}

export function formatSummary(result: RunResult, locale: Locale = 'en'): string {
  const { passed, failed, points, maxPoints } = summarize(result.checks);
  const m = messages(locale);
  const colour = failed === 0 && result.errors.length === 0 ? chalk.green : chalk.red;
  return colour(m.summaryCounts(passed, failed)) + chalk.dim(m.summaryPoints(points, maxPoints, result.durationMs / 1000));
}

/** After `check all`: one line per exercise, then the totals. */
export function formatCombinedSummary(results: RunResult[], locale: Locale): string {
  const marks = [chalk.green('✓'), chalk.red('✗'), chalk.magenta('✗')];
  const rows = results.map((r) => {
    const s = summarize(r.checks);
    const ex = findExercise(r.exerciseId);
    const seconds = `${(r.durationMs / 1000).toFixed(1)} s`;
    return [`${marks[exitCode(r)]} ${r.exerciseId}`, ex ? pick(ex.title, locale) : '', `${s.passed}/${r.checks.length}`, `${s.points}/${s.maxPoints}`, chalk.dim(seconds)];
  });
  const t = totals(results);
  const colour = t.failed === 0 && t.errors === 0 ? chalk.green : chalk.red;
  const m = messages(locale);
  const head = chalk.bold(m.allSummary);
  const foot = colour(m.summaryCounts(t.passed, t.failed)) + chalk.dim(m.summaryPoints(t.points, t.maxPoints, t.durationMs / 1000));
  return [head, formatTable(rows), '', foot].join('\n');
}

/** Streams a run to the terminal: a header, progress while slow steps run, each verdict as it lands. */
export function consoleListener(locale: Locale, { verbose = false, write = (t: string) => process.stdout.write(t) }: { verbose?: boolean; write?: Write } = {}): RunListener {
  let exercise: ExerciseSpec | undefined;
  return {
    onStart(ex, dir) {
      exercise = ex;
      write(`\n${chalk.bold(`${ex.id}: ${pick(ex.title, locale)}`)}  ${chalk.dim(dir)}\n\n`);
    },
    onProgress(message) {
      write(`${chalk.dim(`    … ${progressText(message, locale)}`)}\n`);
    },
    onOutput(text) {
      if (verbose) write(chalk.dim(text));
    },
    onCheck(result) {
      if (exercise) write(`${formatCheck(exercise, result, locale)}\n`);
    },
  };
}
