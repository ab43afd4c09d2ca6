// report.html: the class report as one page with its charts inline (svg.ts), no script and
// nothing loaded from anywhere, so it opens offline and from a downloaded artifact. Every
// name, title and Seen line comes from files a student's repository produced: all of it is
// escaped, and a link is only ever http(s). In the reader's language (words.ts), <html lang> included.
import { pick, say } from '../../checker/src/locale.js';
import type { Locale, Text } from '../../checker/src/manifest.js';
import { messages } from '../../checker/src/messages.js';
import { dayOf, TOP_CHECKS, type ClassReport, type FailingCheck, type StudentRow } from './aggregate.js';
import { barChart, columnChart, escapeXml as esc, lineChart, type Bar } from './svg.js';
import { COLUMNS, EMPTY, HEADINGS, scoreSource, sectionNotes, summaryLines, TITLE } from './words.js';

/** The totals as a share of the maximum, in tenths; full marks get a bucket of their own. */
export function totalsHistogram(rows: readonly StudentRow[], locale: Locale = 'en'): Bar[] {
  const buckets = Array.from({ length: 11 }, (_, i) => ({ label: i === 10 ? '100%' : `${i * 10}–${i * 10 + 9}%`, value: 0 }));
  for (const row of rows) {
    const share = row.max > 0 ? row.total / row.max : 0;
    buckets[share >= 1 ? 10 : Math.floor(share * 10)]!.value += 1;
  }
  return buckets.map((b) => ({
    ...b,
    note: pick(say(`${b.value} students with ${b.label} of the points`, `得分占满分 ${b.label} 的学员：${b.value} 名`), locale),
  }));
}

