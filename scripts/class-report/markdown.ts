// report.md: the class report as GitHub-flavoured Markdown, small enough for a job summary
// ($GITHUB_STEP_SUMMARY takes up to 1 MiB). The charts of report.html are tables here.
import { escapeCell } from '../../checker/src/report/markdown.js';
import { dayOf, sectionNotes, summaryLines, TOP_CHECKS, type ClassReport, type FailingCheck, type StudentRow } from './aggregate.js';

/** Text from the reports and folder names, which anyone could write: no HTML, no table break, no link or emphasis. */
export function mdText(text: string): string {
  return escapeCell(text.replace(/[\\`*_[\]~]/g, '\\$&'));
}

/** Code for ids that look like ids; anything else in a report (it may be hand-edited) is escaped text instead. */
function code(text: string): string {
  return /^[\w./@-]+$/.test(text) ? `\`${text}\`` : mdText(text);
}

function table(head: string[], align: string[], rows: string[][]): string[] {
  return [`| ${head.join(' | ')} |`, `| ${align.join(' | ')} |`, ...rows.map((cells) => `| ${cells.join(' | ')} |`)];
}

function pointsCell(row: StudentRow, id: string): string {
  const score = row.scores.get(id);
  if (!score) return '–';
  return score.complete ? `**${score.points}** ✅` : String(score.points);
}

function pointsSection(report: ClassReport): string[] {
  const head = ['Student', ...report.columns.map((c) => `${mdText(c.id)} (${c.maxPoints})`), 'Total', 'Max'];
  const rows = report.rows.map((r) => [mdText(r.student), ...report.columns.map((c) => pointsCell(r, c.id)), `**${r.total}**`, String(r.max)]);
  return [
    '## Points per student',
    '',
    `${sectionNotes(report).points} ✅ passed in full, – never graded.`,
    '',
    ...table(head, ['---', ...report.columns.map(() => '---:'), '---:', '---:'], rows),
  ];
}

function seenCell(check: FailingCheck): string {
  return check.seen.map((s) => `${mdText(s.text)} (×${s.runs})`).join('<br>');
}

function failingSection(report: ClassReport): string[] {
  const top = report.failing.slice(0, TOP_CHECKS);
  const rows = top.map((c, i) => [
    String(i + 1),
    `${code(c.key)} ${mdText(c.title)}`,
    String(c.students),
    String(c.stillFailing),
    String(c.runs),
    seenCell(c),
  ]);
  return [
    '## Checks that fail most',
    '',
    sectionNotes(report).failing,
    '',
    ...(top.length === 0
      ? ['No check failed.']
      : table(['#', 'Check', 'Students', 'Still failing', 'Failed runs', 'Most frequent Seen'], ['---:', '---', '---:', '---:', '---:', '---'], rows)),
  ];
}

function completionSection(report: ClassReport): string[] {
  const { days, active, series } = report.completion;
  const rows = days.flatMap((day, i) => (active[i] ? [[day, ...series.map((s) => String(s.counts[i]))]] : []));
  return [
    '## Completion over time',
    '',
    sectionNotes(report).completion,
    '',
    ...(rows.length === 0 ? ['No runs.'] : table(['Day', ...series.map((s) => mdText(s.exercise))], ['---', ...series.map(() => '---:')], rows)),
  ];
}

function stuckSection(report: ClassReport): string[] {
  const rows = report.stuck.map((s) => [mdText(s.student), `${code(s.key)} ${mdText(s.title)}`, String(s.runs), dayOf(s.since), mdText(s.seen)]);
  return [
    '## Stuck students',
    '',
    sectionNotes(report).stuck,
    '',
    ...(rows.length === 0 ? ['Nobody.'] : table(['Student', 'Check', 'Runs in a row', 'Since', 'Latest Seen'], ['---', '---', '---:', '---', '---'], rows)),
  ];
}

function skippedSection(report: ClassReport): string[] {
  if (report.skipped.length === 0) return [];
  return ['## Skipped files', '', ...report.skipped.map((s) => `- ${code(s.file)}: ${mdText(s.reason)}`)];
}

export function toMarkdown(report: ClassReport): string {
  const sections = [
    ['# Shipshape class report', '', ...summaryLines(report).map((line) => `- ${mdText(line)}`)],
    pointsSection(report),
    failingSection(report),
    completionSection(report),
    stuckSection(report),
    skippedSection(report),
  ];
  return `${sections
    .filter((s) => s.length > 0)
    .map((s) => s.join('\n'))
    .join('\n\n')}\n`;
}
