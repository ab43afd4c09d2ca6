// Reads a class folder of the checker's JSON reports (`--json FILE`, the results.json of the
// grading workflow's artifact). A file this report cannot read is skipped with the reason,
// never a crash: one broken download must not hide the other students.
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { z } from 'zod';
import { SCHEMA_VERSION, type JsonReport } from '../../checker/src/report/json.js';
import type { Run, Skipped } from './aggregate.js';

const text = z.looseObject({ en: z.string() });
const date = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected a date');

// Only the fields the class report reads: a report with more (a newer optional field) is fine.
const check = z.looseObject({
  id: z.string(),
  key: z.string(),
  title: text,
  status: z.enum(['passed', 'failed', 'error', 'skipped']),
  points: z.number(),
  maxPoints: z.number(),
  docs: z.string().optional(),
  verdict: z.looseObject({ actual: z.string(), blockedBy: z.string().optional() }).optional(),
});
const exercise = z.looseObject({
  id: z.string(),
  title: text,
  status: z.enum(['passed', 'failed', 'error']),
  points: z.number(),
  maxPoints: z.number(),
  checks: z.array(check),
});
const report = z.looseObject({ tool: z.literal('shipshape'), generatedAt: date, exercises: z.array(exercise) });

export type Parsed = { ok: true; report: JsonReport } | { ok: false; reason: string };

function versionProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a Shipshape JSON report (not an object)';
  if (!('schemaVersion' in value)) return 'not a Shipshape JSON report (no schemaVersion)';
  if (value.schemaVersion !== SCHEMA_VERSION) {
    return `unknown schemaVersion ${JSON.stringify(value.schemaVersion)} (this report reads ${SCHEMA_VERSION}; use the checker version that wrote it)`;
  }
  return undefined;
}

/** One file's text as a checker report, or why it is not one. */
export function parseReport(source: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (err) {
    return { ok: false, reason: `not JSON: ${(err as Error).message}` };
  }
  const problem = versionProblem(value);
  if (problem) return { ok: false, reason: problem };
  const shape = report.safeParse(value);
  if (!shape.success) {
    const issue = shape.error.issues[0];
    return { ok: false, reason: `not a Shipshape JSON report: ${issue?.path.join('.') || '(top level)'}: ${issue?.message}` };
  }
  // The schema above checked every field the report reads, at the version whose type this is.
  return { ok: true, report: value as JsonReport };
}

/** The student a file belongs to: the first folder under the class folder, or the file's name when it lies there itself. */
export function studentOf(relativePath: string): string {
  const parts = relativePath.split(/[\\/]/);
  return parts.length > 1 ? parts[0]! : basename(relativePath, '.json');
}

/** Every .json file under the folder, relative to it, in a stable order. */
export async function jsonFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.json'))
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

export interface ClassFolder {
  runs: Run[];
  skipped: Skipped[];
  /** How many .json files were found, read or not. */
  files: number;
}

async function readOne(dir: string, file: string): Promise<Run | Skipped> {
  let source: string;
  try {
    source = await readFile(join(dir, file), 'utf8');
  } catch (err) {
    return { file, reason: `unreadable: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
  const parsed = parseReport(source);
  if (!parsed.ok) return { file, reason: parsed.reason };
  return { student: studentOf(file), file, at: new Date(parsed.report.generatedAt), report: parsed.report };
}

export async function readClass(dir: string): Promise<ClassFolder> {
  const files = await jsonFiles(dir);
  // One at a time: a term of runs is thousands of small files, more than a process may hold open at once.
  const results: (Run | Skipped)[] = [];
  for (const file of files) results.push(await readOne(dir, file));
  return {
    runs: results.filter((r): r is Run => 'report' in r),
    skipped: results.filter((r): r is Skipped => 'reason' in r),
    files: files.length,
  };
}
