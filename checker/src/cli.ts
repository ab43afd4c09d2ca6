#!/usr/bin/env node
// npm run check exercise-N [--solution | --dir PATH] [--json FILE] [--verbose]
import { existsSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chalk } from 'zx';
import { courseImages } from '../../infra/images.js';
import { configureTestcontainers } from './docker/containers.js';
import { removeRun, sweepStaleRuns } from './docker/cleanup.js';
import { newRunId } from './docker/labels.js';
import { detectLocale } from './locale.js';
import { findExercise, loadManifest, repoRoot } from './manifest.js';
import { preflight, PreflightError } from './preflight.js';
import { consoleListener, formatSummary } from './report/console.js';
import { exitCode } from './results.js';
import { runChecks, type RunHandle } from './run-checks.js';

const usage = `Usage: npm run check <exercise-N> [-- --solution | --dir PATH] [--json FILE] [--verbose]

  exercise-N     which exercise to check (${loadManifest().exercises.map((e) => e.id).join(', ')})
  --solution     check solutions/exercise-N instead of exercises/exercise-N
  --dir PATH     check any folder, e.g. a student's clone
  --json FILE    also write the results as JSON (for grading)
  --verbose      show everything the checks print`;

function die(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      solution: { type: 'boolean', default: false },
      dir: { type: 'string' },
      json: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) die(usage, 0);
  const [id] = positionals;
  if (!id) die(usage);
  const exercise = findExercise(id);
  if (!exercise) die(`No exercise called "${id}".\n\n${usage}`);
  if (values.solution && values.dir) die('Use either --solution or --dir, not both.');

  const dir = values.dir
    ? resolve(process.env.INIT_CWD ?? process.cwd(), values.dir)
    : resolve(repoRoot, values.solution ? 'solutions' : 'exercises', exercise.id);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) die(`${dir} is not a folder.`);

  const locale = detectLocale();
  configureTestcontainers();
  try {
    const images = await courseImages();
    await preflight(exercise.images.map((name) => images[name] ?? name), locale);
  } catch (err) {
    if (err instanceof PreflightError) die(`\n${chalk.red(err.message)}\n`);
    throw err;
  }
  await sweepStaleRuns();

  // Ctrl-C or a CI timeout must not leave containers behind: stop the worker, remove
  // everything labelled with this run, then exit as interrupted.
  const runId = newRunId();
  let handle: RunHandle | undefined;
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`\n${chalk.yellow(`${signal}: stopping and removing this run's containers…`)}\n`);
    void (handle?.interrupt() ?? removeRun(runId)).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const result = await runChecks(exercise, dir, consoleListener(locale, { verbose: values.verbose }), runId, (h) => {
    handle = h;
  });
  if (interrupted) await new Promise(() => undefined); // the signal handler exits
  for (const error of result.errors) process.stderr.write(`\n${chalk.magenta('Shipshape internal error:')}\n${error}\n`);
  process.stdout.write(`\n${formatSummary(result)}\n`);
  if (values.json) await writeFile(resolve(process.env.INIT_CWD ?? process.cwd(), values.json), `${JSON.stringify(result, null, 2)}\n`);
  return exitCode(result);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => die(`Shipshape internal error (please report it):\n${err instanceof Error ? err.stack : String(err)}`),
);
