// Reads a class folder of the checker's JSON reports (`--json FILE`, the results.json of the
// grading workflow's artifact). A file this report cannot read is skipped with the reason,
// never a crash: one broken download must not hide the other students. The reason is said in
// both languages; what Node or zod said inside it (a JSON syntax error, a schema issue) stays as is.
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { z } from 'zod';
import { say } from '../../checker/src/locale.js';
import type { Text } from '../../checker/src/manifest.js';
import { SCHEMA_VERSION, type JsonReport } from '../../checker/src/report/json.js';
import type { Run, Skipped } from './aggregate.js';

// Both languages, but only the English is required: the report falls back to it (aggregate.ts, bothLanguages).
const text = z.looseObject({ en: z.string(), 'zh-Hans': z.string().optional() });
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
  verdict: z
    .looseObject({ actual: z.string(), blockedBy: z.string().optional(), localized: z.looseObject({ actual: text }).optional() })
    .optional(),
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

export type Parsed = { ok: true; report: JsonReport } | { ok: false; reason: Text };

function versionProblem(value: unknown): Text | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return say('not a Shipshape JSON report (not an object)', '不是 Shipshape 的 JSON 报告（不是对象）');
  }
  if (!('schemaVersion' in value)) return say('not a Shipshape JSON report (no schemaVersion)', '不是 Shipshape 的 JSON 报告（没有 schemaVersion）');
  if (value.schemaVersion !== SCHEMA_VERSION) {
    const found = JSON.stringify(value.schemaVersion);
    return say(
      `unknown schemaVersion ${found} (this report reads ${SCHEMA_VERSION}; use the checker version that wrote it)`,
      `未知的 schemaVersion ${found}（本报告读取的是 ${SCHEMA_VERSION}；请改用写出这个文件的那个版本的检查器）`,
    );
  }
  return undefined;
}

/** One file's text as a checker report, or why it is not one. */
export function parseReport(source: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (err) {
    const message = (err as Error).message;
    return { ok: false, reason: say(`not JSON: ${message}`, `不是 JSON：${message}`) };
  }
  const problem = versionProblem(value);
  if (problem) return { ok: false, reason: problem };
  const shape = report.safeParse(value);
  if (!shape.success) {
    const issue = shape.error.issues[0];
    const path = issue?.path.join('.');
    return {
      ok: false,
      reason: say(
        `not a Shipshape JSON report: ${path || '(top level)'}: ${issue?.message}`,
        `不是 Shipshape 的 JSON 报告：${path || '（顶层）'}：${issue?.message}`,
      ),
    };
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
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    return { file, reason: say(`unreadable: ${why}`, `无法读取：${why}`) };
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
