// A made-up class for the class report's tests: seeded, so every test run sees the same
// class, and built from course.yaml's real exercises, with what the report must find in it
// decided here in advance (the check that fails most, who is stuck, who has everything).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { say } from '../../checker/src/locale.js';
import { loadManifest, type CheckSpec, type ExerciseSpec, type Text } from '../../checker/src/manifest.js';
import { SCHEMA_VERSION, type JsonCheck, type JsonExercise, type JsonReport } from '../../checker/src/report/json.js';
import type { Run } from './aggregate.js';

/** Mulberry32: a tiny seeded generator, enough to make a class that is the same every time. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Random = () => number;
const between = (random: Random, low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
const pickOne = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** The check every student fails on their first run of exercise 2, with its usual Seen line (in both languages, as the checker says it). */
export const HARDEST = {
  exercise: 'exercise-2',
  check: 'healthchecks',
  seen: say('the app service was never reported healthy within 60 s', 'app 服务在 60 秒内一直没有变为健康状态'),
};
const HARDEST_OTHER_SEEN = say('no healthcheck is defined for the db service', 'db 服务没有定义健康检查');
const STARTER_SEEN = say('the starter as it was handed out', '还是发下来时的起始代码');
/** Chance's Seen lines, after the check's id. */
const CHANCE_SEEN = [say('not what was expected', '与期望不符'), say('missing', '缺失'), say('wrong value', '值不对')];

/** A Seen line, as the checker writes it: both languages, or only the English, as verdicts made before they were translated. */
type Seen = Text | string;

export interface FakeClass {
  runs: Run[];
  exercises: ExerciseSpec[];
  /** Students whose last runs of their last exercise fail one check, and for how many runs. */
  stuck: { student: string; key: string; runs: number }[];
  /** Students who pass every exercise in full in the end. */
  perfect: string[];
}

export function defaultNames(count: number): string[] {
  const names = Array.from({ length: count }, (_, i) => `student-${String(i + 1).padStart(2, '0')}`);
  // Names that break naive HTML and CSV, on ordinary students.
  names[4] = '<script>alert(1)</script>';
  names[5] = 'Zoë, "the" tester';
  names[6] = '=HYPERLINK("http://example.com")';
  return names;
}

/** The checks a check needs, and what those need, and so on. */
function ancestors(ex: ExerciseSpec, id: string): Set<string> {
  const found = new Set<string>();
  const visit = (checkId: string): void => {
    for (const need of ex.checks.find((c) => c.id === checkId)?.needs ?? []) {
      if (!found.has(need)) {
        found.add(need);
        visit(need);
      }
    }
  };
  visit(id);
  return found;
}

/** One check's result: blocked when a check it needs did not pass, failed when it is one of `failing`. */
function checkResult(ex: ExerciseSpec, spec: CheckSpec, failing: ReadonlyMap<string, Seen>, done: ReadonlyMap<string, JsonCheck>): JsonCheck {
  const base = { id: spec.id, key: `${ex.id}/${spec.id}`, title: spec.title, maxPoints: spec.points, durationMs: 1000 };
  const blocker = spec.needs.find((need) => done.get(need)?.status !== 'passed');
  if (blocker) return { ...base, status: 'failed', points: 0, verdict: { expected: spec.title.en, actual: `blocked by ${blocker}`, blockedBy: blocker } };
  const seen = failing.get(spec.id);
  if (typeof seen === 'string') return { ...base, status: 'failed', points: 0, verdict: { expected: spec.title.en, actual: seen } };
  if (seen !== undefined) {
    const verdict = { expected: spec.title.en, actual: seen.en, localized: { expected: spec.title, actual: seen } };
    return { ...base, status: 'failed', points: 0, verdict };
  }
  return { ...base, status: 'passed', points: spec.points };
}

