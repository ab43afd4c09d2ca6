import { describe, expect, it } from 'vitest';
import { say } from '../../checker/src/locale.js';
import { loadManifest } from '../../checker/src/manifest.js';
import { buildReport } from './aggregate.js';
import { csvCell, toStudentsCsv } from './csv.js';
import { fakeClass, HARDEST } from './fake-class.js';
import { toHtml, totalsHistogram } from './html.js';
import { mdText, toMarkdown } from './markdown.js';
import { axis, labelEvery } from './svg.js';

const courseOrder = loadManifest().exercises.map((e) => e.id);
const cls = fakeClass();
const report = buildReport(cls.runs, {
  courseOrder,
  skipped: [{ file: 'yan.json', reason: say('unknown schemaVersion 99 (this report reads 1)', '未知的 schemaVersion 99（本报告读取的是 1）') }],
});

/** RFC 4180, as a spreadsheet reads it: quoted fields, doubled quotes, CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += ch;
  }
  return rows;
}

describe('students.csv', () => {
  const rows = parseCsv(toStudentsCsv(report.rows, report.columns));
  const [header, ...body] = rows;

  it('has a column per exercise, then total and max, and a row per student', () => {
    expect(header).toEqual(['student', 'exercise-1', 'exercise-2', 'exercise-3', 'exercise-4', 'exercise-5', 'exercise-6', 'exercise-7', 'total', 'max']);
    expect(body).toHaveLength(60);
    expect(body.every((r) => r.length === header!.length)).toBe(true);
  });

  it('totals the best run of each exercise, straight from the runs', () => {
    for (const [name, ...cells] of body) {
      const student = name!.replace(/^'/, '');
      const mine = cls.runs.filter((r) => r.student === student);
      expect(mine.length, name).toBeGreaterThan(0);
      const best = header!.slice(1, 8).map((id) => {
        const points = mine.flatMap((r) => r.report.exercises.filter((e) => e.id === id).map((e) => e.points));
        return points.length ? Math.max(...points) : undefined;
      });
      expect(cells.slice(0, 7), student).toEqual(best.map((p) => (p === undefined ? '' : String(p))));
      expect(Number(cells[7]), student).toBe(best.reduce<number>((sum, p) => sum + (p ?? 0), 0));
      expect(cells[8]).toBe('700');
    }
  });

  it('keeps names with commas and quotes whole, and never lets one start a formula', () => {
    const names = body.map((r) => r[0]);
    expect(names).toContain('Zoë, "the" tester');
    expect(names).toContain(`'=HYPERLINK("http://example.com")`);
    expect(csvCell('-1+1')).toBe("'-1+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(42)).toBe('42');
    expect(csvCell(undefined)).toBe('');
  });
});

describe('report.html', () => {
  const html = toHtml(report);

  it('draws each chart as inline SVG, four of them', () => {
    const figures = html.match(/<figure class="chart">/g) ?? [];
    expect(figures).toHaveLength(4);
    expect(html.match(/<figure class="chart"><svg [^>]*role="img"/g)).toHaveLength(4);
    expect(html.match(/<svg /g)).toHaveLength(4);
    for (const title of ['Students by total points', 'Students who passed each exercise in full', 'Checks that fail most', 'Completion over time']) {
      expect(html).toContain(`-title">${title}</title>`);
    }
    // One bar per failing check shown, one line per exercise.
    expect(html.match(/<polyline /g)).toHaveLength(7);
  });

  it('loads nothing and runs nothing', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|url\(|@import/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  });

  it('escapes names and Seen lines', () => {
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Zoë, &quot;the&quot; tester');
  });

  it('has the tables: points, failing checks with their Seen lines, completion, stuck, skipped files', () => {
    expect(html.match(/<tbody>(.*?)<\/tbody>/)![1]!.match(/<tr>/g)).toHaveLength(60);
    expect(html).toContain(`<code>${HARDEST.exercise}/${HARDEST.check}</code>`);
    expect(html).toContain(`<q>${HARDEST.seen.en}</q>`);
    for (const stuck of cls.stuck) expect(html).toContain(`<code>${stuck.key}</code>`);
    expect(html).toContain('<code>yan.json</code>: unknown schemaVersion 99');
  });

  it('links a check to its docs only over http(s)', () => {
    const forged = buildReport(cls.runs.slice(0, 5), { courseOrder });
    forged.failing = [{ ...report.failing[0]!, docs: 'javascript:alert(1)' }, { ...report.failing[1]!, docs: 'https://example.com/docs#x' }];
    const out = toHtml(forged);
    expect(out).not.toContain('javascript:');
    expect(out).toContain('<a href="https://example.com/docs#x">');
  });
});

describe('report.md', () => {
  const md = toMarkdown(report);

  it('has the tables, for a job summary', () => {
    expect(md).toMatch(/^# Shipshape class report\n\n- 60 students, \d+ runs, 2026-03-02 to 2026-03-\d\d \(1 file skipped\)\n/);
    expect(md).toContain('| Student | exercise-1 (100) | exercise-2 (100) |');
    expect(md).toContain('| # | Check | Students | Still failing | Failed runs | Most frequent Seen |');
    expect(md).toContain(`| 1 | \`${HARDEST.exercise}/${HARDEST.check}\` `);
    expect(md).toContain('| Day | exercise-1 | exercise-2 |');
    expect(md).toContain('| Student | Check | Runs in a row | Since | Latest Seen |');
    const tableRows = md.split('\n').filter((l) => l.startsWith('| '));
    expect(tableRows.every((l) => l.endsWith(' |'))).toBe(true);
    expect(md.length).toBeLessThan(1024 * 1024);
  });

  it('lists exactly the stuck students, and the skipped file', () => {
    const section = md.slice(md.indexOf('## Stuck students'), md.indexOf('## Skipped files'));
    const rows = section.split('\n').filter((l) => /^\| (?!Student|---)/.test(l));
    expect(rows).toHaveLength(cls.stuck.length);
    expect(md).toContain('- `yan.json`: unknown schemaVersion 99');
  });

  it('escapes what would become HTML, a link or a broken table', () => {
    expect(md).not.toContain('<script>');
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mdText('a | b [x](javascript:y) *z*')).toBe('a \\| b \\[x\\](javascript:y) \\*z\\*');
  });
});

/** English the report writes itself, as a zh-Hans report must not show it. */
const ENGLISH_HEADINGS = [
  'Shipshape class report',
  'Charts',
  'Points per student',
  'Checks that fail most',
  'Completion over time',
  'Stuck students',
  'Skipped files',
  'Students by total points',
  'Most frequent Seen',
  'Still failing',
  'Runs in a row',
];
const HAN = /\p{Script=Han}/u;
const hardestTitle = loadManifest().exercises.find((e) => e.id === HARDEST.exercise)!.checks.find((c) => c.id === HARDEST.check)!.title;

