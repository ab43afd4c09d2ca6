// The class report's own words, in both course languages, written side by side with say(en, zh)
// (checker/src/locale.ts): the headings and column names report.md and report.html share, the
// summary lines the command prints and both files open with, and the note under each section.
// The writers pick the reader's language; ids, file names and the students' own text stay as
// they are. Terms follow shared/GLOSSARY.md and the checker's own Chinese (检查项, 通过, 未通过).
import { say } from '../../checker/src/locale.js';
import type { Text } from '../../checker/src/manifest.js';
import { allComplete, averageTotal, dayOf, type ClassReport } from './aggregate.js';

export const TITLE = say('Shipshape class report', 'Shipshape 全班报告');

export const HEADINGS = {
  charts: say('Charts', '图表'),
  points: say('Points per student', '每个学员的得分'),
  failing: say('Checks that fail most', '未通过最多的检查项'),
  completion: say('Completion over time', '完成进度随时间的变化'),
  stuck: say('Stuck students', '卡住的学员'),
  skipped: say('Skipped files', '跳过的文件'),
} satisfies Record<string, Text>;

export const COLUMNS = {
  student: say('Student', '学员'),
  total: say('Total', '总分'),
  max: say('Max', '满分'),
  check: say('Check', '检查项'),
  students: say('Students', '学员数'),
  stillFailing: say('Still failing', '仍未通过'),
  failedRuns: say('Failed runs', '未通过的运行次数'),
  mostSeen: say('Most frequent Seen', '最常见的“实际”内容'),
  day: say('Day', '日期'),
  runsInARow: say('Runs in a row', '连续运行次数'),
  since: say('Since', '起始日期'),
  latestSeen: say('Latest Seen', '最近一次的“实际”内容'),
} satisfies Record<string, Text>;

/** What a section says when it has no rows. */
export const EMPTY = {
  failing: say('No check failed.', '没有未通过的检查项。'),
  completion: say('No runs.', '没有任何运行。'),
  stuck: say('Nobody.', '没有卡住的学员。'),
} satisfies Record<string, Text>;

/** Where a student's best score of an exercise was read, and when: a table cell's tooltip. */
export const scoreSource = (file: string, day: string): Text => say(`${file}, ${day}`, `${file}，${day}`);

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The three lines the command prints, and the Markdown and HTML open with. */
export function summaryLines(report: ClassReport): [Text, Text, Text] {
  const [from, to] = report.from && report.to ? [dayOf(report.from), dayOf(report.to)] : [];
  const skippedCount = report.skipped.length;
  const max = report.rows[0]?.max ?? 0;
  const average = averageTotal(report).toFixed(1);
  const complete = allComplete(report);
  const top = report.failing[0];
  const stuck = new Set(report.stuck.map((s) => s.student)).size;
  const threshold = report.stuckThreshold;
  const span = from && to ? say(`, ${from} to ${to}`, `，${from} 至 ${to}`) : undefined;
  const skipped = skippedCount > 0 ? say(` (${plural(skippedCount, 'file')} skipped)`, `（跳过了 ${skippedCount} 个文件）`) : undefined;
  const failing = top
    ? say(`most failing check: ${top.key} (${plural(top.students, 'student')})`, `未通过最多的检查项：${top.key}（${top.students} 名学员）`)
    : say('no failing checks', '没有未通过的检查项');
  return [
    say(
      `${plural(report.students, 'student')}, ${plural(report.runs, 'run')}${span?.en ?? ''}${skipped?.en ?? ''}`,
      `${report.students} 名学员，${report.runs} 次运行${span?.['zh-Hans'] ?? ''}${skipped?.['zh-Hans'] ?? ''}`,
    ),
    say(
      `average ${average}/${max} points; ${plural(complete, 'student')} passed every exercise in full`,
      `平均得分 ${average}/${max}；${complete} 名学员完整通过了全部练习`,
    ),
    say(
      `${failing.en}; ${plural(stuck, 'student')} stuck on one check for ${threshold}+ runs`,
      `${failing['zh-Hans']}；${stuck} 名学员连续 ${threshold} 次及以上运行卡在同一个检查项上`,
    ),
  ];
}

/** What each section of report.md and report.html counts, said the same way in both. */
export function sectionNotes(report: ClassReport): { points: Text; failing: Text; completion: Text; stuck: Text } {
  return {
    points: say(
      'The best run of each exercise per student; students.csv holds the same numbers for a gradebook.',
      '每个学员在每个练习上取最好的一次运行；students.csv 里是同样的数字，可以导入成绩册。',
    ),
    failing: say(
      'Counted in the exercise each run was working on (the first it does not pass in full); a check blocked by an earlier one counts under that one. ' +
        "Still failing: the student's latest run of the exercise fails it.",
      '每次运行只计入它正在做的练习（第一个没有完整通过的练习）；因为前面的检查项未通过而无法运行的检查项，记在前面那个检查项名下。' +
        '仍未通过：这个学员在该练习上最近一次运行仍未通过这个检查项。',
    ),
    completion: say(
      `Students who had passed each exercise in full by the end of the day (UTC), out of ${report.students}; days without runs are left out.`,
      `截至每天结束时（UTC）已完整通过各练习的学员人数，全班共 ${report.students} 人；没有运行的日期不列出。`,
    ),
    stuck: say(
      `Students whose latest ${report.stuckThreshold} or more runs fail the same check of the exercise they are working on.`,
      `最近连续 ${report.stuckThreshold} 次或更多次运行，都未通过正在做的练习中同一个检查项的学员。`,
    ),
  };
}
