// The class report's numbers, from runs already read and checked (read.ts). Pure functions of
// their arguments, so that the tests can feed them a made-up class and the writers (csv.ts,
// markdown.ts, html.ts) only lay out what is decided here. What the report quotes from the
// results (titles, Seen lines) and what it says about a file it skipped is kept in both course
// languages (Text), for the writers to pick the reader's; their own words are in words.ts.
import { say } from '../../checker/src/locale.js';
import type { Text } from '../../checker/src/manifest.js';
import type { JsonCheck, JsonExercise, JsonReport } from '../../checker/src/report/json.js';

/** One grading run of one student: one results.json. */
export interface Run {
  student: string;
  /** Where it was read, relative to the class folder: messages name it. */
  file: string;
  at: Date;
  report: JsonReport;
}

/** A file that was not read, and why, for stderr and the report's last section. */
export interface Skipped {
  file: string;
  /** Node's or zod's own words inside it (a JSON syntax error, an errno code) stay as they were written. */
  reason: Text;
}

export interface ExerciseColumn {
  id: string;
  title: Text;
  maxPoints: number;
}

export interface Score {
  points: number;
  complete: boolean;
  /** When the best run happened, and where it was read. */
  at: Date;
  file: string;
}

export interface StudentRow {
  student: string;
  /** The best run per exercise; an exercise no run of theirs graded has no entry. */
  scores: Map<string, Score>;
  total: number;
  max: number;
  /** How many exercises they passed in full. */
  complete: number;
}

export interface SeenLine {
  text: Text;
  runs: number;
}

export interface FailingCheck {
  key: string;
  exercise: string;
  check: string;
  title: Text;
  docs?: string;
  /** Students who failed it at least once while working on its exercise. */
  students: number;
  /** Of those, the students whose latest run of the exercise still fails it. */
  stillFailing: number;
  runs: number;
  seen: SeenLine[];
}

export interface Completion {
  /** UTC days, YYYY-MM-DD, every day from the first run to the last (see MAX_DAYS). */
  days: string[];
  /** Whether some run happened that day: the tables list those days only. */
  active: boolean[];
  /** Per exercise, how many students had passed it in full by the end of each day. */
  series: { exercise: string; counts: number[] }[];
}

export interface Stuck {
  student: string;
  key: string;
  exercise: string;
  check: string;
  title: Text;
  runs: number;
  since: Date;
  /** The Seen line of the latest run. */
  seen: Text;
}

export interface ClassReport {
  students: number;
  runs: number;
  from: Date | undefined;
  to: Date | undefined;
  columns: ExerciseColumn[];
  rows: StudentRow[];
  failing: FailingCheck[];
  completion: Completion;
  stuck: Stuck[];
  stuckThreshold: number;
  skipped: Skipped[];
}

export const DEFAULT_STUCK = 3;
/** How many of the failing checks the report shows: enough to act on, few enough to read. */
export const TOP_CHECKS = 10;

export function byTime(a: Run, b: Run): number {
  return a.at.getTime() - b.at.getTime() || a.file.localeCompare(b.file);
}

/**
 * The same run read twice (an artifact downloaded again, a copy beside the original) would
 * count its failures twice and could make a student look stuck: a student's runs are told
 * apart by when they were generated.
 */
export function dedupe(runs: readonly Run[]): { runs: Run[]; duplicates: Skipped[] } {
  const kept = new Map<string, Run>();
  const duplicates: Skipped[] = [];
  for (const run of [...runs].sort(byTime)) {
    const id = `${run.student}\u0000${run.report.generatedAt}`;
    const first = kept.get(id);
    if (first) {
      const at = run.report.generatedAt;
      duplicates.push({ file: run.file, reason: say(`the same run as ${first.file} (generatedAt ${at})`, `与 ${first.file} 是同一次运行（generatedAt ${at}）`) });
    } else kept.set(id, run);
  }
  return { runs: [...kept.values()], duplicates };
}

