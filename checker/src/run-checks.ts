import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { createVitest } from 'vitest/node';
import { removeRun } from './docker/cleanup.js';
import { newRunId } from './docker/labels.js';
import type { RunContext } from './exercise.js';
import { repoRoot, type ExerciseSpec } from './manifest.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROGRESS_PREFIX } from './progress.js';
import { resultFor, type CheckMeta, type CheckResult, type RunResult } from './results.js';

const specFile = fileURLToPath(new URL('./spec/exercise.check.ts', import.meta.url));

/** What a caller sees while checks run: the console reporter, the verify script, tests. */
export interface RunListener {
  onStart?(exercise: ExerciseSpec, dir: string): void;
  onProgress?(message: string): void;
  onCheck?(result: CheckResult): void;
  onOutput?(text: string): void;
}

function toResult(exercise: ExerciseSpec, test: TestCase): CheckResult | undefined {
  const meta = test.meta() as CheckMeta;
  const spec = exercise.checks.find((c) => c.id === meta.checkId);
  if (!spec) return undefined;
  const outcome = test.result();
  const durationMs = test.diagnostic()?.duration ?? 0;
  if (outcome.state === 'passed') return resultFor(spec, 'passed', durationMs);
  if (outcome.state !== 'failed') return resultFor(spec, 'skipped', durationMs);
  const verdict = meta.verdict;
  if (verdict) return resultFor(spec, 'failed', durationMs, { verdict });
  const fault = meta.courseFault;
  if (fault) return resultFor(spec, 'error', durationMs, { courseFault: fault, error: `${fault.what.en} (not your fault). ${fault.remedy.en}` });
  const error = outcome.errors?.[0];
  if (error && /timed out in \d+ms/i.test(error.message ?? '')) {
    // Every phase a learner controls has its own budget and verdict: a check that overran its
    // whole bound hung somewhere we did not bound, which is ours to fix.
    return resultFor(spec, 'error', durationMs, {
      error: `the check ran past its bound (${(meta.boundMs ?? 0) / 1000} s in course.yaml, plus the build and start-up budgets): a checker bug, please report it`,
    });
  }
  return resultFor(spec, 'error', durationMs, { error: error?.stack ?? error?.message ?? 'unknown error' });
}

/** The worker's output, split into progress lines and everything else. */
function outputStream(listener: RunListener): Writable {
  let pending = '';
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith(PROGRESS_PREFIX)) listener.onProgress?.(line.slice(PROGRESS_PREFIX.length));
        else listener.onOutput?.(`${line}\n`);
      }
      done();
    },
  });
}

function listenerReporter(exercise: ExerciseSpec, listener: RunListener): Reporter {
  return {
    onUserConsoleLog(log) {
      listener.onOutput?.(log.content);
    },
    onTestCaseResult(test) {
      const result = toResult(exercise, test);
      if (result) listener.onCheck?.(result);
    },
  };
}

/**
 * Runs one exercise's checks against a folder, through vitest's programmatic API, and
 * removes everything the run created, whatever happened.
 */
export interface RunHandle {
  /** Stops the run's worker, so that it creates nothing more, then removes what it created. */
  interrupt(): Promise<void>;
}

export interface RunOptions {
  /** Only these checks, plus what they need (course.yaml `needs`): verify's scenarios use it. */
  only?: string[];
  /** Environment of the checks' worker on top of this process's, e.g. a shortened budget. */
  env?: Record<string, string>;
}

export async function runChecks(
  exercise: ExerciseSpec,
  dir: string,
  listener: RunListener = {},
  runId = newRunId(),
  onHandle?: (handle: RunHandle) => void,
  options: RunOptions = {},
): Promise<RunResult> {
  const started = Date.now();
  const context: RunContext = { exerciseId: exercise.id, dir, runId, ...(options.only?.length ? { only: options.only } : {}) };
  listener.onStart?.(exercise, dir);
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const ownListeners = new Map(signals.map((s) => [s, process.listeners(s)]));
  const vitest = await createVitest(
    {
      config: false,
      root: repoRoot,
      include: [specFile],
      watch: false,
      // One worker, one file, checks in manifest order: Docker is the bottleneck, and order
      // keeps the output readable.
      pool: 'forks',
      maxWorkers: 1,
      fileParallelism: false,
      // Each check sets its own bound from course.yaml (spec/exercise.check.ts).
      hookTimeout: 15 * 60_000,
      teardownTimeout: 120_000,
      reporters: [listenerReporter(exercise, listener)],
      provide: { shipshape: context },
      ...(options.env ? { env: options.env } : {}),
    },
    { logLevel: 'silent', cacheDir: `${repoRoot}node_modules/.vite-shipshape` },
    { stdout: outputStream(listener), stderr: outputStream(listener) },
  );
  // Vitest's logger exits the process 1 ms after SIGINT or SIGTERM, which would skip our
  // clean-up: leave the signals to the caller's handlers.
  for (const signal of signals) {
    for (const l of process.listeners(signal)) if (!ownListeners.get(signal)?.includes(l)) process.off(signal, l);
  }
  onHandle?.({
    async interrupt() {
      await Promise.race([vitest.close(), sleep(3000)]);
      // Docker finishes a create request even when its client is gone: sweep until it settles.
      for (const delay of [0, 1000, 2000]) {
        await sleep(delay);
        await removeRun(runId);
      }
    },
  });
  const checks: CheckResult[] = [];
  const errors: string[] = [];
  try {
    await vitest.start([specFile]);
    const modules: readonly TestModule[] = vitest.state.getTestModules();
    for (const module of modules) {
      for (const error of module.errors()) errors.push(error.stack ?? error.message);
      for (const test of module.children.allTests()) {
        const result = toResult(exercise, test);
        if (result) checks.push(result);
      }
    }
    for (const error of vitest.state.getUnhandledErrors()) errors.push(String((error as Error).stack ?? error));
    if (checks.length === 0 && errors.length === 0) errors.push('the checker ran no checks');
  } finally {
    await vitest.close();
    await removeRun(runId);
  }
  return { exerciseId: exercise.id, dir, checks, errors, durationMs: Date.now() - started };
}
