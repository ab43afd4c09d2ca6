// report.md: the class report as GitHub-flavoured Markdown, small enough for a job summary
// ($GITHUB_STEP_SUMMARY takes up to 1 MiB). The charts of report.html are tables here. In the
// reader's language (words.ts), as the checker's own job summary is.
import { pick, say } from '../../checker/src/locale.js';
import type { Locale, Text } from '../../checker/src/manifest.js';
import { messages } from '../../checker/src/messages.js';
import { escapeCell } from '../../checker/src/report/markdown.js';
import { dayOf, TOP_CHECKS, type ClassReport, type FailingCheck, type StudentRow } from './aggregate.js';
import { COLUMNS, EMPTY, HEADINGS, sectionNotes, summaryLines, TITLE } from './words.js';

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

/** The points note, then what the marks mean where a table cell cannot be coloured. */
const withLegend = (note: Text): Text => say(`${note.en} ✅ passed in full, – never graded.`, `${note['zh-Hans']}✅ 表示完整通过，– 表示从未评分。`);

function pointsSection(report: ClassReport, locale: Locale): string[] {
  const head = [pick(COLUMNS.student, locale), ...report.columns.map((c) => `${mdText(c.id)} (${c.maxPoints})`), pick(COLUMNS.total, locale), pick(COLUMNS.max, locale)];
  const rows = report.rows.map((r) => [mdText(r.student), ...report.columns.map((c) => pointsCell(r, c.id)), `**${r.total}**`, String(r.max)]);
  return [
    `## ${pick(HEADINGS.points, locale)}`,
    '',
    pick(withLegend(sectionNotes(report).points), locale),
    '',
    ...table(head, ['---', ...report.columns.map(() => '---:'), '---:', '---:'], rows),
  ];
}

function seenCell(check: FailingCheck, locale: Locale): string {
  return check.seen.map((s) => pick(say(`${mdText(s.text.en)} (×${s.runs})`, `${mdText(s.text['zh-Hans'])}（×${s.runs}）`), locale)).join('<br>');
}

function failingSection(report: ClassReport, locale: Locale): string[] {
  const top = report.failing.slice(0, TOP_CHECKS);
  const rows = top.map((c, i) => [
    String(i + 1),
    `${code(c.key)} ${mdText(pick(c.title, locale))}`,
    String(c.students),
    String(c.stillFailing),
    String(c.runs),
    seenCell(c, locale),
  ]);
  const head = ['#', ...[COLUMNS.check, COLUMNS.students, COLUMNS.stillFailing, COLUMNS.failedRuns, COLUMNS.mostSeen].map((t) => pick(t, locale))];
  return [
    `## ${pick(HEADINGS.failing, locale)}`,
    '',
    pick(sectionNotes(report).failing, locale),
    '',
    ...(top.length === 0 ? [pick(EMPTY.failing, locale)] : table(head, ['---:', '---', '---:', '---:', '---:', '---'], rows)),
  ];
}

function completionSection(report: ClassReport, locale: Locale): string[] {
  const { days, active, series } = report.completion;
  const rows = days.flatMap((day, i) => (active[i] ? [[day, ...series.map((s) => String(s.counts[i]))]] : []));
  const head = [pick(COLUMNS.day, locale), ...series.map((s) => mdText(s.exercise))];
  return [
    `## ${pick(HEADINGS.completion, locale)}`,
    '',
    pick(sectionNotes(report).completion, locale),
    '',
    ...(rows.length === 0 ? [pick(EMPTY.completion, locale)] : table(head, ['---', ...series.map(() => '---:')], rows)),
  ];
}

function stuckSection(report: ClassReport, locale: Locale): string[] {
  const rows = report.stuck.map((s) => [
    mdText(s.student),
    `${code(s.key)} ${mdText(pick(s.title, locale))}`,
    String(s.runs),
    dayOf(s.since),
    mdText(pick(s.seen, locale)),
  ]);
  const head = [COLUMNS.student, COLUMNS.check, COLUMNS.runsInARow, COLUMNS.since, COLUMNS.latestSeen].map((t) => pick(t, locale));
  return [
    `## ${pick(HEADINGS.stuck, locale)}`,
    '',
    pick(sectionNotes(report).stuck, locale),
    '',
    ...(rows.length === 0 ? [pick(EMPTY.stuck, locale)] : table(head, ['---', '---', '---:', '---', '---'], rows)),
  ];
}

function skippedSection(report: ClassReport, locale: Locale): string[] {
  if (report.skipped.length === 0) return [];
  const { colon } = messages(locale);
  return [`## ${pick(HEADINGS.skipped, locale)}`, '', ...report.skipped.map((s) => `- ${code(s.file)}${colon}${mdText(pick(s.reason, locale))}`)];
}

export function toMarkdown(report: ClassReport, { locale = 'en' }: { locale?: Locale } = {}): string {
  const sections = [
    [`# ${pick(TITLE, locale)}`, '', ...summaryLines(report).map((line) => `- ${mdText(pick(line, locale))}`)],
    pointsSection(report, locale),
    failingSection(report, locale),
    completionSection(report, locale),
    stuckSection(report, locale),
    skippedSection(report, locale),
  ];
  return `${sections
    .filter((s) => s.length > 0)
    .map((s) => s.join('\n'))
    .join('\n\n')}\n`;
}