/** The exercises any run graded, in course order; ids the course does not know come last. */
export function exerciseColumns(runs: readonly Run[], courseOrder: readonly string[]): ExerciseColumn[] {
  const columns = new Map<string, ExerciseColumn>();
  for (const ex of runs.flatMap((r) => r.report.exercises)) {
    const known = columns.get(ex.id);
    // Reports from different checker versions may weigh an exercise differently: grade against the largest.
    if (!known || ex.maxPoints > known.maxPoints) columns.set(ex.id, { id: ex.id, title: bothLanguages(ex.title, ex.id), maxPoints: ex.maxPoints });
  }
  return [...columns.values()].sort((a, b) => rank(courseOrder, a.id) - rank(courseOrder, b.id) || a.id.localeCompare(b.id, 'en', { numeric: true }));
}

export function isComplete(ex: JsonExercise): boolean {
  return ex.status === 'passed' && ex.points === ex.maxPoints;
}

/** A failure of the check itself; a check blocked by an earlier one counts under that one, and an error is ours. */
export function ownFailure(check: JsonCheck): boolean {
  return check.status === 'failed' && !check.verdict?.blockedBy;
}

/**
 * The exercise a run shows the student working on: the first, in course order, that it does
 * not pass in full. A run that grades several exercises (EXERCISES: all) also fails every
 * exercise not begun yet, at its untouched starter; those failures say nothing about where the
 * student struggles, so failure counts and stuck streaks read this exercise only.
 */
export function workingOn(report: JsonReport, order: readonly string[]): JsonExercise | undefined {
  return [...report.exercises].sort((a, b) => rank(order, a.id) - rank(order, b.id)).find((ex) => !isComplete(ex));
}

function rank(order: readonly string[], id: string): number {
  const at = order.indexOf(id);
  return at === -1 ? order.length : at;
}

/**
 * What each run shows its student working on (workingOn), knowing their earlier runs: the run
 * that first passes an exercise in full shows the next one as it was handed out, so it shows
 * no exercise being worked on.
 */
export function attribute(runs: readonly Run[], order: readonly string[]): Map<Run, JsonExercise | undefined> {
  const attributed = new Map<Run, JsonExercise | undefined>();
  for (const mine of groupByStudent(runs).values()) {
    const passedBefore = new Set<string>();
    for (const run of mine) {
      const current = workingOn(run.report, order);
      const newlyPassed = run.report.exercises.filter((ex) => isComplete(ex) && !passedBefore.has(ex.id)).map((ex) => ex.id);
      newlyPassed.forEach((id) => passedBefore.add(id));
      const justFinished = current !== undefined && newlyPassed.some((id) => rank(order, id) < rank(order, current.id));
      attributed.set(run, justFinished ? undefined : current);
    }
  }
  return attributed;
}

function groupByStudent(runs: readonly Run[]): Map<string, Run[]> {
  const groups = new Map<string, Run[]>();
  for (const run of [...runs].sort(byTime)) {
    const mine = groups.get(run.student);
    if (mine) mine.push(run);
    else groups.set(run.student, [run]);
  }
  return groups;
}

function bestScores(runs: readonly Run[]): Map<string, Score> {
  const scores = new Map<string, Score>();
  for (const run of runs) {
    for (const ex of run.report.exercises) {
      const best = scores.get(ex.id);
      // Strictly more: among equal runs the first to reach the score is the one that counts.
      if (best && ex.points <= best.points) continue;
      scores.set(ex.id, { points: ex.points, complete: isComplete(ex), at: run.at, file: run.file });
    }
  }
  return scores;
}

