import type { CheckSpec, Text } from './manifest.js';
import type { Verdict } from './verdict.js';

/** What the check's test records for the reporter, in vitest's per-test metadata. */
export interface CheckMeta {
  checkId?: string;
  verdict?: Verdict;
  courseFault?: CourseFaultReport;
  /** The check's own bound from course.yaml, to say so when it was exceeded. */
  boundMs?: number;
}

/** The course's machinery failed, not the learner's work: what, and what to do. */
export interface CourseFaultReport {
  what: Text;
  remedy: Text;
  detail?: string;
}

export type CheckStatus = 'passed' | 'failed' | 'error' | 'skipped';

/** One check's outcome, as reports, progress records and `verify` see it. */
export interface CheckResult {
  id: string;
  status: CheckStatus;
  points: number;
  maxPoints: number;
  durationMs: number;
  /** For a learner-facing failure. */
  verdict?: Verdict;
  /** For an internal error: the exception, which is our bug, not the learner's. */
  error?: string;
  /** For an internal error in the course's own fixtures (our PostgreSQL, a course image). */
  courseFault?: CourseFaultReport;
}

export interface RunResult {
  exerciseId: string;
  dir: string;
  checks: CheckResult[];
  /** Errors outside any check (a crash while loading or tearing down). */
  errors: string[];
  durationMs: number;
}

export function summarize(checks: CheckResult[]): { passed: number; failed: number; points: number; maxPoints: number } {
  return {
    passed: checks.filter((c) => c.status === 'passed').length,
    failed: checks.filter((c) => c.status !== 'passed').length,
    points: checks.reduce((sum, c) => sum + c.points, 0),
    maxPoints: checks.reduce((sum, c) => sum + c.maxPoints, 0),
  };
}

/** 0 every check passed, 1 a check failed (the learner's to fix), 2 an internal error (ours). */
export function exitCode(result: RunResult): 0 | 1 | 2 {
  if (result.errors.length > 0 || result.checks.some((c) => c.status === 'error')) return 2;
  return result.checks.every((c) => c.status === 'passed') ? 0 : 1;
}

/** Several runs (`check all`) end with the worst of their codes: an internal error beats a failure. */
export function combinedExitCode(results: RunResult[]): 0 | 1 | 2 {
  return results.reduce<0 | 1 | 2>((worst, r) => Math.max(worst, exitCode(r)) as 0 | 1 | 2, 0);
}

export type RunStatus = 'passed' | 'failed' | 'error';

export function runStatus(result: RunResult): RunStatus {
  return (['passed', 'failed', 'error'] as const)[exitCode(result)];
}

export interface Totals {
  exercises: number;
  checks: number;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  points: number;
  maxPoints: number;
  durationMs: number;
}

/** Counts across runs, for combined summaries and report headers; `failed` is every non-pass. */
export function totals(results: RunResult[]): Totals {
  const checks = results.flatMap((r) => r.checks);
  const count = (status: CheckStatus): number => checks.filter((c) => c.status === status).length;
  return {
    exercises: results.length,
    checks: checks.length,
    passed: count('passed'),
    failed: checks.length - count('passed'),
    errors: count('error') + results.reduce((n, r) => n + r.errors.length, 0),
    skipped: count('skipped'),
    points: checks.reduce((sum, c) => sum + c.points, 0),
    maxPoints: checks.reduce((sum, c) => sum + c.maxPoints, 0),
    durationMs: results.reduce((sum, r) => sum + r.durationMs, 0),
  };
}

export function resultFor(spec: CheckSpec, status: CheckStatus, durationMs: number, extra: Partial<CheckResult> = {}): CheckResult {
  return { id: spec.id, status, points: status === 'passed' ? spec.points : 0, maxPoints: spec.points, durationMs, ...extra };
}
