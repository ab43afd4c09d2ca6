import { describe, expect, it } from 'vitest';
import { loadManifest, type Text } from '../../checker/src/manifest.js';
import { allComplete, buildReport, dedupe, failingChecks, stuckStudents, workingOn, type Run } from './aggregate.js';
import { exerciseResult, fakeClass, HARDEST, reportOf } from './fake-class.js';

const courseOrder = loadManifest().exercises.map((e) => e.id);
const exercise = (id: string) => loadManifest().exercises.find((e) => e.id === id)!;

describe('the class report of a made-up class of 60', () => {
  const cls = fakeClass();
  const report = buildReport(cls.runs, { courseOrder });

  it('is a class worth reporting on: several runs each, over several days, every kind of student', () => {
    expect(report.students).toBe(60);
    expect(cls.runs.length).toBeGreaterThan(60 * 4);
    expect(report.completion.days.length).toBeGreaterThanOrEqual(4);
    expect(cls.stuck.length).toBeGreaterThanOrEqual(5);
    expect(cls.perfect.length).toBeGreaterThanOrEqual(5);
    expect(report.columns.map((c) => c.id)).toEqual(['exercise-1', 'exercise-2', 'exercise-3', 'exercise-4', 'exercise-5', 'exercise-6', 'exercise-7']);
    expect(report.columns.every((c) => c.maxPoints === 100)).toBe(true);
  });

  it("gives each student their best run's points per exercise, and their sum", () => {
    for (const row of report.rows) {
      const mine = cls.runs.filter((r) => r.student === row.student);
      let sum = 0;
      for (const column of report.columns) {
        const points = mine.flatMap((r) => r.report.exercises.filter((e) => e.id === column.id).map((e) => e.points));
        expect(row.scores.get(column.id)?.points, `${row.student} ${column.id}`).toBe(points.length ? Math.max(...points) : undefined);
        sum += points.length ? Math.max(...points) : 0;
      }
      expect(row.total, row.student).toBe(sum);
      expect(row.max).toBe(700);
    }
  });

  it('finds exactly the perfect students with every exercise in full', () => {
    expect(allComplete(report)).toBe(cls.perfect.length);
    expect(report.rows.filter((r) => r.total === r.max).map((r) => r.student).sort()).toEqual([...cls.perfect].sort());
  });

  it('ranks first the check the class was made to fail most, with its usual Seen line', () => {
    const [top, second] = report.failing;
    expect(top!.key).toBe(`${HARDEST.exercise}/${HARDEST.check}`);
    expect(top!.students).toBeGreaterThanOrEqual(55);
    expect(top!.students).toBeGreaterThan(second!.students);
    expect(top!.seen[0]!.text).toEqual(HARDEST.seen);
    expect(top!.seen[0]!.runs).toBeGreaterThan(top!.seen[1]!.runs);
    // Everybody got past it in the end but the students who stopped at it.
    expect(top!.stillFailing).toBeLessThan(top!.students / 4);
  });

  it('does not count the untouched later exercises of runs that grade them all', () => {
    expect(report.failing.flatMap((c) => c.seen).filter((s) => s.text.en === 'the starter as it was handed out')).toEqual([]);
    const seventh = report.failing.filter((c) => c.exercise === 'exercise-7');
    const reachedSeventh = new Set(cls.runs.filter((r) => r.report.exercises.some((e) => e.id === 'exercise-7' && e.points > 0)).map((r) => r.student));
    expect(seventh.length).toBeGreaterThan(0);
    for (const check of seventh) expect(check.students).toBeLessThanOrEqual(reachedSeventh.size);
  });

  it('calls stuck exactly the students made stuck, on their check', () => {
    const found = report.stuck.map((s) => `${s.student} → ${s.key}`).sort();
    expect(found).toEqual(cls.stuck.map((s) => `${s.student} → ${s.key}`).sort());
    for (const made of cls.stuck) {
      const stuck = report.stuck.find((s) => s.student === made.student)!;
      expect(stuck.runs).toBe(made.runs);
      const check = made.key.split('/')[1];
      expect(stuck.seen).toEqual({ en: `${check}: still the same problem`, 'zh-Hans': `${check}：还是同样的问题` });
    }
  });

  it('takes --stuck into account', () => {
    expect(stuckStudents(cls.runs, courseOrder, 99)).toEqual([]);
    const four = stuckStudents(cls.runs, courseOrder, 4).map((s) => s.student);
    expect(four.sort()).toEqual(cls.stuck.filter((s) => s.runs >= 4).map((s) => s.student).sort());
    expect(four.length).toBeLessThan(cls.stuck.length);
  });

  it('counts completion day by day, never going down, ending at who passed each exercise', () => {
    const { days, series, active } = report.completion;
    expect(days).toEqual([...days].sort());
    expect(active.at(0)).toBe(true);
    expect(active.at(-1)).toBe(true);
    for (const s of series) {
      expect(s.counts).toHaveLength(days.length);
      expect(s.counts.every((n, i) => i === 0 || n >= s.counts[i - 1]!)).toBe(true);
      expect(s.counts.at(-1)).toBe(report.rows.filter((r) => r.scores.get(s.exercise)?.complete).length);
    }
    expect(series.find((s) => s.exercise === 'exercise-1')!.counts.at(-1)).toBe(60);
  });
});

