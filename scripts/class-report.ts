#!/usr/bin/env tsx
// npm run class-report -- DIR [--out FOLDER] [--stuck N]: the instructor's report for a whole
// class, from a folder of the checker's JSON reports (the grading workflow's results.json).
// Writes students.csv, report.md and report.html. Exits 2 when there is nothing to report on;
// files it cannot read are named on stderr and left out, and the exit code stays 0.
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chalk } from 'zx';
import { loadManifest } from '../checker/src/manifest.js';
import { buildReport, dedupe, DEFAULT_STUCK, summaryLines, type Skipped } from './class-report/aggregate.js';
import { toStudentsCsv } from './class-report/csv.js';
import { toHtml } from './class-report/html.js';
import { toMarkdown } from './class-report/markdown.js';
import { readClass } from './class-report/read.js';

const usage = `Usage: npm run class-report -- DIR [--out FOLDER] [--stuck N]

  DIR           a folder of the checker's JSON reports (results.json), at any depth: the
                student is the first folder under DIR (DIR/alice/run-3/results.json), or the
                file's name when it lies in DIR itself (DIR/bob.json)
  --out FOLDER  where to write students.csv, report.md and report.html
                (default: class-report/ beside DIR)
  --stuck N     call a student stuck after N runs in a row failing the same check (default ${DEFAULT_STUCK})`;

function die(message: string): never {
  console.error(message);
  process.exit(2);
}

// npm runs scripts from the repository root; paths the instructor typed are relative to where they typed them.
const cwd = process.env.INIT_CWD ?? process.cwd();

/** A path as the instructor can find it from where they are. */
function shown(path: string): string {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

function parseOrExplain() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        stuck: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    // An unknown option or a missing value: node's own sentence, then the usage, not a stack trace.
    die(`${(err as Error).message}\n\n${usage}`);
  }
}

function parseCommandLine(): { dir: string; out: string; stuck: number } {
  const { values, positionals } = parseOrExplain();
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  if (positionals.length !== 1) die(usage);
  const stuck = Number(values.stuck ?? DEFAULT_STUCK);
  if (!Number.isInteger(stuck) || stuck < 1) die(`--stuck takes a whole number of runs, 1 or more (got "${values.stuck}").`);
  const dir = resolve(cwd, positionals[0]!);
  return { dir, out: values.out ? resolve(cwd, values.out) : resolve(dir, '..', 'class-report'), stuck };
}

async function requireFolder(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info) die(`No such folder: ${shown(dir)}. Give the folder where you downloaded the students' results.json files.`);
  if (!info.isDirectory()) die(`${shown(dir)} is a file; give the folder that holds the results.json files.`);
}

function warn(skipped: readonly Skipped[], dir: string): void {
  for (const s of skipped) console.error(chalk.yellow(`skipped ${join(shown(dir), s.file)}: ${s.reason}`));
}

const { dir, out, stuck } = parseCommandLine();
await requireFolder(dir);
const folder = await readClass(dir).catch((err: Error) => die(`Could not read ${shown(dir)}: ${err.message}`));
const { runs, duplicates } = dedupe(folder.runs);
warn([...folder.skipped, ...duplicates], dir);
if (folder.files === 0) die(`No results in ${shown(dir)}: it holds no .json file. Download the shipshape-results artifacts into it first.`);
if (runs.length === 0) die(`No results in ${shown(dir)}: no .json file in it is a Shipshape JSON report (${folder.skipped.length} skipped, see above).`);

const report = buildReport(runs, {
  courseOrder: loadManifest().exercises.map((e) => e.id),
  stuckThreshold: stuck,
  skipped: [...folder.skipped, ...duplicates],
});
await mkdir(out, { recursive: true });
await writeFile(join(out, 'students.csv'), toStudentsCsv(report.rows, report.columns));
await writeFile(join(out, 'report.md'), toMarkdown(report));
await writeFile(join(out, 'report.html'), toHtml(report));

console.log(`Wrote the class report to ${chalk.bold(shown(out))}: students.csv, report.md, report.html`);
for (const line of summaryLines(report)) console.log(`  ${line}`);