/**
 * What a reader of the page sees (text and tooltips, no markup or style), less what the course
 * itself says in the chosen language (course.yaml's titles, which may quote a command).
 */
function readable(html: string, locale: 'en' | 'zh-Hans'): string {
  const courseWords = loadManifest().exercises.flatMap((e) => [e.title, ...e.checks.map((c) => c.title)].map((t) => t[locale]));
  const page = html.replace(/<style>[\s\S]*?<\/style>/, '');
  const seen = [...page.matchAll(/>([^<]+)</g), ...page.matchAll(/ title="([^"]*)"/g)].map((m) => m[1]!);
  const text = seen.join('\n').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return courseWords.reduce((rest, words) => rest.split(words).join(' '), text);
}

/** Two or more English words in a row: a sentence, a heading or a label, not an id or a file name. */
const ENGLISH_WORDS = /\b[A-Za-z]{2,}(?: [A-Za-z]{2,})+\b/g;

describe('in the reader’s language', () => {
  const zhReport = buildReport(cls.runs, {
    courseOrder,
    skipped: [{ file: 'yan.json', reason: say('unknown schemaVersion 99 (this report reads 1)', '未知的 schemaVersion 99（本报告读取的是 1）') }],
  });
  const html = toHtml(zhReport, { locale: 'zh-Hans' });
  const md = toMarkdown(zhReport, { locale: 'zh-Hans' });

  it('is English unless asked, with no Chinese in it', () => {
    expect(toHtml(report)).toContain('<html lang="en">');
    expect(toHtml(report)).not.toMatch(HAN);
    expect(toMarkdown(report)).not.toMatch(HAN);
    expect(toMarkdown(report).split('\n')[0]).toBe('# Shipshape class report');
  });

  it('writes a zh-Hans page: lang, title, headings, charts, table headers and notes in Chinese', () => {
    expect(html).toContain('<html lang="zh-Hans">');
    expect(html).toContain('<title>Shipshape 全班报告</title>');
    expect(html).toContain('<h1>Shipshape 全班报告</h1>');
    expect(html.match(/<h2 id="[\w-]+">[^<]*<\/h2>/g)).toEqual([
      '<h2 id="charts">图表</h2>',
      '<h2 id="points">每个学员的得分</h2>',
      '<h2 id="failing">未通过最多的检查项</h2>',
      '<h2 id="completion">完成进度随时间的变化</h2>',
      '<h2 id="stuck">卡住的学员</h2>',
      '<h2 id="skipped">跳过的文件</h2>',
    ]);
    for (const title of ['学员总分分布', '完整通过各练习的学员人数', '未通过最多的检查项', '完成进度随时间的变化']) expect(html).toContain(`-title">${title}</title>`);
    expect(html).toContain('<th>学员</th>');
    expect(html).toContain('<th class="num">仍未通过</th>');
    expect(html).toMatch(/<li>60 名学员，\d+ 次运行，2026-03-02 至 2026-03-\d\d（跳过了 1 个文件）<\/li>/);
    expect(html).toContain('全班共 60 人');
  });

  it('quotes titles and Seen lines in Chinese, ids and file names as they are', () => {
    expect(html).toContain(`<code>${HARDEST.exercise}/${HARDEST.check}</code> ${hardestTitle['zh-Hans']}`);
    expect(html).toContain(`<q>${HARDEST.seen['zh-Hans']}</q>`);
    expect(html).not.toContain(HARDEST.seen.en);
    expect(html).toContain('<code>yan.json</code>：未知的 schemaVersion 99');
    expect(html).toContain(`<span title="${loadManifest().exercises[0]!.title['zh-Hans']}">exercise-1</span>`);
  });

  it('lets no English sentence of its own into the zh-Hans page', () => {
    for (const english of ENGLISH_HEADINGS) expect(html, english).not.toContain(english);
    for (const header of ['Student', 'Check', 'Students', 'Total', 'Max', 'Day', 'Since']) expect(html, header).not.toContain(`>${header}</th>`);
    expect(readable(html, 'zh-Hans').match(ENGLISH_WORDS)).toBeNull();
    // The same look finds the English page's own words: it would see a leak.
    expect(readable(toHtml(report), 'en').match(ENGLISH_WORDS)).toEqual(
      expect.arrayContaining(['Shipshape class report', 'Points per student', 'Checks that fail most', 'Stuck students', 'Most frequent Seen']),
    );
  });

  it('writes a zh-Hans report.md: headings, table headers, summary and notes in Chinese', () => {
    expect(md.split('\n').filter((l) => l.startsWith('#'))).toEqual([
      '# Shipshape 全班报告',
      '## 每个学员的得分',
      '## 未通过最多的检查项',
      '## 完成进度随时间的变化',
      '## 卡住的学员',
      '## 跳过的文件',
    ]);
    expect(md).toMatch(/^# Shipshape 全班报告\n\n- 60 名学员，\d+ 次运行，2026-03-02 至 2026-03-\d\d（跳过了 1 个文件）\n/);
    expect(md).toContain('| 学员 | exercise-1 (100) | exercise-2 (100) |');
    expect(md).toContain('| # | 检查项 | 学员数 | 仍未通过 | 未通过的运行次数 | 最常见的“实际”内容 |');
    expect(md).toContain(`| 1 | \`${HARDEST.exercise}/${HARDEST.check}\` `);
    expect(md).toContain(`${HARDEST.seen['zh-Hans']}（×`);
    expect(md).toContain('| 学员 | 检查项 | 连续运行次数 | 起始日期 | 最近一次的“实际”内容 |');
    expect(md).toContain('- `yan.json`：未知的 schemaVersion 99');
    for (const english of ENGLISH_HEADINGS) expect(md, english).not.toContain(english);
  });

  it('keeps students.csv in English, for the gradebook and for scripts', () => {
    expect(toStudentsCsv(zhReport.rows, zhReport.columns).split('\r\n')[0]).toMatch(/^student,exercise-1,.*,total,max$/);
  });
});

describe('chart helpers', () => {
  it('end axes on round numbers and label a long axis sparsely, first and last included', () => {
    expect([0, 3, 13, 58, 60, 61, 700].map((n) => axis(n).end)).toEqual([1, 3, 15, 60, 60, 80, 800]);
    expect(axis(58).ticks).toEqual([0, 20, 40, 60]);
    expect(axis(3).ticks).toEqual([0, 1, 2, 3]);
    expect(labelEvery(1)).toEqual([0]);
    expect(labelEvery(5)).toEqual([0, 1, 2, 3, 4]);
    const many = labelEvery(100);
    expect(many[0]).toBe(0);
    expect(many.at(-1)).toBe(99);
    expect(many.length).toBeLessThanOrEqual(9);
  });

  it('puts every student in one bucket of the totals histogram', () => {
    const buckets = totalsHistogram(report.rows);
    expect(buckets.reduce((n, b) => n + b.value, 0)).toBe(60);
    expect(buckets.at(-1)).toMatchObject({ label: '100%', value: cls.perfect.length });
  });
});
