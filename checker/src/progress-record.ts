// The learner's local progress record, .shipshape/progress.json (gitignored, never committed):
// the checker writes it after every run, and `npm run progress` and `npm run hint` read it.
// Like rustlings' state file it says "don't edit" at the top; unlike a hand-edited file it is
// validated on read, and a file that does not parse is set aside rather than crashing a check.
import { randomBytes } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import { repoRoot } from './manifest.js';
import type { RunResult } from './results.js';

export const RECORD_NOTE =
  "DON'T EDIT THIS FILE! Shipshape's checker writes it after every `npm run check`; `npm run progress` and `npm run hint` read it. Delete it to start your progress over.";

const checkEntry = z.object({
  status: z.enum(['passed', 'failed', 'error', 'skipped']),
  points: z.number(),
  maxPoints: z.number(),
  /** Set when the check could not run because this earlier check failed. */
  blockedBy: z.string().optional(),
});

const runEntry = z.object({
  at: z.iso.datetime(),
  /** The folder checked: relative to the repository when inside it, else absolute. */
  dir: z.string(),
  /** Check id -> outcome, in the order the checks ran. */
  checks: z.record(z.string(), checkEntry),
  points: z.number(),
  maxPoints: z.number(),
  /** Errors outside any check (ours, not the learner's). */
  internalErrors: z.number().int().nonnegative(),
});

/** Whose folder a run checked; only `learner` runs count as the learner's progress. */
export const runKinds = ['learner', 'solution', 'other'] as const;
export type RunKind = (typeof runKinds)[number];

const exerciseEntry = z.object({
  /** The latest run of each kind: the learner's exercises/ folder, the solution, any other folder. */
  runs: z.object({ learner: runEntry.optional(), solution: runEntry.optional(), other: runEntry.optional() }),
  /** Check id -> how many of its hints `npm run hint` has shown. */
  hintsShown: z.record(z.string(), z.number().int().nonnegative()),
});

const record = z.object({
  _note: z.string(),
  schemaVersion: z.literal(1),
  exercises: z.record(z.string(), exerciseEntry),
});

export type ProgressRecord = z.infer<typeof record>;
export type ExerciseRecord = z.infer<typeof exerciseEntry>;
export type RunRecord = z.infer<typeof runEntry>;

/** SHIPSHAPE_PROGRESS_FILE moves it (the checker's own tests use that to leave yours alone). */
export function recordFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.SHIPSHAPE_PROGRESS_FILE || join(repoRoot, '.shipshape', 'progress.json');
}

export function emptyRecord(): ProgressRecord {
  return { _note: RECORD_NOTE, schemaVersion: 1, exercises: {} };
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** A run counts as the learner's own when it checked exercises/exercise-N of this repository. */
export function runKind(exerciseId: string, dir: string, root = repoRoot): RunKind {
  const checked = real(dir);
  if (checked === real(join(root, 'exercises', exerciseId))) return 'learner';
  if (checked === real(join(root, 'solutions', exerciseId))) return 'solution';
  return 'other';
}

function displayDir(dir: string, root: string): string {
  const rel = relative(root, dir);
  return rel.startsWith('..') || rel.startsWith(sep) || rel === '' ? dir : rel.split(sep).join('/');
}

export function exerciseRecord(rec: ProgressRecord, exerciseId: string): ExerciseRecord {
  return rec.exercises[exerciseId] ?? { runs: {}, hintsShown: {} };
}

/** The record with `result` stored as the latest run of its kind. Pure: the caller writes it. */
export function withRun(rec: ProgressRecord, result: RunResult, { now = new Date(), root = repoRoot } = {}): ProgressRecord {
  const kind = runKind(result.exerciseId, result.dir, root);
  const entry: RunRecord = {
    at: now.toISOString(),
    dir: displayDir(result.dir, root),
    checks: Object.fromEntries(
      result.checks.map((c) => [
        c.id,
        { status: c.status, points: c.points, maxPoints: c.maxPoints, ...(c.verdict?.blockedBy ? { blockedBy: c.verdict.blockedBy } : {}) },
      ]),
    ),
    points: result.checks.reduce((n, c) => n + c.points, 0),
    maxPoints: result.checks.reduce((n, c) => n + c.maxPoints, 0),
    internalErrors: result.errors.length,
  };
  const previous = exerciseRecord(rec, result.exerciseId);
  return {
    ...rec,
    exercises: { ...rec.exercises, [result.exerciseId]: { ...previous, runs: { ...previous.runs, [kind]: entry } } },
  };
}

/** The record after one more hint of `checkId` was shown. */
export function withHintShown(rec: ProgressRecord, exerciseId: string, checkId: string): ProgressRecord {
  const previous = exerciseRecord(rec, exerciseId);
  const hintsShown = { ...previous.hintsShown, [checkId]: (previous.hintsShown[checkId] ?? 0) + 1 };
  return { ...rec, exercises: { ...rec.exercises, [exerciseId]: { ...previous, hintsShown } } };
}

export interface LoadedRecord {
  record: ProgressRecord;
  /** Where an unreadable file was moved, so the learner can be told. */
  setAside?: string;
}

export async function loadRecord(file = recordFile()): Promise<LoadedRecord> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { record: emptyRecord() };
    throw err;
  }
  try {
    return { record: record.parse(JSON.parse(text)) };
  } catch {
    const setAside = `${file}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(file, setAside);
    return { record: emptyRecord(), setAside };
  }
}

/**
 * Writes the whole file next to its final place, then renames it over: a crash or Ctrl-C
 * mid-write leaves the old record, never half a file.
 */
export async function saveRecord(rec: ProgressRecord, file = recordFile()): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify({ ...rec, _note: RECORD_NOTE }, null, 2)}\n`);
    await rename(temp, file);
  } finally {
    if (existsSync(temp)) await rm(temp, { force: true });
  }
}

/** Read, change, write back; returns the new record and whether an unreadable file was set aside. */
export async function updateRecord(
  change: (rec: ProgressRecord) => ProgressRecord,
  file = recordFile(),
): Promise<LoadedRecord> {
  const loaded = await loadRecord(file);
  const next = change(loaded.record);
  await saveRecord(next, file);
  return { ...loaded, record: next };
}