export function exerciseResult(ex: ExerciseSpec, failing: ReadonlyMap<string, Seen>): JsonExercise {
  const done = new Map<string, JsonCheck>();
  // A check may need one listed after it (exercise-1's no-dev-dependencies needs health-endpoint): needs first.
  const resolve = (spec: CheckSpec): JsonCheck => {
    const known = done.get(spec.id);
    if (known) return known;
    for (const need of spec.needs) resolve(ex.checks.find((c) => c.id === need)!);
    const result = checkResult(ex, spec, failing, done);
    done.set(spec.id, result);
    return result;
  };
  const checks = ex.checks.map(resolve);
  const passed = checks.filter((c) => c.status === 'passed').length;
  return {
    id: ex.id,
    title: ex.title,
    dir: `/home/runner/work/submission/exercises/${ex.id}`,
    status: passed === checks.length ? 'passed' : 'failed',
    passed,
    failed: checks.length - passed,
    points: checks.reduce((sum, c) => sum + c.points, 0),
    maxPoints: checks.reduce((sum, c) => sum + c.maxPoints, 0),
    durationMs: 1000 * checks.length,
    errors: [],
    checks,
  };
}

export function reportOf(exercises: JsonExercise[], at: Date): JsonReport {
  const checks = exercises.flatMap((e) => e.checks);
  const passed = checks.filter((c) => c.status === 'passed').length;
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: 'shipshape',
    generatedAt: at.toISOString(),
    locale: 'en',
    status: passed === checks.length ? 'passed' : 'failed',
    totals: {
      exercises: exercises.length,
      checks: checks.length,
      passed,
      failed: checks.length - passed,
      errors: 0,
      skipped: 0,
      points: checks.reduce((sum, c) => sum + c.points, 0),
      maxPoints: checks.reduce((sum, c) => sum + c.maxPoints, 0),
      durationMs: exercises.reduce((sum, e) => sum + e.durationMs, 0),
    },
    exercises,
  };
}

/** What one run of one exercise must fail (a check id and its Seen line), on top of chance. */
interface Plan {
  forced: Map<string, Text>;
  /** Checks chance may not fail: the last run's failures (so chance never makes a streak) and what must stay visible. */
  spared: Set<string>;
  /** Whether the run must fail something: every run short of the one that passes in full. */
  mustFail: boolean;
}

function randomFailures(random: Random, ex: ExerciseSpec, plan: Plan): Map<string, Text> {
  const failing = new Map(plan.forced);
  const protectedIds = new Set([...plan.spared, ...[...plan.forced.keys()].flatMap((id) => [id, ...ancestors(ex, id)])]);
  const candidates = ex.checks.filter((c) => !protectedIds.has(c.id));
  const wanted = plan.mustFail && failing.size === 0 ? between(random, 1, 2) : random() < 0.3 ? 1 : 0;
  for (let i = 0; i < wanted && candidates.length > 0; i++) {
    const spec = pickOne(random, candidates);
    const seen = pickOne(random, CHANCE_SEEN);
    failing.set(spec.id, say(`${spec.id}: ${seen.en}`, `${spec.id}：${seen['zh-Hans']}`));
  }
  return failing;
}

interface Student {
  name: string;
  role: 'perfect' | 'stuck' | 'normal';
  /** How far they get: their last exercise, by index. */
  reach: number;
  /** Whether every run grades all exercises (EXERCISES: all), or only the one being worked on. */
  gradesAll: boolean;
}

function studentsOf(random: Random, names: readonly string[], exerciseCount: number): Student[] {
  return names.map((name, i) => {
    const role = i % 10 === 1 ? 'perfect' : i % 10 === 3 ? 'stuck' : 'normal';
    const reach = role === 'perfect' ? exerciseCount - 1 : between(random, 1, exerciseCount - (role === 'normal' ? 2 : 1));
    return { name, role, reach, gradesAll: i % 2 === 0 };
  });
}

