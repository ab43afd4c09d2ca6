import { stripVTControlCharacters } from 'node:util';

/**
 * A check's failure as the learner should read it. Checks throw this; anything else a check
 * throws is our bug and is reported as an internal error.
 */
export interface Verdict {
  expected: string;
  actual: string;
  /** The relevant tail of a log (build output, container log), already trimmed. */
  log?: { title: string; lines: string[] };
  /** Set when the check could not run because an earlier step failed. */
  blockedBy?: string;
}

export class CheckFailure extends Error {
  constructor(readonly verdict: Verdict) {
    super(`expected ${verdict.expected}; saw ${verdict.actual}`);
    this.name = 'CheckFailure';
  }
}

/**
 * The course's own machinery failed: our PostgreSQL did not start, a course image is missing
 * or broken. Never the learner's verdict: the run ends as an internal error (exit 2) that says
 * so, and what to do about it.
 */
export class CourseFault extends Error {
  constructor(
    /** What failed, e.g. "the course's PostgreSQL container did not start". */
    readonly what: string,
    /** What the learner can do, e.g. "run `npm run images` to rebuild the course images". */
    readonly remedy: string,
    readonly detail?: string,
  ) {
    super(`${what} (not your fault). ${remedy}${detail ? `\n${detail}` : ''}`);
    this.name = 'CourseFault';
  }
}

/** Runs a course fixture step; any failure of it becomes a CourseFault, never a learner verdict. */
export async function courseStep<T>(what: string, remedy: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof CourseFault) throw err;
    throw new CourseFault(what, remedy, (err as Error).message?.split('\n').slice(0, 5).join('\n'));
  }
}

export function fail(expected: string, actual: string, log?: Verdict['log']): never {
  throw new CheckFailure({ expected, actual, ...(log ? { log } : {}) });
}

/**
 * The last `count` non-empty lines of a log, so a failure shows the part that matters. Colour
 * and cursor codes go: compose prefixes lines with "erase line", which would eat the output.
 */
export function tail(text: string, count = 25): string[] {
  const lines = stripVTControlCharacters(text).replace(/\r/g, '').split('\n').filter((line) => line.trim() !== '');
  return lines.slice(-count);
}

/**
 * A learner's phase that took too long fails as a verdict naming the phase, never as a hung
 * run. For the course's own steps, where a timeout is our fault, use courseStep around a
 * bounded call instead.
 */
export async function within<T>(ms: number, phase: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new CheckFailure({ expected: `${phase} to finish within ${ms / 1000} s`, actual: `${phase} timed out` })),
      ms,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
