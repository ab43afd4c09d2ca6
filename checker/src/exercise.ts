import { CheckFailure, type Verdict } from './verdict.js';

/** What the checker knows about one run, passed from the CLI into the checks. */
export interface RunContext {
  exerciseId: string;
  /** Absolute path of the folder under test (the learner's exercise, a solution, a clone). */
  dir: string;
  runId: string;
}

export interface CheckContext extends RunContext {
  params: Record<string, number>;
  /** One line of progress for a slow step, shown while the learner waits. */
  progress(message: string): void;
}

export type Check<Stack> = (stack: Stack, ctx: CheckContext) => Promise<void>;

/** One exercise's checks and the stack they share, keyed by the ids in course.yaml. */
export interface ExerciseDefinition<Stack> {
  setup(ctx: RunContext, progress: (message: string) => void): Stack;
  teardown(stack: Stack): Promise<void>;
  checks: Record<string, Check<Stack>>;
}

export function defineExercise<Stack>(definition: ExerciseDefinition<Stack>): ExerciseDefinition<Stack> {
  return definition;
}

/** A shared step (build, start) that runs once, on first use, for every check that needs it. */
export function once<T>(work: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= work());
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
      const verdict: Verdict = { ...err.verdict, blockedBy: err.verdict.blockedBy ?? checkId };
      delete verdict.log;
      throw new CheckFailure(verdict);
    }
    throw err;
  }
}
