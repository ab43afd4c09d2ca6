// `npm run hint exercise-N [check-id]`: the next hint, one at a time, for the first check that
// failed in the learner's last run. Hints come only from course.yaml, in its order (rustlings
// #1654: out-of-order hints confused learners); how many were shown lives in the record.
import { chalk } from 'zx';
import { pick } from './locale.js';
import { docsLink, type CheckSpec, type ExerciseSpec, type Locale } from './manifest.js';
import { ago, messages } from './messages.js';
import type { ExerciseRecord, RunRecord } from './progress-record.js';

export type HintPlan =
  | { kind: 'never-run' }
  | { kind: 'all-passed'; run: RunRecord }
  | { kind: 'internal-error'; run: RunRecord }
  | { kind: 'unknown-check'; checkId: string }
  /** `index` is the 0-based hint to show now; past the last one, `exhausted` is true. */
  | { kind: 'hint'; run?: RunRecord; check: CheckSpec; index: number; exhausted: boolean; chosen: boolean };

/**
 * The check to help with: the one asked for, else the first failure in manifest order that
 * is a root cause (a check blocked by another failure would only repeat that one's story).
 */
function firstFailing(exercise: ExerciseSpec, run: RunRecord): CheckSpec | undefined {
  const failed = exercise.checks.filter((c) => run.checks[c.id]?.status === 'failed');
  return failed.find((c) => !run.checks[c.id]?.blockedBy) ?? failed[0];
}

export function planHint(exercise: ExerciseSpec, entry: ExerciseRecord, checkId?: string): HintPlan {
  const run = entry.runs.learner;
  if (checkId !== undefined) {
    const check = exercise.checks.find((c) => c.id === checkId);
    if (!check) return { kind: 'unknown-check', checkId };
    const shown = entry.hintsShown[check.id] ?? 0;
    return { kind: 'hint', ...(run ? { run } : {}), check, index: shown, exhausted: shown >= check.hints.length, chosen: true };
  }
  if (!run) return { kind: 'never-run' };
  const check = firstFailing(exercise, run);
  if (!check) {
    const errored = Object.values(run.checks).some((c) => c.status === 'error') || run.internalErrors > 0;
    return errored ? { kind: 'internal-error', run } : { kind: 'all-passed', run };
  }
  const shown = entry.hintsShown[check.id] ?? 0;
  return { kind: 'hint', run, check, index: shown, exhausted: shown >= check.hints.length, chosen: false };
}

export interface HintContext {
  locale: Locale;
  now?: Date;
  /** The learner saved files in the exercise after the last run. */
  stale?: boolean;
}

/** What `npm run hint` prints for a plan. */
export function formatHint(exercise: ExerciseSpec, plan: HintPlan, { locale, now = new Date(), stale = false }: HintContext): string {
  const m = messages(locale);
  const id = exercise.id;
  if (plan.kind === 'never-run') return m.hintNeverRun(id);
  if (plan.kind === 'unknown-check') return m.unknownCheck(id, exercise.checks.map((c) => c.id));
  if (plan.kind === 'internal-error') return m.hintInternalOnly(id);
  const out: string[] = [];
  if (plan.run) {
    const statuses = Object.values(plan.run.checks);
    out.push(chalk.dim(m.hintLastRun(ago(new Date(plan.run.at), now, locale), statuses.filter((c) => c.status === 'passed').length, statuses.length)));
    if (stale) out.push(chalk.yellow(m.hintStale(id)));
  }
  if (plan.kind === 'all-passed') return [...out, m.hintAllPassed(id)].join('\n');

  const { check, index, exhausted } = plan;
  const heading = plan.chosen ? m.hintForCheck : m.hintFirstFailing;
  out.push('', `${chalk.bold(heading)}${m.colon}${chalk.bold(`[${check.id}]`)} ${pick(check.title, locale)}`, '');
  const total = check.hints.length;
  const docs = `  ${m.hintDocs(docsLink(exercise, check, locale))}`;
  if (exhausted) {
    out.push(m.hintExhausted(total));
    check.hints.forEach((hint, i) => out.push(`  ${chalk.cyan(`${i + 1}.`)} ${pick(hint, locale)}`));
    out.push('', docs, `  ${m.hintSolution(id)}`);
    return out.join('\n');
  }
  const hint = check.hints[index]!;
  out.push(chalk.cyan(m.hintNumber(index + 1, total)), `  ${pick(hint, locale)}`, '');
  const left = total - index - 1;
  if (left > 0) out.push(chalk.dim(m.hintMore(id, left, plan.chosen ? ` ${check.id}` : '')));
  else out.push(m.hintLast, docs, `  ${m.hintSolution(id)}`);
  return out.join('\n');
}
