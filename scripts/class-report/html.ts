// report.html: the class report as one page with its charts inline (svg.ts), no script and
// nothing loaded from anywhere, so it opens offline and from a downloaded artifact. Every
// name, title and Seen line comes from files a student's repository produced: all of it is
// escaped, and a link is only ever http(s).
import { dayOf, sectionNotes, summaryLines, TOP_CHECKS, type ClassReport, type FailingCheck, type StudentRow } from './aggregate.js';
import { barChart, columnChart, escapeXml as esc, lineChart, type Bar } from './svg.js';

/** The totals as a share of the maximum, in tenths; full marks get a bucket of their own. */
export function totalsHistogram(rows: readonly StudentRow[]): Bar[] {
  const buckets = Array.from({ length: 11 }, (_, i) => ({ label: i === 10 ? '100%' : `${i * 10}–${i * 10 + 9}%`, value: 0 }));
  for (const row of rows) {
    const share = row.max > 0 ? row.total / row.max : 0;
    buckets[share >= 1 ? 10 : Math.floor(share * 10)]!.value += 1;
  }
  return buckets.map((b) => ({ ...b, note: `${b.value} students with ${b.label} of the points` }));
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

function charts(report: ClassReport): string {
  const figure = (svg: string, caption: string): string => `<figure class="chart">${svg}<figcaption>${esc(caption)}</figcaption></figure>`;
  const passed = report.columns.map((c) => ({
    label: c.id,
    value: report.rows.filter((r) => r.scores.get(c.id)?.complete).length,
    note: `${c.id} · ${c.title}`,
  }));
  const failing = report.failing.slice(0, TOP_CHECKS).map((c) => ({
    label: c.key,
    value: c.students,
    note: `${c.key}: ${c.students} students, ${c.stillFailing} still failing`,
  }));
  const { days, series } = report.completion;
  const classSize = Math.max(1, report.students);
  const lines = series.map((s) => ({ name: s.exercise, values: s.counts }));
  return [
    figure(columnChart(totalsHistogram(report.rows), { id: 'totals', title: 'Students by total points' }), 'Students by their total, as a share of the maximum.'),
    figure(columnChart(passed, { id: 'passed', title: 'Students who passed each exercise in full', max: classSize }), `Out of ${report.students} students.`),
    figure(barChart(failing, { id: 'failing', title: 'Checks that fail most' }), 'Students who failed each check at least once.'),
    figure(
      lineChart(days.map((d) => d.slice(5)), lines, { id: 'completion', title: 'Completion over time', max: classSize }),
      'Students who had passed each exercise in full, by the end of each day (UTC).',
    ),
  ].join('\n');
}

function pointsTable(report: ClassReport): string {
  const head = ['Student', ...report.columns.map((c) => `<span title="${esc(c.title)}">${esc(c.id)}</span> <small>/${c.maxPoints}</small>`), 'Total', 'Max'];
  const rows = report.rows.map((r) => [
    esc(r.student),
    ...report.columns.map((c) => {
      const s = r.scores.get(c.id);
      if (!s) return '<span class="none">–</span>';
      return `<span class="${s.complete ? 'full' : 'part'}" title="${esc(`${s.file}, ${dayOf(s.at)}`)}">${s.points}</span>`;
    }),
    `<strong>${r.total}</strong>`,
    String(r.max),
  ]);
  return tableHtml(head, rows, range(1, report.columns.length + 3));
}

function seenList(check: FailingCheck): string {
  return `<ul class="seen">${check.seen.map((s) => `<li><q>${esc(s.text)}</q> <small>×${s.runs}</small></li>`).join('')}</ul>`;
}

function failingTable(report: ClassReport): string {
  const top = report.failing.slice(0, TOP_CHECKS);
  if (top.length === 0) return '<p>No check failed.</p>';
  const rows = top.map((c, i) => [String(i + 1), checkCell(c.key, c.title, c.docs), String(c.students), String(c.stillFailing), String(c.runs), seenList(c)]);
  return tableHtml(['#', 'Check', 'Students', 'Still failing', 'Failed runs', 'Most frequent Seen'], rows, new Set([0, 2, 3, 4]));
}

function completionTable(report: ClassReport): string {
  const { days, active, series } = report.completion;
  const rows = days.flatMap((day, i) => (active[i] ? [[day, ...series.map((s) => String(s.counts[i]))]] : []));
  if (rows.length === 0) return '<p>No runs.</p>';
  return tableHtml(['Day', ...series.map((s) => esc(s.exercise))], rows, range(1, series.length + 1));
}

function stuckTable(report: ClassReport): string {
  if (report.stuck.length === 0) return '<p>Nobody.</p>';
  const rows = report.stuck.map((s) => [esc(s.student), checkCell(s.key, s.title, undefined), String(s.runs), dayOf(s.since), `<q>${esc(s.seen)}</q>`]);
  return tableHtml(['Student', 'Check', 'Runs in a row', 'Since', 'Latest Seen'], rows, new Set([2]));
}

function skippedList(report: ClassReport): string {
  if (report.skipped.length === 0) return '';
  const items = report.skipped.map((s) => `<li><code>${esc(s.file)}</code>: ${esc(s.reason)}</li>`);
  return `<section><h2 id="skipped">Skipped files</h2><ul>${items.join('')}</ul></section>`;
}

const section = (id: string, title: string, note: string, body: string): string =>
  `<section><h2 id="${id}">${title}</h2><p class="note">${esc(note)}</p>${body}</section>`;

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

export function toHtml(report: ClassReport): string {
  const summary = summaryLines(report).map((line) => `<li>${esc(line)}</li>`);
  const notes = sectionNotes(report);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Shipshape class report</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Shipshape class report</h1>
<ul class="summary">${summary.join('')}</ul>
<section><h2 id="charts">Charts</h2><div class="charts">
${charts(report)}
</div></section>
${section('points', 'Points per student', notes.points, pointsTable(report))}
${section('failing', 'Checks that fail most', notes.failing, failingTable(report))}
${section('completion', 'Completion over time', notes.completion, completionTable(report))}
${section('stuck', 'Stuck students', notes.stuck, stuckTable(report))}
${skippedList(report)}
</body>
</html>
`;
}
