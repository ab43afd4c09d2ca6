import type { CheckSpec } from './manifest.js';
import type { Verdict } from './verdict.js';

/** What the check's test records for the reporter, in vitest's per-test metadata. */
export interface CheckMeta {
  checkId?: string;
  verdict?: Verdict;
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

export function exitCode(result: RunResult): 0 | 1 | 2 {
  if (result.errors.length > 0 || result.checks.some((c) => c.status === 'error')) return 2;
  return result.checks.every((c) => c.status === 'passed') ? 0 : 1;
}

export function resultFor(spec: CheckSpec, status: CheckStatus, durationMs: number, extra: Partial<CheckResult> = {}): CheckResult {
  return { id: spec.id, status, points: status === 'passed' ? spec.points : 0, maxPoints: spec.points, durationMs, ...extra };
}
