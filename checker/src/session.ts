// One `npm run check` process: any number of runs (one exercise, `all`, or a watch loop), one
// at a time, and one answer to Ctrl-C or a CI timeout's SIGTERM: stop the run that is going,
// remove everything it created, close the watcher, and exit as interrupted.
import { removeRun } from './docker/cleanup.js';
import { newRunId } from './docker/labels.js';
import type { ExerciseSpec } from './manifest.js';
import type { RunResult } from './results.js';
import { runChecks, type RunHandle, type RunListener } from './run-checks.js';

type RunChecks = typeof runChecks;

export interface SessionOptions {
  /** Told what is happening when a signal arrives (with or without a run going). */
  onSignal?(signal: NodeJS.Signals, runGoing: boolean): void;
  exit?: (code: number) => void;
  runChecks?: RunChecks;
  removeRun?: (runId: string) => Promise<void>;
}

export class Session {
  private current: { runId: string; handle?: RunHandle } | undefined;
  private stopping = false;
  private readonly stops: (() => Promise<void> | void)[] = [];
  private readonly listener = (signal: NodeJS.Signals): void => void this.signal(signal);

  constructor(private readonly options: SessionOptions = {}) {
    process.on('SIGINT', this.listener);
    process.on('SIGTERM', this.listener);
  }

  /** Something to close when the session is interrupted, such as the file watcher. */
  onStop(stop: () => Promise<void> | void): void {
    this.stops.push(stop);
  }

  get interrupted(): boolean {
    return this.stopping;
  }

  /** Runs one exercise's checks; never two at once. Never resolves once interrupted (the handler exits). */
  async run(exercise: ExerciseSpec, dir: string, listener: RunListener): Promise<RunResult> {
    if (this.current) throw new Error('a run is already going');
    const runId = newRunId();
    this.current = { runId };
    try {
      const result = await (this.options.runChecks ?? runChecks)(exercise, dir, listener, runId, (handle) => {
        if (this.current?.runId === runId) this.current.handle = handle;
      });
      if (this.stopping) await new Promise(() => undefined); // the signal handler exits
      return result;
    } finally {
      if (this.current?.runId === runId && !this.stopping) this.current = undefined;
    }
  }

  /** Exposed for tests; the process signals call it. */
  async signal(signal: NodeJS.Signals): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const run = this.current;
    this.options.onSignal?.(signal, run !== undefined);
    try {
      await Promise.allSettled(this.stops.map((stop) => stop()));
      if (run) await (run.handle?.interrupt() ?? (this.options.removeRun ?? removeRun)(run.runId));
    } finally {
      (this.options.exit ?? process.exit)(signal === 'SIGINT' ? 130 : 143);
    }
  }

  dispose(): void {
    process.off('SIGINT', this.listener);
    process.off('SIGTERM', this.listener);
  }
}
