// The plain-text story of a failed check, for reports read outside a terminal (JUnit, the
// GitHub step summary): the same facts the console shows, without colour.
import { label, pick } from '../locale.js';
import { docsLink, type CheckSpec, type ExerciseSpec, type Locale } from '../manifest.js';
import type { CheckResult } from '../results.js';
import { verdictIn } from '../verdict.js';

export function checkSpec(exercise: ExerciseSpec | undefined, id: string): CheckSpec | undefined {
  return exercise?.checks.find((c) => c.id === id);
}

export function checkTitle(exercise: ExerciseSpec | undefined, result: CheckResult, locale: Locale): string {
  const spec = checkSpec(exercise, result.id);
  return spec ? pick(spec.title, locale) : result.id;
}

/** One line: what a CI annotation or a test list shows next to the check's name. */
export function failureMessage(result: CheckResult, locale: Locale): string {
  if (result.status === 'error') return label('internal', locale);
  const v = result.verdict;
  if (!v) return label('failed', locale);
  if (v.blockedBy) return `${label('blocked', locale)} ${v.blockedBy}`;
  const said = verdictIn(v, locale);
  return `${label('expected', locale)}: ${said.expected}; ${label('actual', locale)}: ${said.actual}`;
}

/** Every line that helps: expected and seen, the log tail, the first hint and the docs link. */
export function failureDetails(exercise: ExerciseSpec | undefined, result: CheckResult, locale: Locale): string {
  const lines: string[] = [];
  const v = result.verdict;
  if (result.status === 'error') {
    lines.push(label('internal', locale), ...(result.error ?? '').split('\n').slice(0, 20));
  } else if (v?.blockedBy) {
    lines.push(`${label('blocked', locale)} ${v.blockedBy}`);
  } else if (v) {
    const said = verdictIn(v, locale);
    lines.push(`${label('expected', locale)}: ${said.expected}`, `${label('actual', locale)}: ${said.actual}`);
    if (v.log && v.log.lines.length > 0) lines.push(`── ${said.logTitle} ──`, ...v.log.lines.map((l) => `│ ${l}`));
  }
  const spec = checkSpec(exercise, result.id);
  // As on the console, a blocked check points only at its cause: its own hint would mislead.
  if (exercise && spec && result.status === 'failed' && !v?.blockedBy) {
    const [hint] = spec.hints;
    if (hint) lines.push(`${label('hint', locale)}: ${pick(hint, locale)}`);
    lines.push(`${label('docs', locale)}: ${docsLink(exercise, spec, locale)}`);
  }
  return lines.join('\n');
}