export function compareNames(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Points per student: the best run of each exercise, their sum, and what the columns are worth. */
export function gradebook(runs: readonly Run[], columns: readonly ExerciseColumn[]): StudentRow[] {
  const max = columns.reduce((sum, c) => sum + c.maxPoints, 0);
  return [...groupByStudent(runs)]
    .map(([student, mine]) => {
      const scores = bestScores(mine);
      const counted = columns.map((c) => scores.get(c.id)).filter((s) => s !== undefined);
      const total = counted.reduce((sum, s) => sum + s.points, 0);
      return { student, scores, total, max, complete: counted.filter((s) => s.complete).length };
    })
    .sort((a, b) => compareNames(a.student, b.student));
}

/**
 * A title or Seen line in both languages. read.ts asks a report for the English only (a
 * hand-edited file, a verdict made before the checker's were translated): English stands in.
 */
export function bothLanguages(text: { en: string; 'zh-Hans'?: string } | undefined, fallback: string): Text {
  const en = text?.en || fallback;
  return { en, 'zh-Hans': text?.['zh-Hans'] || en };
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();
const NO_SEEN = say('(no Seen line)', '（没有“实际”内容）');

/**
 * Seen lines vary in their whitespace only when they come from different logs: one line each.
 * The English tells them apart (both languages are said from the same values); the Chinese comes with it.
 */
function seenText(check: JsonCheck): Text {
  const en = oneLine(check.verdict?.actual ?? '');
  if (!en) return NO_SEEN;
  const zh = oneLine(check.verdict?.localized?.actual['zh-Hans'] ?? '');
  return { en, 'zh-Hans': zh || en };
}

interface FailTally {
  exercise: string;
  check: JsonCheck;
  students: Set<string>;
  runs: number;
  /** By the English of each Seen line: the line in both languages, and how many runs said it. */
  seen: Map<string, SeenLine>;
}

function tallyFailures(runs: readonly Run[], order: readonly string[]): Map<string, FailTally> {
  const tallies = new Map<string, FailTally>();
  for (const [run, ex] of attribute(runs, order)) {
    if (!ex) continue;
    for (const check of ex.checks.filter(ownFailure)) {
      const tally = tallies.get(check.key) ?? { exercise: ex.id, check, students: new Set(), runs: 0, seen: new Map() };
      tally.students.add(run.student);
      tally.runs += 1;
      const seen = seenText(check);
      const line = tally.seen.get(seen.en) ?? { text: seen, runs: 0 };
      tally.seen.set(seen.en, { ...line, runs: line.runs + 1 });
      tallies.set(check.key, tally);
    }
  }
  return tallies;
}

/** Each student's latest graded result of each check, by key. */
function latestChecks(runs: readonly Run[]): Map<string, Map<string, JsonCheck>> {
  const latest = new Map<string, Map<string, JsonCheck>>();
  for (const run of [...runs].sort(byTime)) {
    const mine = latest.get(run.student) ?? new Map<string, JsonCheck>();
    for (const check of run.report.exercises.flatMap((ex) => ex.checks)) mine.set(check.key, check);
    latest.set(run.student, mine);
  }
  return latest;
}

function topSeen(seen: Map<string, SeenLine>, count: number): SeenLine[] {
  return [...seen.values()]
    .sort((a, b) => b.runs - a.runs || a.text.en.localeCompare(b.text.en))
    .slice(0, count);
}

/** The checks that fail most: by how many students failed them, then by how many runs. */
export function failingChecks(runs: readonly Run[], order: readonly string[], { seenLines = 3 } = {}): FailingCheck[] {
  const latest = latestChecks(runs);
  return [...tallyFailures(runs, order)]
    .map(([key, t]) => ({
      key,
      exercise: t.exercise,
      check: t.check.id,
      title: bothLanguages(t.check.title, t.check.id),
      ...(t.check.docs ? { docs: t.check.docs } : {}),
      students: t.students.size,
      stillFailing: [...t.students].filter((s) => {
        const now = latest.get(s)?.get(key);
        return now !== undefined && ownFailure(now);
      }).length,
      runs: t.runs,
      seen: topSeen(t.seen, seenLines),
    }))
    .sort((a, b) => b.students - a.students || b.runs - a.runs || a.key.localeCompare(b.key, 'en', { numeric: true }));
}

export const dayOf = (at: Date): string => at.toISOString().slice(0, 10);

/** Beyond a year, one stray date (a clock reset, an edited file) would stretch the axis to thousands of empty days. */
const MAX_DAYS = 366;
const DAY_MS = 86_400_000;

function dayAxis(activeDays: ReadonlySet<string>): string[] {
  const sorted = [...activeDays].sort();
  const first = sorted[0];
  const last = sorted.at(-1);
  if (!first || !last) return [];
  const span = (Date.parse(last) - Date.parse(first)) / DAY_MS + 1;
  if (span > MAX_DAYS) return sorted;
  return Array.from({ length: span }, (_, i) => dayOf(new Date(Date.parse(first) + i * DAY_MS)));
}

/** A day-by-day count of the students who have passed each exercise in full (UTC days). */
export function completionByDay(runs: readonly Run[], columns: readonly ExerciseColumn[]): Completion {
  const firstPassed = new Map<string, Map<string, string>>(columns.map((c) => [c.id, new Map()]));
  for (const run of [...runs].sort(byTime)) {
    for (const ex of run.report.exercises.filter(isComplete)) {
      const byStudent = firstPassed.get(ex.id);
      if (byStudent && !byStudent.has(run.student)) byStudent.set(run.student, dayOf(run.at));
    }
  }
  const activeDays = new Set(runs.map((r) => dayOf(r.at)));
  const days = dayAxis(activeDays);
  const series = columns.map((c) => {
    const passedOn = [...(firstPassed.get(c.id)?.values() ?? [])];
    return { exercise: c.id, counts: days.map((day) => passedOn.filter((d) => d <= day).length) };
  });
  return { days, active: days.map((d) => activeDays.has(d)), series };
}

/** For one student's runs of one exercise, oldest first: the checks failing in the latest runs, and for how many in a row. */
function streaks(student: string, exerciseId: string, mine: readonly Run[], working: ReadonlyMap<Run, JsonExercise | undefined>): Stuck[] {
  const failing = (run: Run, checkId: string): boolean => {
    const ex = working.get(run);
    const check = ex?.id === exerciseId ? ex.checks.find((c) => c.id === checkId) : undefined;
    return check !== undefined && ownFailure(check);
  };
  const last = mine.at(-1);
  const current = last ? working.get(last) : undefined;
  if (!last || current?.id !== exerciseId) return [];
  return current.checks.filter(ownFailure).map((check) => {
    let start = mine.length - 1;
    while (start > 0 && failing(mine[start - 1]!, check.id)) start -= 1;
    return {
      student,
      key: check.key,
      exercise: exerciseId,
      check: check.id,
      title: bothLanguages(check.title, check.id),
      runs: mine.length - start,
      since: mine[start]!.at,
      seen: seenText(check),
    };
  });
}

/**
 * Students whose latest `threshold` or more runs of the exercise they are working on all
 * fail the same check: pushing again and again without getting past it. A streak that ended
 * (the check passes now) is not reported; a run of another exercise in between does not break one.
 */
export function stuckStudents(runs: readonly Run[], order: readonly string[], threshold = DEFAULT_STUCK): Stuck[] {
  const working = attribute(runs, order);
  const found: Stuck[] = [];
  for (const [student, mine] of groupByStudent(runs)) {
    const exerciseIds = new Set(mine.flatMap((r) => r.report.exercises.map((ex) => ex.id)));
    for (const id of exerciseIds) {
      const withExercise = mine.filter((r) => r.report.exercises.some((ex) => ex.id === id));
      found.push(...streaks(student, id, withExercise, working).filter((s) => s.runs >= threshold));
    }
  }
  return found.sort((a, b) => b.runs - a.runs || compareNames(a.student, b.student) || a.key.localeCompare(b.key));
}

export interface BuildOptions {
  /** Exercise ids in course order (course.yaml): the columns' order and which exercise comes first. */
  courseOrder: readonly string[];
  stuckThreshold?: number;
  skipped?: readonly Skipped[];
}

export function buildReport(runs: readonly Run[], { courseOrder, stuckThreshold = DEFAULT_STUCK, skipped = [] }: BuildOptions): ClassReport {
  const sorted = [...runs].sort(byTime);
  const columns = exerciseColumns(sorted, courseOrder);
  const order = columns.map((c) => c.id);
  return {
    students: new Set(sorted.map((r) => r.student)).size,
    runs: sorted.length,
    from: sorted[0]?.at,
    to: sorted.at(-1)?.at,
    columns,
    rows: gradebook(sorted, columns),
    failing: failingChecks(sorted, order),
    completion: completionByDay(sorted, columns),
    stuck: stuckStudents(sorted, order, stuckThreshold),
    stuckThreshold,
    skipped: [...skipped],
  };
}

/** Students who passed every graded exercise in full. */
export function allComplete(report: ClassReport): number {
  return report.rows.filter((r) => report.columns.length > 0 && r.complete === report.columns.length).length;
}

export function averageTotal(report: ClassReport): number {
  if (report.rows.length === 0) return 0;
  return report.rows.reduce((sum, r) => sum + r.total, 0) / report.rows.length;
}
