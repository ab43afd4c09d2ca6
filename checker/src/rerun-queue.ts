// Turns a stream of file saves into check runs, one at a time. Editors write a file in
// several steps and learners save several files at once, so saves are gathered for a short
// quiet period first; saves during a run are remembered and trigger exactly one more run
// after it. Two runs never overlap: they would fight over Docker and interleave output.

export interface RerunQueue {
  /** A file was saved (relative path). */
  changed(path: string): void;
  /** Run now, without waiting for the quiet period (the learner pressed Enter). */
  now(): void;
  /** Resolves when no run is going and none is waiting. */
  idle(): Promise<void>;
  /** Drops waiting work; a run already going finishes. */
  stop(): void;
}

export interface RerunHooks {
  /** One run; `paths` are the saves that caused it (empty when asked for directly). */
  run(paths: string[]): Promise<void>;
  /** A save arrived while a run was going: it will run again afterwards. */
  onQueued?(path: string): void;
}

export function rerunQueue({ run, onQueued }: RerunHooks, debounceMs = 300): RerunQueue {
  let timer: NodeJS.Timeout | undefined;
  let pending: string[] | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const drain = async (): Promise<void> => {
    while (pending && !stopped) {
      const paths = pending;
      pending = undefined;
      try {
        await run(paths);
      } catch {
        // A failing run is reported by `run` itself; the watch goes on.
      }
    }
    running = undefined;
  };

  const start = (): void => {
    timer = undefined;
    if (!running && !stopped) running = drain();
  };

  return {
    changed(path) {
      if (stopped) return;
      const queuedBehindRun = running !== undefined && pending === undefined;
      pending = [...(pending ?? []), ...(pending?.includes(path) ? [] : [path])];
      if (queuedBehindRun) onQueued?.(path);
      if (running) return; // drain() picks it up when the current run ends
      clearTimeout(timer);
      timer = setTimeout(start, debounceMs);
    },
    now() {
      if (stopped) return;
      pending ??= [];
      if (running) return;
      clearTimeout(timer);
      start();
    },
    async idle() {
      while (running || timer) await (running ?? new Promise((r) => setTimeout(r, debounceMs)));
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      pending = undefined;
    },
  };
}
