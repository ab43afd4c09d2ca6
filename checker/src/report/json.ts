// `--json FILE`: the results for graders and scripts. Self-describing (titles in both
// languages, verdicts in English with both languages under `verdict.localized`, docs links,
// points), versioned so a grading script can refuse a shape it does not know. Bump
// SCHEMA_VERSION on any change that is not a new optional field.
import { docsLink, findExercise, type Locale, type Text } from '../manifest.js';
import { combinedExitCode, runStatus, summarize, totals, type CheckStatus, type RunResult, type RunStatus, type Totals } from '../results.js';
import type { Verdict } from '../verdict.js';
import { checkSpec } from './failure.js';

export const SCHEMA_VERSION = 1;

export interface JsonCheck {
  id: string;
  /** exercise-N/check-id, unique across the course. */
  key: string;
  title: Text;
  status: CheckStatus;
  points: number;
  maxPoints: number;
  durationMs: number;
  docs?: string;
  verdict?: Verdict;
  error?: string;
}

export interface JsonExercise {
  id: string;
  title: Text;
  dir: string;
  status: RunStatus;
  passed: number;
  failed: number;
  points: number;
  maxPoints: number;
  durationMs: number;
  /** Errors outside any check: our bugs, not the learner's. */
  errors: string[];
  checks: JsonCheck[];
}

export interface JsonReport {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: 'shipshape';
  generatedAt: string;
  /** The language of `docs` links; titles carry both languages, and so do verdicts (`verdict.localized`). */
  locale: Locale;
  status: RunStatus;
  totals: Totals;
  exercises: JsonExercise[];
}

function exerciseReport(run: RunResult, locale: Locale): JsonExercise {
  const exercise = findExercise(run.exerciseId);
  const fallback = (id: string): Text => ({ en: id, 'zh-Hans': id });
  return {
    id: run.exerciseId,
    title: exercise?.title ?? fallback(run.exerciseId),
    dir: run.dir,
    status: runStatus(run),
    ...summarize(run.checks),
    durationMs: run.durationMs,
    errors: run.errors,
    checks: run.checks.map((c) => {
      const spec = checkSpec(exercise, c.id);
      return {
        id: c.id,
        key: `${run.exerciseId}/${c.id}`,
        title: spec?.title ?? fallback(c.id),
        status: c.status,
        points: c.points,
        maxPoints: c.maxPoints,
        durationMs: c.durationMs,
        ...(exercise && spec ? { docs: docsLink(exercise, spec, locale) } : {}),
        ...(c.verdict ? { verdict: c.verdict } : {}),
        ...(c.error ? { error: c.error } : {}),
      };
    }),
  };
}

export function toJsonReport(runs: RunResult[], { locale = 'en', now = new Date() }: { locale?: Locale; now?: Date } = {}): JsonReport {
  const status = (['passed', 'failed', 'error'] as const)[combinedExitCode(runs)];
  const exercises = runs.map((r) => exerciseReport(r, locale));
  return { schemaVersion: SCHEMA_VERSION, tool: 'shipshape', generatedAt: now.toISOString(), locale, status, totals: totals(runs), exercises };
}
