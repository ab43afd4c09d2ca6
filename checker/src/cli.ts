#!/usr/bin/env node
// npm run check <exercise-N… | all> [--solution | --dir PATH] [--watch] [--json FILE] [--junit FILE] [--verbose]
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chalk } from 'zx';
import { courseImages } from '../../infra/images.js';
import { configureTestcontainers } from './docker/containers.js';
import { sweepStaleRuns } from './docker/cleanup.js';
import { detectLocale, label } from './locale.js';
import { loadManifest } from './manifest.js';
import { messages } from './messages.js';
import { preflight, PreflightError } from './preflight.js';
import { runKind, updateRecord, withRun } from './progress-record.js';
import { consoleListener, formatCombinedSummary, formatSummary } from './report/console.js';
import { writeReports } from './report/write.js';
import { combinedExitCode, exitCode, type RunResult } from './results.js';
import { Session } from './session.js';
import { resolveTargets, type Target } from './targets.js';
import { watchExercise } from './watch-mode.js';

const usage = `Usage: npm run check <exercise-N… | all> [-- options]

  exercise-N     which exercise to check (${loadManifest().exercises.map((e) => e.id).join(', ')}); several may be named
  all            every exercise, in course order, with a combined summary
  --solution     check solutions/exercise-N instead of exercises/exercise-N
  --dir PATH     check another folder: the exercise folder itself, or a folder (or course
                 clone) holding exercise-N/ or exercises/exercise-N/
  --watch        check again whenever you save a file in the exercise folder
  --json FILE    also write the results as JSON (for grading)
  --junit FILE   also write the results as JUnit XML (for CI test reporters)
  --verbose      show everything the checks print

Under GitHub Actions, a summary table is added to the job summary ($GITHUB_STEP_SUMMARY).`;

function die(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

const write = (text: string): void => void process.stdout.write(text);

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      solution: { type: 'boolean', default: false },
      dir: { type: 'string' },
      json: { type: 'string' },
      junit: { type: 'string' },
      watch: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) die(usage, 0);
  if (positionals.length === 0) die(usage);
  if (values.solution && values.dir) die('Use either --solution or --dir, not both.');
  const locale = detectLocale();
  const m = messages(locale);
  // npm runs scripts from the repository root; paths the learner typed are relative to where they typed them.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const resolved = resolveTargets(positionals, { solution: values.solution, ...(values.dir ? { dir: values.dir } : {}), cwd });
  if (!resolved.ok && 'unknown' in resolved) die(`No exercise called "${resolved.unknown.join('", "')}".\n\n${usage}`);
  if (!resolved.ok) die(m.missingDirs(resolved.missing));
  const { targets } = resolved;
  if (values.watch && targets.length !== 1) die(m.watchOneExercise);

  configureTestcontainers();
  try {
    const images = await courseImages();
    const needed = [...new Set(targets.flatMap((t) => t.exercise.images))];
    await preflight(needed.map((name) => images[name] ?? name), locale);
  } catch (err) {
    if (err instanceof PreflightError) die(`\n${chalk.red(err.message)}\n`);
    throw err;
  }
  await sweepStaleRuns();

  const session = new Session({
    onSignal: (signal, runGoing) => write(`\n${chalk.yellow(runGoing ? m.interrupting(signal) : m.stopped)}\n`),
  });
  const listener = consoleListener(locale, { verbose: values.verbose });
  const reports = {
    locale,
    ...(values.json ? { json: resolve(cwd, values.json) } : {}),
    ...(values.junit ? { junit: resolve(cwd, values.junit) } : {}),
  };

  /** One exercise: run, show the verdicts and summary, remember the result. */
  const checkOne = async ({ exercise, dir }: Target): Promise<RunResult> => {
    const result = await session.run(exercise, dir, listener);
    for (const error of result.errors) process.stderr.write(`\n${chalk.magenta('Shipshape internal error:')}\n${error}\n`);
    write(`\n${formatSummary(result, locale)}\n`);
    await remember(result, locale);
    if (exitCode(result) === 1 && runKind(exercise.id, dir) === 'learner') write(`${chalk.cyan(`${label('moreHints', locale)} ${exercise.id}`)}\n`);
    return result;
  };

  if (values.watch) {
    const target = targets[0]!;
    await watchExercise({
      dir: target.dir,
      shownDir: relative(cwd, target.dir) || '.',
      locale,
      session,
      write,
      check: async () => {
        const result = await checkOne(target);
        await writeReports([result], reports);
      },
    });
    return new Promise(() => undefined); // runs until Ctrl-C, which exits through the session
  }

  const results: RunResult[] = [];
  for (const target of targets) results.push(await checkOne(target));
  if (results.length > 1) write(`\n${formatCombinedSummary(results, locale)}\n`);
  await writeReports(results, reports);
  return combinedExitCode(results);
}

/** Progress is a convenience: failing to save it must not fail the check. */
async function remember(result: RunResult, locale: ReturnType<typeof detectLocale>): Promise<void> {
  const m = messages(locale);
  try {
    const { setAside } = await updateRecord((rec) => withRun(rec, result));
    if (setAside) write(`${chalk.yellow(m.recordUnreadable(setAside))}\n`);
  } catch (err) {
    write(`${chalk.yellow(m.recordNotSaved((err as Error).message))}\n`);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => die(`Shipshape internal error (please report it):\n${err instanceof Error ? err.stack : String(err)}`),
);