const safeLink = (url: string | undefined): string | undefined => (url && /^https?:\/\//i.test(url) ? url : undefined);

function checkCell(key: string, title: string, docs: string | undefined): string {
  const link = safeLink(docs);
  const label = `<code>${esc(key)}</code>`;
  return `${link ? `<a href="${esc(link)}">${label}</a>` : label} ${esc(title)}`;
}

function tableHtml(head: string[], rows: string[][], numeric: ReadonlySet<number> = new Set()): string {
  const th = head.map((h, i) => `<th${numeric.has(i) ? ' class="num"' : ''}>${h}</th>`).join('');
  const trs = rows.map((cells) => `<tr>${cells.map((c, i) => `<td${numeric.has(i) ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`);
  return `<table><thead><tr>${th}</tr></thead><tbody>${trs.join('')}</tbody></table>`;
}

const range = (from: number, to: number): Set<number> => new Set(Array.from({ length: to - from }, (_, i) => from + i));

/** The charts' titles and captions; the completion chart shares its title with its section. */
const CHARTS = {
  totals: say('Students by total points', '学员总分分布'),
  totalsCaption: say('Students by their total, as a share of the maximum.', '按总分占满分的比例统计的学员人数。'),
  passed: say('Students who passed each exercise in full', '完整通过各练习的学员人数'),
  passedCaption: (students: number) => say(`Out of ${students} students.`, `全班共 ${students} 名学员。`),
  failing: HEADINGS.failing,
  failingCaption: say('Students who failed each check at least once.', '每个检查项至少未通过过一次的学员人数。'),
  completion: HEADINGS.completion,
  completionCaption: say(
    'Students who had passed each exercise in full, by the end of each day (UTC).',
    '截至每天结束时（UTC）已完整通过各练习的学员人数。',
  ),
};

function charts(report: ClassReport, locale: Locale): string {
  const figure = (svg: string, caption: string): string => `<figure class="chart">${svg}<figcaption>${esc(caption)}</figcaption></figure>`;
  const passed = report.columns.map((c) => ({
    label: c.id,
    value: report.rows.filter((r) => r.scores.get(c.id)?.complete).length,
    note: `${c.id} · ${pick(c.title, locale)}`,
  }));
  const failing = report.failing.slice(0, TOP_CHECKS).map((c) => ({
    label: c.key,
    value: c.students,
    note: pick(
      say(`${c.key}: ${c.students} students, ${c.stillFailing} still failing`, `${c.key}：${c.students} 名学员，其中 ${c.stillFailing} 名仍未通过`),
      locale,
    ),
  }));
  const { days, series } = report.completion;
  const classSize = Math.max(1, report.students);
  const lines = series.map((s) => ({ name: s.exercise, values: s.counts }));
  const the = (text: Text): string => pick(text, locale);
  return [
    figure(columnChart(totalsHistogram(report.rows, locale), { id: 'totals', title: the(CHARTS.totals) }), the(CHARTS.totalsCaption)),
    figure(columnChart(passed, { id: 'passed', title: the(CHARTS.passed), max: classSize }), the(CHARTS.passedCaption(report.students))),
    figure(barChart(failing, { id: 'failing', title: the(CHARTS.failing) }), the(CHARTS.failingCaption)),
    figure(
      lineChart(days.map((d) => d.slice(5)), lines, { id: 'completion', title: the(CHARTS.completion), max: classSize }),
      the(CHARTS.completionCaption),
    ),
  ].join('\n');
}

function pointsTable(report: ClassReport, locale: Locale): string {
  const head = [
    esc(pick(COLUMNS.student, locale)),
    ...report.columns.map((c) => `<span title="${esc(pick(c.title, locale))}">${esc(c.id)}</span> <small>/${c.maxPoints}</small>`),
    esc(pick(COLUMNS.total, locale)),
    esc(pick(COLUMNS.max, locale)),
  ];
  const rows = report.rows.map((r) => [
    esc(r.student),
    ...report.columns.map((c) => {
      const s = r.scores.get(c.id);
      if (!s) return '<span class="none">–</span>';
      return `<span class="${s.complete ? 'full' : 'part'}" title="${esc(pick(scoreSource(s.file, dayOf(s.at)), locale))}">${s.points}</span>`;
    }),
    `<strong>${r.total}</strong>`,
    String(r.max),
  ]);
  return tableHtml(head, rows, range(1, report.columns.length + 3));
}

function seenList(check: FailingCheck, locale: Locale): string {
  return `<ul class="seen">${check.seen.map((s) => `<li><q>${esc(pick(s.text, locale))}</q> <small>×${s.runs}</small></li>`).join('')}</ul>`;
}

const heads = (locale: Locale, ...texts: Text[]): string[] => texts.map((t) => esc(pick(t, locale)));
const paragraph = (text: Text, locale: Locale): string => `<p>${esc(pick(text, locale))}</p>`;

function failingTable(report: ClassReport, locale: Locale): string {
  const top = report.failing.slice(0, TOP_CHECKS);
  if (top.length === 0) return paragraph(EMPTY.failing, locale);
  const rows = top.map((c, i) => [
    String(i + 1),
    checkCell(c.key, pick(c.title, locale), c.docs),
    String(c.students),
    String(c.stillFailing),
    String(c.runs),
    seenList(c, locale),
  ]);
  const head = ['#', ...heads(locale, COLUMNS.check, COLUMNS.students, COLUMNS.stillFailing, COLUMNS.failedRuns, COLUMNS.mostSeen)];
  return tableHtml(head, rows, new Set([0, 2, 3, 4]));
}

function completionTable(report: ClassReport, locale: Locale): string {
  const { days, active, series } = report.completion;
  const rows = days.flatMap((day, i) => (active[i] ? [[day, ...series.map((s) => String(s.counts[i]))]] : []));
  if (rows.length === 0) return paragraph(EMPTY.completion, locale);
  return tableHtml([...heads(locale, COLUMNS.day), ...series.map((s) => esc(s.exercise))], rows, range(1, series.length + 1));
}

function stuckTable(report: ClassReport, locale: Locale): string {
  if (report.stuck.length === 0) return paragraph(EMPTY.stuck, locale);
  const rows = report.stuck.map((s) => [
    esc(s.student),
    checkCell(s.key, pick(s.title, locale), undefined),
    String(s.runs),
    dayOf(s.since),
    `<q>${esc(pick(s.seen, locale))}</q>`,
  ]);
  return tableHtml(heads(locale, COLUMNS.student, COLUMNS.check, COLUMNS.runsInARow, COLUMNS.since, COLUMNS.latestSeen), rows, new Set([2]));
}

function skippedList(report: ClassReport, locale: Locale): string {
  if (report.skipped.length === 0) return '';
  const { colon } = messages(locale);
  const items = report.skipped.map((s) => `<li><code>${esc(s.file)}</code>${colon}${esc(pick(s.reason, locale))}</li>`);
  return `<section><h2 id="skipped">${esc(pick(HEADINGS.skipped, locale))}</h2><ul>${items.join('')}</ul></section>`;
}

const section = (id: string, title: string, note: string, body: string): string =>
  `<section><h2 id="${id}">${esc(title)}</h2><p class="note">${esc(note)}</p>${body}</section>`;

const STYLE = `
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif; color: #1c1e21; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; }
h1 { margin-bottom: .25rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ddd; padding-bottom: .25rem; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 14px; } th, td { border: 1px solid #ddd; padding: .3rem .6rem; vertical-align: top; text-align: left; }
th { background: #f4f5f7; } td.num, th.num { text-align: right; } tbody tr:nth-child(even) { background: #fafbfc; }
.full { color: #0b6e3b; font-weight: 600; } .full::after { content: " ✓"; } .part { color: #9a4b00; } .none { color: #999; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1.5rem; }
figure.chart { margin: 0; } figure.chart svg { max-width: 100%; height: auto; } figcaption { color: #555; font-size: 13px; }
svg text { font: 11px system-ui, sans-serif; fill: #333; } svg text.value { fill: #111; font-weight: 600; } svg .grid { stroke: #e3e3e3; }
ul.seen { margin: 0; padding-left: 1rem; } q { font-family: ui-monospace, monospace; font-size: 13px; } .note { color: #555; }
`;

export function toHtml(report: ClassReport, { locale = 'en' }: { locale?: Locale } = {}): string {
  const the = (text: Text): string => pick(text, locale);
  const summary = summaryLines(report).map((line) => `<li>${esc(the(line))}</li>`);
  const notes = sectionNotes(report);
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(the(TITLE))}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${esc(the(TITLE))}</h1>
<ul class="summary">${summary.join('')}</ul>
<section><h2 id="charts">${esc(the(HEADINGS.charts))}</h2><div class="charts">
${charts(report, locale)}
</div></section>
${section('points', the(HEADINGS.points), the(notes.points), pointsTable(report, locale))}
${section('failing', the(HEADINGS.failing), the(notes.failing), failingTable(report, locale))}
${section('completion', the(HEADINGS.completion), the(notes.completion), completionTable(report, locale))}
${section('stuck', the(HEADINGS.stuck), the(notes.stuck), stuckTable(report, locale))}
${skippedList(report, locale)}
</body>
</html>
`;
}
