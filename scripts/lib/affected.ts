// Which exercises a change can reach, so that verify proves again what the change could have
// broken and no more. An exercise's verify cases read: its produced starter and solution, its
// scenarios and checker folder, the checker and verify code they import, its entry in
// course.yaml, and what every exercise shares (packages, the course images). A change to none
// of those leaves every case's input as it was when the base commit passed CI. A change that
// reaches an exercise only through what most exercises share is told apart from one to the
// exercise's own inputs: verify proves less again for it (checker/README.md, "The time budget").
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseCourseImages } from '../../infra/images.js';
import { repoRoot, type Manifest } from '../../checker/src/manifest.js';
import { importClosure } from '../../checker/src/source-imports.js';

/** Inputs of every exercise's cases: a change here reaches every exercise (but see narrowedShare). */
const SHARED = [/^package(-lock)?\.json$/, /^infra\//, /^checker\/src\/(?!.*\.ts$)/];
/** Course images every exercise uses: the learner's image builds on node, every stand-in on debian. */
const BASE_IMAGES = new Set(['debian', 'node']);
const IMAGES_DOCKERFILE = 'infra/images/Dockerfile';
const STANDIN = /^infra\/images\/standins\/([^/]+)\//;

/** A file's text at the base commit and now ('' where it does not exist), for the rules that read what changed. */
export interface Sources {
  before(path: string): string;
  now(path: string): string;
}

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

/** A file as it was at `base` (empty when it did not exist), e.g. course.yaml. */
export function fileAt(base: string, path: string): string {
  try {
    return git('show', `${base}:${path}`);
  } catch {
    return '';
  }
}

/** course.yaml as it was at `base`. */
export function manifestAt(base: string): string {
  return fileAt(base, 'course.yaml');
}

/** Stage -> image reference, or undefined when the text cannot be read as the images Dockerfile. */
function imagesIn(text: string): Map<string, string> | undefined {
  try {
    return new Map(Object.entries(parseCourseImages(text)));
  } catch {
    return undefined;
  }
}

type Json = Record<string, unknown>;

function json(text: string): Json | undefined {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

/** Every key of `before` is in `now` with the same value (JSON-equal). */
function keeps(before: unknown, now: unknown): boolean {
  const b = (before ?? {}) as Json;
  const n = (now ?? {}) as Json;
  return Object.entries(b).every(([key, value]) => JSON.stringify(n[key]) === JSON.stringify(value));
}

/**
 * package.json and package-lock.json changed only by adding packages: every package installed
 * before is installed at the same version, and nothing else in package.json changed. A module
 * that imports a new package is itself new or changed, and reaches its exercises that way.
 */
function onlyAddsPackages(sources: Sources): boolean {
  const [pkgBefore, pkgNow] = [json(sources.before('package.json')), json(sources.now('package.json'))];
  const [lockBefore, lockNow] = [json(sources.before('package-lock.json')), json(sources.now('package-lock.json'))];
  if (!pkgBefore || !pkgNow || !lockBefore || !lockNow) return false;
  const lists = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];
  const rest = (pkg: Json): string => JSON.stringify({ ...pkg, ...Object.fromEntries(lists.map((l) => [l, undefined])) });
  if (rest(pkgBefore) !== rest(pkgNow) || !lists.every((l) => keeps(pkgBefore[l], pkgNow[l]))) return false;
  // The root entry ("") restates package.json's lists, checked above.
  const { '': _rootBefore, ...packagesBefore } = (lockBefore.packages ?? {}) as Json;
  return keeps(packagesBefore, lockNow.packages) && lockBefore.lockfileVersion === lockNow.lockfileVersion;
}

/**
 * What a change to a shared input reaches, where reading it can tell: a stand-in recipe or an
 * image tag reaches the exercises that start that course image (every one for debian and node),
 * and added packages reach none. 'all' for anything it cannot narrow.
 */
function narrowedShare(file: string, sources: Sources | undefined): 'all' | string[] {
  // A test of the infrastructure is no input of any case.
  if (/^infra\/.*\.test\.ts$/.test(file)) return [];
  if (!sources) return 'all';
  const standin = STANDIN.exec(file)?.[1];
  if (standin) return BASE_IMAGES.has(standin) ? 'all' : [standin];
  if (file === IMAGES_DOCKERFILE) {
    const [before, now] = [imagesIn(sources.before(file)), imagesIn(sources.now(file))];
    if (!before || !now || [...BASE_IMAGES].some((stage) => before.get(stage) !== now.get(stage))) return 'all';
    // The builder builds the base before the rest: order matters for the base only, checked above.
    const stages = new Set([...before.keys(), ...now.keys()]);
    return [...stages].filter((stage) => before.get(stage) !== now.get(stage));
  }
  if (file === 'package.json' || file === 'package-lock.json') return onlyAddsPackages(sources) ? [] : 'all';
  return 'all';
}

const SCENARIO = /^checker\/exercises\/[^/]+\/scenarios\/[^/]+\/scenario\.yaml$/;

/**
 * A scenario.yaml changed only in `onSharedChange`: when the scenario runs, not what it is, so
 * no case's input changed.
 */
function onlyMarkChanged(file: string, sources: Sources | undefined): boolean {
  if (!sources || !SCENARIO.test(file)) return false;
  const unmarked = (text: string): string | undefined => {
    try {
      const doc = parse(text) as Record<string, unknown> | null;
      return doc && typeof doc === 'object' ? JSON.stringify({ ...doc, onSharedChange: undefined }) : undefined;
    } catch {
      return undefined;
    }
  };
  const before = unmarked(sources.before(file));
  return before !== undefined && before === unmarked(sources.now(file));
}

/**
 * How a change reaches an exercise. `shared`: only through what most exercises run on (packages,
 * infra/, the code every check or verify runs, a module more than half of the exercises import),
 * where a mistake shows in every exercise's solution and starter alike. Otherwise through the
 * exercise's own inputs: its folders, its course.yaml entry, a course image few exercises start,
 * a module few exercises import.
 */
export interface Reach {
  /** The first changed input that reaches it: a path, or "its course.yaml entry". */
  reason: string;
  shared: boolean;
}

/** Exercises a module must be imported by to count as shared: more than half of them. */
const sharedBy = (exercises: number): number => Math.floor(exercises / 2) + 1;

/** For each exercise a change reaches, how; exercises it does not reach are absent. */
export function affectedExercises(
  manifest: Manifest,
  files: string[],
  manifestNow: string,
  manifestBefore: string,
  sources?: Sources,
): Map<string, Reach> {
  const now = manifestEntries(manifestNow);
  const before = manifestEntries(manifestBefore);
  files = files.filter((f) => !onlyMarkChanged(f, sources));
  /** Course image stage -> the changed file that reaches the exercises starting it. */
  const byImage = new Map<string, string>();
  const everyone =
    files.find((f) => {
      if (!SHARED.some((p) => p.test(f))) return false;
      const reach = narrowedShare(f, sources);
      if (reach === 'all') return true;
      for (const stage of reach) if (!byImage.has(stage)) byImage.set(stage, f);
      return false;
    }) ?? (now.rest !== before.rest ? 'course.yaml outside the exercises' : undefined);
  // The modules every exercise's cases run on, read once; then each exercise's own.
  const read = new Map<string, string[]>();
  const common = importClosure(['scripts/verify.ts', 'checker/src/spec/exercise.check.ts'].map((f) => join(repoRoot, f)), read);
  const closures = new Map(manifest.exercises.map((e) => [e.id, importClosure([join(repoRoot, `checker/exercises/${e.id}/index.ts`)], read)]));
  const importers = new Map<string, number>();
  for (const closure of closures.values()) for (const module of closure) importers.set(module, (importers.get(module) ?? 0) + 1);
  const isShared = (module: string): boolean => common.has(module) || (importers.get(module) ?? 0) >= sharedBy(manifest.exercises.length);
  const affected = new Map<string, Reach>();
  for (const exercise of manifest.exercises) {
    const id = exercise.id;
    const code = closures.get(id) ?? new Set<string>();
    const ownFolder = (f: string): boolean => [`exercises/${id}/`, `solutions/${id}/`, `checker/exercises/${id}/`].some((dir) => f.startsWith(dir));
    const ownCode = (f: string): boolean => code.has(join(repoRoot, f)) && !isShared(join(repoRoot, f));
    const sharedCode = (f: string): boolean => common.has(join(repoRoot, f)) || (code.has(join(repoRoot, f)) && isShared(join(repoRoot, f)));
    const own =
      files.find((f) => ownFolder(f) || ownCode(f)) ??
      exercise.images.map((stage) => byImage.get(stage)).find(Boolean) ??
      (now.entries.get(id) !== before.entries.get(id) ? 'its course.yaml entry' : undefined);
    const shared = everyone ?? files.find(sharedCode);
    if (own) affected.set(id, { reason: own, shared: false });
    else if (shared) affected.set(id, { reason: shared, shared: true });
  }
  return affected;
}