function run(student: string, hour: number, exercises: ReturnType<typeof exerciseResult>[], file = `${student}/${hour}.json`): Run {
  const at = new Date(Date.UTC(2026, 2, 2, hour));
  return { student, file, at, report: reportOf(exercises, at) };
}

describe('what counts as failing, and as stuck', () => {
  const [one, two, three] = ['exercise-1', 'exercise-2', 'exercise-3'].map(exercise);
  const allRun = (student: string, hour: number, failing: Map<string, string>): Run =>
    run(student, hour, [exerciseResult(one!, new Map()), exerciseResult(two!, failing), exerciseResult(three!, new Map(three!.checks.map((c) => [c.id, 'starter'])))]);
  const healthchecks = new Map([['healthchecks', 'never healthy']]);
  // Exercise 1 passed in a run of its own, so that the runs below are not the one that first passes it.
  const done = (student: string): Run => run(student, 0, [exerciseResult(one!, new Map())]);

  it('reads the first exercise not passed in full of a run that grades several, and nothing after it', () => {
    const runs = [done('ana'), ...[1, 2, 3, 4].map((h) => allRun('ana', h, healthchecks))];
    expect(failingChecks(runs, courseOrder).map((c) => c.key)).toEqual(['exercise-2/healthchecks']);
    expect(stuckStudents(runs, courseOrder).map((s) => [s.key, s.runs])).toEqual([['exercise-2/healthchecks', 4]]);
  });

  it('reads nothing from the run that first passes an exercise: the next one is still the starter', () => {
    const starter = new Map(two!.checks.map((c) => [c.id, 'starter']));
    const finishing = run('al', 1, [exerciseResult(one!, new Map()), exerciseResult(two!, starter)]);
    const working = run('al', 2, [exerciseResult(one!, new Map()), exerciseResult(two!, healthchecks)]);
    expect(failingChecks([finishing, working], courseOrder).map((c) => [c.key, c.runs])).toEqual([['exercise-2/healthchecks', 1]]);
    const again = run('al', 3, [exerciseResult(one!, new Map()), exerciseResult(two!, starter)]);
    expect(failingChecks([finishing, working, again], courseOrder).map((c) => c.key)).toContain('exercise-2/compose-safe');
  });

  it('counts a blocked check under the check that blocked it', () => {
    const runs = [1, 2, 3].map((h) => run('bo', h, [exerciseResult(two!, new Map([['compose-safe', 'privileged: true']]))]));
    expect(failingChecks(runs, courseOrder).map((c) => [c.key, c.runs])).toEqual([['exercise-2/compose-safe', 3]]);
    expect(stuckStudents(runs, courseOrder).map((s) => s.key)).toEqual(['exercise-2/compose-safe']);
  });

  it('does not count the checker’s own errors against the student', () => {
    const broken = exerciseResult(one!, new Map());
    broken.checks[0] = { ...broken.checks[0]!, status: 'error', points: 0, error: 'TypeError' };
    broken.status = 'error';
    const runs = [1, 2, 3].map((h) => run('cy', h, [structuredClone(broken)]));
    expect(failingChecks(runs, courseOrder)).toEqual([]);
    expect(stuckStudents(runs, courseOrder)).toEqual([]);
  });

  it('ends a streak when the check passes, and breaks it when the check passes in between', () => {
    const fixed = [done('di'), ...[1, 2, 3].map((h) => allRun('di', h, healthchecks)), allRun('di', 4, new Map([['scales', 'one replica']]))];
    expect(stuckStudents(fixed, courseOrder)).toEqual([]);
    expect(failingChecks(fixed, courseOrder).find((c) => c.key === 'exercise-2/healthchecks')).toMatchObject({ students: 1, stillFailing: 0, runs: 3 });
    const interrupted = [done('ed'), allRun('ed', 1, healthchecks), allRun('ed', 2, new Map([['scales', 'x']])), allRun('ed', 3, healthchecks), allRun('ed', 4, healthchecks)];
    expect(stuckStudents(interrupted, courseOrder)).toEqual([]);
    expect(stuckStudents(interrupted, courseOrder, 2).map((s) => s.runs)).toEqual([2]);
  });

  it('reads a run downloaded twice once', () => {
    const original = allRun('fa', 1, healthchecks);
    const copy = { ...original, file: 'fa/copy/results.json' };
    const { runs, duplicates } = dedupe([original, copy, allRun('fa', 2, healthchecks)]);
    expect(runs).toHaveLength(2);
    expect(duplicates).toEqual([{ file: 'fa/copy/results.json', reason: { en: expect.stringContaining('fa/1.json'), 'zh-Hans': expect.stringContaining('与 fa/1.json 是同一次运行') } }]);
  });

  it('keeps titles and Seen lines in both languages, the English standing in where a report has no Chinese', () => {
    const spec = two!.checks.find((c) => c.id === 'healthchecks')!;
    const translated = new Map([['healthchecks', { en: 'never healthy', 'zh-Hans': '一直不健康' }]]);
    const runs = [done('ha'), ...[1, 2].map((h) => run('ha', h, [exerciseResult(two!, h === 1 ? translated : healthchecks)]))];
    const [check] = failingChecks(runs, courseOrder);
    expect(check!.title).toEqual(spec.title);
    // One Seen line, told apart by its English: a run with the Chinese and one from before the checker's verdicts were translated.
    expect(check!.seen).toEqual([{ text: { en: 'never healthy', 'zh-Hans': '一直不健康' }, runs: 2 }]);
    expect(stuckStudents(runs, courseOrder, 2)[0]!.seen).toEqual({ en: 'never healthy', 'zh-Hans': 'never healthy' });
    const handEdited = { ...exerciseResult(one!, new Map()), title: { en: 'Hand-edited' } as Text };
    expect(buildReport([run('ha', 3, [handEdited])], { courseOrder }).columns[0]!.title).toEqual({ en: 'Hand-edited', 'zh-Hans': 'Hand-edited' });
  });

  it('orders unknown exercises after the course’s, and fills in the days between runs', () => {
    const odd = { ...exerciseResult(one!, new Map()), id: 'exercise-10' };
    const report = buildReport([run('gu', 1, [odd]), run('gu', 100, [exerciseResult(one!, new Map())])], { courseOrder });
    expect(report.columns.map((c) => c.id)).toEqual(['exercise-1', 'exercise-10']);
    expect(report.completion.days).toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06']);
    expect(report.completion.active).toEqual([true, false, false, false, true]);
  });
});
