// Which exercises a change can reach, so that verify proves again what the change could have
// broken and no more. An exercise's verify cases read: its produced starter and solution, its
// scenarios and checker folder, the checker and verify code they import, its entry in
// course.yaml, and what every exercise shares (packages, the course images). A change to none
// of those leaves every case's input as it was when the base commit passed CI.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot, type Manifest } from '../../checker/src/manifest.js';
import { importClosure } from '../../checker/src/source-imports.js';

/** Inputs of every exercise's cases: a change here proves everything again. */
const SHARED = [/^package(-lock)?\.json$/, /^infra\//, /^checker\/src\/(?!.*\.ts$)/];

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

/** Files that differ from `base`, committed or not; or why that cannot be known. */
export function changedSince(base: string): { files: string[] } | { unknown: string } {
  try {
    git('merge-base', '--is-ancestor', base, 'HEAD');
  } catch {
    return { unknown: `${base} is not a commit this clone's HEAD descends from` };
  }
  const lines = (text: string): string[] => text.split('\n').filter(Boolean);
  return { files: [...lines(git('diff', '--name-only', base)), ...lines(git('ls-files', '--others', '--exclude-standard'))] };
}

type Entries = Map<string, string>;

/** Each exercise's course.yaml entry, and everything outside the entries, as comparable text. */
function manifestEntries(source: string): { entries: Entries; rest: string } {
  const doc = (parse(source) ?? {}) as { exercises?: { id: string }[] } & Record<string, unknown>;
  const entries = new Map((doc.exercises ?? []).map((e) => [e.id, JSON.stringify(e)]));
  return { entries, rest: JSON.stringify({ ...doc, exercises: undefined }) };
}

/** course.yaml as it was at `base` (empty when it did not exist). */
export function manifestAt(base: string): string {
  try {
    return git('show', `${base}:course.yaml`);
  } catch {
    return '';
  }
}

/**
 * For each exercise, the first changed input that reaches it (a path, or "its course.yaml
 * entry"); exercises the change does not reach are absent.
 */
export function affectedExercises(manifest: Manifest, files: string[], manifestNow: string, manifestBefore: string): Map<string, string> {
  const now = manifestEntries(manifestNow);
  const before = manifestEntries(manifestBefore);
  const shared = files.find((f) => SHARED.some((p) => p.test(f))) ?? (now.rest !== before.rest ? 'course.yaml outside the exercises' : undefined);
  const affected = new Map<string, string>();
  // The modules every exercise's cases run on, read once; then each exercise's own.
  const read = new Map<string, string[]>();
  const common = importClosure(['scripts/verify.ts', 'checker/src/spec/exercise.check.ts'].map((f) => join(repoRoot, f)), read);
  for (const exercise of manifest.exercises) {
    const id = exercise.id;
    const code = new Set([...common, ...importClosure([join(repoRoot, `checker/exercises/${id}/index.ts`)], read)]);
    const reaches = (f: string): boolean =>
      code.has(join(repoRoot, f)) || [`exercises/${id}/`, `solutions/${id}/`, `checker/exercises/${id}/`].some((dir) => f.startsWith(dir));
    const reason = shared ?? files.find(reaches) ?? (now.entries.get(id) !== before.entries.get(id) ? 'its course.yaml entry' : undefined);
    if (reason) affected.set(id, reason);
  }
  return affected;
}
