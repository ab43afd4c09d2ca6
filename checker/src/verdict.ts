import { stripVTControlCharacters } from 'node:util';
import { say } from './locale.js';
import type { Locale, Text } from './manifest.js';

/**
 * A check's failure as the learner should read it. Checks throw this; anything else a check
 * throws is our bug and is reported as an internal error.
 */
export interface Verdict {
  /** In English, as scripts (verify's `seen:`) and readers of the JSON report have always read it. */
  expected: string;
  actual: string;
  /** The relevant tail of a log (build output, container log), already trimmed. */
  log?: { title: string; lines: string[] };
  /** Set when the check could not run because an earlier step failed. */
  blockedBy?: string;
  /** The same sentences in every course language. Only verdicts made before they were translated lack it. */
  localized?: VerdictText;
}

/** A verdict's sentences in every course language; the log's lines are Docker's or the app's and stay as they are. */
export interface VerdictText {
  expected: Text;
  actual: Text;
  logTitle?: Text;
}

/** A verdict as a check makes it: nothing it shows the learner lacks its Chinese version. */
export type LocalizedVerdict = Verdict & { localized: VerdictText };

/** A log excerpt a verdict shows: its title in both languages, its lines as they were written. */
export interface LogExcerpt {
  title: Text;
  lines: string[];
}

export class CheckFailure extends Error {
  constructor(readonly verdict: LocalizedVerdict) {
    super(`expected ${verdict.expected}; saw ${verdict.actual}`);
    this.name = 'CheckFailure';
  }
}

/** A verdict from sentences in both languages (see `say` in locale.ts); its plain fields are the English. */
export function verdict(expected: Text, actual: Text, log?: LogExcerpt): LocalizedVerdict {
  return {
    expected: expected.en,
    actual: actual.en,
    ...(log ? { log: { title: log.title.en, lines: log.lines } } : {}),
    localized: { expected, actual, ...(log ? { logTitle: log.title } : {}) },
  };
}

/** A verdict's sentences in the learner's language; English for a verdict that has no translation. */
export function verdictIn(v: Verdict, locale: Locale): { expected: string; actual: string; logTitle: string | undefined } {
  const l = v.localized;
  return {
    expected: l ? l.expected[locale] : v.expected,
    actual: l ? l.actual[locale] : v.actual,
    logTitle: l?.logTitle?.[locale] ?? v.log?.title,
  };
}

/**
 * The course's own machinery failed: our PostgreSQL did not start, a course image is missing
 * or broken. Never the learner's verdict: the run ends as an internal error (exit 2) that says
 * so, and what to do about it.
 */
export class CourseFault extends Error {
  constructor(
    /** What failed, e.g. "the course's PostgreSQL container did not start", in both languages. */
    readonly what: Text,
    /** What the learner can do, e.g. "run `npm run images` to rebuild the course images". */
    readonly remedy: Text,
    /** What the failing step itself said (Docker's words, untranslated). */
    readonly detail?: string,
  ) {
    super(`${what.en} (not your fault). ${remedy.en}${detail ? `\n${detail}` : ''}`);
    this.name = 'CourseFault';
  }
}

/** Runs a course fixture step; any failure of it becomes a CourseFault, never a learner verdict. */
export async function courseStep<T>(what: Text, remedy: Text, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof CourseFault) throw err;
    throw new CourseFault(what, remedy, (err as Error).message?.split('\n').slice(0, 5).join('\n'));
  }
}

/** Fails the check: what it expected and what it saw, each in both languages (`say(en, zh)`). */
export function fail(expected: Text, actual: Text, log?: LogExcerpt): never {
  throw new CheckFailure(verdict(expected, actual, log));
}

/**
 * The last `count` non-empty lines of a log, so a failure shows the part that matters. Colour
 * and cursor codes go: compose prefixes lines with "erase line", which would eat the output.
 */
export function tail(text: string, count = 25): string[] {
  const lines = stripVTControlCharacters(text).replace(/\r/g, '').split('\n').filter((line) => line.trim() !== '');
  return lines.slice(-count);
}

/** Words that mark the line of a log that says what went wrong. */
const CAUSE = /\b(error|fatal|failed|failure|denied|refused|not set|required|invalid|cannot|can't|unable|exception|panic)\b/i;

/**
 * The first line of a log that says what went wrong, e.g. "password authentication failed for
 * user hr" above the stack trace that follows it: a tail of the last lines often holds only the
 * trace. Compose's "service-1  | " prefix and stack frames are left out; undefined when no line
 * reads like an error.
 */
export function causeLine(text: string, maxLength = 200): string | undefined {
  const lines = stripVTControlCharacters(text)
    .replace(/\r/g, '')
    .split('\n')
    .map((raw) => raw.replace(/^[\w.-]+\s+\|\s?/, ''));
  const at = lines.findIndex((line) => !/^\s*at\s/.test(line) && CAUSE.test(line));
  if (at < 0) return undefined;
  let cause = lines[at]!.trim();
  // "invalid configuration (2 problems):" says what the problems are on the lines below it.
  if (cause.endsWith(':')) {
    const list = lines.slice(at + 1, at + 4).filter((l) => /^\s+\S|^-/.test(l) && !/^\s*at\s/.test(l));
    cause = [cause, ...list.map((l) => l.trim())].join(' ');
  }
  return cause.length > maxLength ? `${cause.slice(0, maxLength - 1)}…` : cause;
}

/**
 * A learner's phase that took too long fails as a verdict naming the phase, never as a hung
 * run. For the course's own steps, where a timeout is our fault, use courseStep around a
 * bounded call instead.
 */
export async function within<T>(ms: number, phase: Text, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    const expected = say(`${phase.en} to finish within ${ms / 1000} s`, `${phase['zh-Hans']}在 ${ms / 1000} 秒内完成`);
    timer = setTimeout(() => reject(new CheckFailure(verdict(expected, say(`${phase.en} timed out`, `${phase['zh-Hans']}超时了`)))), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
