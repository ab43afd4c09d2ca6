// Writes the machine-readable reports a run was asked for (--json, --junit) and, under GitHub
// Actions, the job summary. Files are written whole and replaced, so a reader never sees half.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Locale } from '../manifest.js';
import type { RunResult } from '../results.js';
import { toJsonReport } from './json.js';
import { toJunit } from './junit.js';
import { appendStepSummary, toMarkdownSummary } from './markdown.js';

export interface ReportOptions {
  json?: string;
  junit?: string;
  locale: Locale;
  env?: NodeJS.ProcessEnv;
  now?: Date;
}

async function replace(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, text);
  await rename(temp, file);
}

/** Returns the files written, the job summary included. */
export async function writeReports(runs: RunResult[], { json, junit, locale, env = process.env, now = new Date() }: ReportOptions): Promise<string[]> {
  const written: string[] = [];
  if (json) {
    await replace(json, `${JSON.stringify(toJsonReport(runs, { locale, now }), null, 2)}\n`);
    written.push(json);
  }
  if (junit) {
    await replace(junit, toJunit(runs, { locale, now }));
    written.push(junit);
  }
  if (await appendStepSummary(toMarkdownSummary(runs, { locale }), env)) written.push(env.GITHUB_STEP_SUMMARY!);
  return written;
}
