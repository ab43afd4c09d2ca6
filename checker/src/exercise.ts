import type { ZodType } from 'zod';
import type { Text } from './manifest.js';
import { CheckFailure, type LocalizedVerdict } from './verdict.js';

/** What the checker knows about one run, passed from the CLI into the checks. */
export interface RunContext {
  exerciseId: string;
  /** Absolute path of the folder under test (the learner's exercise, a solution, a clone). */
  dir: string;
  runId: string;
  /** Run only these checks and what they need (course.yaml `needs`); all when absent or empty. */
  only?: string[];
}

export interface CheckContext extends RunContext {
  params: Record<string, number>;
  /** One line of progress for a slow step, shown while the learner waits, in both languages (`say`). */
  progress(message: Text): void;
}

export type Check<Stack> = (stack: Stack, ctx: CheckContext) => Promise<void>;

/** One exercise's checks and the stack they share, keyed by the ids in course.yaml. */
export interface ExerciseDefinition<Stack> {
  /** Creates the stack; it must start nothing yet (a run of static checks starts no container). */
  setup(ctx: RunContext, progress: (message: Text) => void): Stack;
  teardown(stack: Stack): Promise<void>;
  checks: Record<string, Check<Stack>>;
  /**
   * The slow step each check will wait for, started as soon as the run begins when that check
   * is selected, so that steps run side by side instead of one after another.
   */
  warm?: Record<string, (stack: Stack) => Promise<unknown>>;
  /** The shape of each check's `params` in course.yaml; checked by the manifest test and at run time. */
  params?: Record<string, ZodType<Record<string, number>>>;
}

export function defineExercise<Stack>(definition: ExerciseDefinition<Stack>): ExerciseDefinition<Stack> {
  return definition;
}

/** A step that runs once, on first use; `started` tells whether anyone has asked for it yet. */
export interface Once<T> {
  (): Promise<T>;
  readonly started: boolean;
}

/** A shared step (build, start) that runs once, on first use, for every check that needs it. */
export function once<T>(work: () => Promise<T>): Once<T> {
  let promise: Promise<T> | undefined;
  const step = (): Promise<T> => (promise ??= work());
  return Object.defineProperty(step, 'started', { get: () => promise !== undefined }) as Once<T>;
}

/**
 * A check other checks need, run once per stack however many ask (its traffic is sent once, its
 * result read by every check that builds on it): e.g. `needs('scraped', () => scraped(stack))`.
 */
export function oncePerStack<Stack extends object, T = void>(check: (stack: Stack) => Promise<T>): (stack: Stack) => Promise<T> {
  const runs = new WeakMap<Stack, Promise<T>>();
  return (stack) => {
    let run = runs.get(stack);
    if (!run) runs.set(stack, (run = check(stack)));
    return run;
  };
}

/**
 * Re-throws an earlier step's failure as "blocked by" that step, so the learner sees the one
 * root cause in full once and a short pointer everywhere else.
 */
export async function needs<T>(checkId: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof CheckFailure) {
      const { log: _log, localized, ...rest } = err.verdict;
      const verdict: LocalizedVerdict = {
        ...rest,
        blockedBy: err.verdict.blockedBy ?? checkId,
        localized: { expected: localized.expected, actual: localized.actual },
      };
      throw new CheckFailure(verdict);
    }
    throw err;
  }
}
