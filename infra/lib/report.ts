// Console output shared by the infra scripts: one line per thing done, with its duration.
import { chalk } from 'zx';

/** Seconds since `start` (a performance.now() reading), for "built in 12.3 s". */
export function secondsSince(start: number): string {
  return `${((performance.now() - start) / 1000).toFixed(1)} s`;
}

/** Runs `work` under a heading and prints how long it took, also when it fails. */
export async function phase<T>(title: string, work: () => Promise<T>): Promise<T> {
  console.log(chalk.bold(`\n== ${title}`));
  const start = performance.now();
  try {
    const result = await work();
    console.log(chalk.dim(`== ${title}: done in ${secondsSince(start)}`));
    return result;
  } catch (error) {
    console.log(chalk.red(`== ${title}: failed after ${secondsSince(start)}`));
    throw error;
  }
}

export function ok(message: string): void {
  console.log(`${chalk.green('✔')} ${message}`);
}

export function info(message: string): void {
  console.log(`${chalk.cyan('•')} ${message}`);
}

export function warn(message: string): void {
  console.log(`${chalk.yellow('!')} ${message}`);
}

/** The last lines of a failed command's output: enough to see why, without flooding CI logs. */
export function tail(text: string, lines = 40): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Runs a script's main function: a failure prints its message (no stack) and exits with 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(chalk.red(`\n✘ ${error instanceof Error ? error.message : String(error)}`));
    process.exitCode = 1;
  });
}
