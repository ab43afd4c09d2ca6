// `--watch`: check once, then again after every save, until Ctrl-C. The pieces are elsewhere
// (watch.ts finds saves, rerun-queue.ts serializes runs, session.ts owns Ctrl-C and clean-up);
// this wires them together and says what is going on.
import { createInterface } from 'node:readline';
import { chalk } from 'zx';
import type { Locale } from './manifest.js';
import { messages } from './messages.js';
import { rerunQueue } from './rerun-queue.js';
import type { Session } from './session.js';
import { watchFolder, watchPlan } from './watch.js';

export interface WatchModeOptions {
  dir: string;
  /** The folder as the learner would type it, e.g. exercises/exercise-1. */
  shownDir: string;
  locale: Locale;
  session: Session;
  /** One run of the checks, with its output; rejections are reported by it, not here. */
  check(): Promise<void>;
  write(text: string): void;
  wsl?: boolean;
  stdin?: NodeJS.ReadStream;
  debounceMs?: number;
}

/** Starts watching; resolves once the first run has been started and the watcher is ready. */
export async function watchExercise(options: WatchModeOptions): Promise<void> {
  const { dir, shownDir, locale, session, write } = options;
  const m = messages(locale);
  const plan = watchPlan(dir, options.wsl);
  const stdin = options.stdin ?? process.stdin;
  const interactive = stdin.isTTY === true;
  const status = (): void => {
    write(`\n${chalk.cyan(m.watching(shownDir))}\n`);
    if (interactive) write(`${chalk.dim(m.watchingEnter)}\n`);
  };
  if (plan.poll) write(`${chalk.yellow(m.wslPolling)}\n`);
  if (plan.onWindowsDrive) write(`${chalk.yellow(m.wslMnt(dir))}\n`);

  const queue = rerunQueue(
    {
      run: async (paths) => {
        if (paths.length > 0) {
          const [first] = paths;
          const line = paths.length === 1 ? m.changed(first!) : m.changedMany(first!, paths.length - 1);
          write(`\n${chalk.dim('─'.repeat(60))}\n${chalk.cyan(`${new Date().toLocaleTimeString()}  ${line}`)}\n`);
        }
        try {
          await options.check();
        } finally {
          if (!session.interrupted) status();
        }
      },
      onQueued: () => write(`${chalk.dim(m.savedDuringRun)}\n`),
    },
    options.debounceMs,
  );
  session.onStop(() => queue.stop());

  try {
    const watcher = await watchFolder(dir, {
      poll: plan.poll,
      onChange: (path) => queue.changed(path),
      onError: (err) => write(`${chalk.yellow(m.watchFailed((err as Error).message ?? String(err)))}\n`),
    });
    session.onStop(() => watcher.close());
  } catch (err) {
    write(`${chalk.red(m.watchFailed((err as Error).message))}\n`);
    throw err;
  }
  if (interactive) {
    // Line mode, not raw mode, so Ctrl-C still reaches the process as SIGINT.
    const lines = createInterface({ input: stdin });
    lines.on('line', () => queue.now());
    session.onStop(() => lines.close());
  }
  queue.now();
}