/** The runs of one exercise: each a map of failing checks; the last passes in full unless the student stops here. */
function exerciseRuns(random: Random, student: Student, ex: ExerciseSpec, index: number, stuck: { key: string; runs: number } | undefined): Map<string, Text>[] {
  const finished = student.role === 'perfect' || index < student.reach;
  const hardHere = ex.id === HARDEST.exercise;
  const count = stuck ? stuck.runs + between(random, 0, 1) : between(random, hardHere && finished ? 2 : 1, 3);
  const runs: Map<string, Text>[] = [];
  for (let k = 0; k < count; k++) {
    const last = k === count - 1;
    if (finished && last) {
      runs.push(new Map());
      continue;
    }
    const forced = new Map<string, Text>();
    if (hardHere && k === 0) forced.set(HARDEST.check, random() < 0.75 ? HARDEST.seen : HARDEST_OTHER_SEEN);
    const stuckId = stuck?.key.split('/')[1];
    if (stuck && stuckId && k >= count - stuck.runs) forced.set(stuckId, say(`${stuckId}: still the same problem`, `${stuckId}：还是同样的问题`));
    const spared = new Set([...(runs.at(-1)?.keys() ?? []), ...(stuckId ? [stuckId] : [])]);
    runs.push(randomFailures(random, ex, { forced, spared, mustFail: true }));
  }
  return runs;
}

const STARTER = (ex: ExerciseSpec): Map<string, Text> => new Map(ex.checks.map((c) => [c.id, STARTER_SEEN]));

/** Where a run's file lies in the class folder: the three layouts the report reads. */
function fileOf(name: string, studentIndex: number, run: number, isLatest: boolean): string {
  if (studentIndex % 3 === 0) return `${name}/run-${run}/results.json`;
  if (studentIndex % 3 === 1) return `${name}/${run}.json`;
  return isLatest ? `${name}.json` : `${name}/run-${run}/results.json`;
}

export function fakeClass({ seed = 20260302, names = defaultNames(60) }: { seed?: number; names?: readonly string[] } = {}): FakeClass {
  const random = seeded(seed);
  const exercises = loadManifest().exercises.filter((e) => /^exercise-[1-7]$/.test(e.id));
  const truth: FakeClass = { runs: [], exercises, stuck: [], perfect: [] };
  studentsOf(random, names, exercises.length).forEach((student, studentIndex) => {
    let at = Date.parse('2026-03-02T08:00:00Z') + random() * 86_400_000;
    const results: JsonExercise[][] = [];
    exercises.slice(0, student.reach + 1).forEach((ex, index) => {
      const stuckHere = student.role === 'stuck' && index === student.reach;
      const stuckCheck = stuckHere ? pickOne(random, ex.checks.filter((c) => !(ex.id === HARDEST.exercise && c.id === HARDEST.check))) : undefined;
      const stuck = stuckCheck ? { key: `${ex.id}/${stuckCheck.id}`, runs: between(random, 3, 5) } : undefined;
      if (stuck) truth.stuck.push({ student: student.name, ...stuck });
      for (const failing of exerciseRuns(random, student, ex, index, stuck)) {
        const finishedBefore = exercises.slice(0, index).map((e) => exerciseResult(e, new Map()));
        const notBegun = exercises.slice(index + 1).map((e) => exerciseResult(e, STARTER(e)));
        results.push(student.gradesAll ? [...finishedBefore, exerciseResult(ex, failing), ...notBegun] : [exerciseResult(ex, failing)]);
      }
    });
    if (student.role === 'perfect') truth.perfect.push(student.name);
    results.forEach((exercisesOfRun, k) => {
      at += between(random, 2, 14) * 3_600_000 + random() * 3_600_000;
      const report = reportOf(exercisesOfRun, new Date(at));
      truth.runs.push({ student: student.name, file: fileOf(student.name, studentIndex, k + 1, k === results.length - 1), at: new Date(at), report });
    });
  });
  return truth;
}

/** Writes the class as downloaded artifacts would lie, with a JUnit file beside some runs (to be ignored). */
export async function writeClass(dir: string, runs: readonly Run[]): Promise<void> {
  for (const run of runs) {
    if (run.student.includes('/')) throw new Error(`a folder cannot be named ${run.student}`);
    const path = join(dir, run.file);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, JSON.stringify(run.report, null, 2));
    if (run.file.endsWith('/results.json')) await writeFile(join(dirname(path), 'results.xml'), '<testsuites/>');
  }
}
