#!/usr/bin/env tsx
// npm run class-report -- DIR [--out FOLDER] [--stuck N] [--lang en|zh-Hans]: the instructor's
// report for a whole class, from a folder of the checker's JSON reports (the grading workflow's
// results.json). Writes students.csv, report.md and report.html. Exits 2 when there is nothing
// to report on; files it cannot read are named on stderr and left out, and the exit code stays 0.
// It speaks the language the checker would (detectLocale: SHIPSHAPE_LANG, then the system
// locale), unless --lang says otherwise; students.csv's column names stay English.
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chalk } from 'zx';
import { detectLocale, pick, say } from '../checker/src/locale.js';
import { loadManifest, locales, type Locale, type Text } from '../checker/src/manifest.js';
import { buildReport, dedupe, DEFAULT_STUCK, type Skipped } from './class-report/aggregate.js';
import { toStudentsCsv } from './class-report/csv.js';
import { toHtml } from './class-report/html.js';
import { toMarkdown } from './class-report/markdown.js';
import { readClass } from './class-report/read.js';
import { summaryLines } from './class-report/words.js';

const usage = say(
  `Usage: npm run class-report -- DIR [--out FOLDER] [--stuck N] [--lang en|zh-Hans]

  DIR           a folder of the checker's JSON reports (results.json), at any depth: the
                student is the first folder under DIR (DIR/alice/run-3/results.json), or the
                file's name when it lies in DIR itself (DIR/bob.json)
  --out FOLDER  where to write students.csv, report.md and report.html
                (default: class-report/ beside DIR)
  --stuck N     call a student stuck after N runs in a row failing the same check (default ${DEFAULT_STUCK})
  --lang L      the report's language, en or zh-Hans (default: the checker's, from SHIPSHAPE_LANG,
                else LC_ALL, LC_MESSAGES or LANG: zh_CN.UTF-8 and the like mean zh-Hans)`,
  `用法：npm run class-report -- DIR [--out FOLDER] [--stuck N] [--lang en|zh-Hans]

  DIR           存放检查器 JSON 报告（results.json）的目录，嵌套多少层都可以：学员名取 DIR
                下面第一层子目录的名字（DIR/alice/run-3/results.json）；文件直接放在 DIR 里时，
                取文件名（DIR/bob.json）
  --out FOLDER  students.csv、report.md 和 report.html 的输出目录
                （默认：DIR 旁边的 class-report/）
  --stuck N     连续 N 次运行未通过同一个检查项，就算这个学员卡住了（默认 ${DEFAULT_STUCK}）
  --lang L      报告的语言，en 或 zh-Hans（默认与检查器相同：先看 SHIPSHAPE_LANG，
                再看 LC_ALL、LC_MESSAGES 或 LANG，zh_CN.UTF-8 之类表示 zh-Hans）`,
);

/** The language named on the command line, when it is one the course speaks. */
const asLocale = (value: unknown): Locale | undefined => locales.find((l) => l === value);

// Before the options are checked, so that even a mistake in them is explained in the language asked for.
const early = parseArgs({ strict: false, allowPositionals: true, options: { lang: { type: 'string' } } }).values.lang;
let locale: Locale = asLocale(early) ?? detectLocale();
const the = (text: Text): string => pick(text, locale);

function die(message: Text): never {
  console.error(the(message));
  process.exit(2);
}

// npm runs scripts from the repository root; paths the instructor typed are relative to where they typed them.
const cwd = process.env.INIT_CWD ?? process.cwd();

/** A path as the instructor can find it from where they are. */
function shown(path: string): string {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

function parseOrExplain() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        stuck: { type: 'string' },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    // An unknown option or a missing value: node's own sentence (English), then the usage, not a stack trace.
    console.error(`${(err as Error).message}\n\n${the(usage)}`);
    process.exit(2);
  }
}

function parseCommandLine(): { dir: string; out: string; stuck: number } {
  const { values, positionals } = parseOrExplain();
  if (values.lang !== undefined) {
    const chosen = asLocale(values.lang);
    if (!chosen) die(say(`--lang takes en or zh-Hans (got "${values.lang}").`, `--lang 只接受 en 或 zh-Hans（收到的是 "${values.lang}"）。`));
    locale = chosen;
  }
  if (values.help) {
    console.log(the(usage));
    process.exit(0);
  }
  if (positionals.length !== 1) die(usage);
  const stuck = Number(values.stuck ?? DEFAULT_STUCK);
  if (!Number.isInteger(stuck) || stuck < 1) {
    die(say(`--stuck takes a whole number of runs, 1 or more (got "${values.stuck}").`, `--stuck 需要一个整数，表示运行次数，至少为 1（收到的是 "${values.stuck}"）。`));
  }
  const dir = resolve(cwd, positionals[0]!);
  return { dir, out: values.out ? resolve(cwd, values.out) : resolve(dir, '..', 'class-report'), stuck };
}

async function requireFolder(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  const where = shown(dir);
  if (!info) {
    die(say(`No such folder: ${where}. Give the folder where you downloaded the students' results.json files.`, `没有这个目录：${where}。请给出你下载学员 results.json 文件的那个目录。`));
  }
  if (!info.isDirectory()) die(say(`${where} is a file; give the folder that holds the results.json files.`, `${where} 是一个文件；请给出存放 results.json 文件的目录。`));
}

function warn(skipped: readonly Skipped[], dir: string): void {
  for (const s of skipped) {
    const file = join(shown(dir), s.file);
    console.error(chalk.yellow(the(say(`skipped ${file}: ${s.reason.en}`, `已跳过 ${file}：${s.reason['zh-Hans']}`))));
  }
}

const { dir, out, stuck } = parseCommandLine();
await requireFolder(dir);
const where = shown(dir);
const folder = await readClass(dir).catch((err: Error) => die(say(`Could not read ${where}: ${err.message}`, `无法读取 ${where}：${err.message}`)));
const { runs, duplicates } = dedupe(folder.runs);
warn([...folder.skipped, ...duplicates], dir);
if (folder.files === 0) {
  die(say(`No results in ${where}: it holds no .json file. Download the shipshape-results artifacts into it first.`, `${where} 里没有结果：其中没有任何 .json 文件。请先把 shipshape-results 工件下载到这个目录里。`));
}
if (runs.length === 0) {
  const n = folder.skipped.length;
  die(
    say(
      `No results in ${where}: no .json file in it is a Shipshape JSON report (${n} skipped, see above).`,
      `${where} 里没有结果：其中没有一个 .json 文件是 Shipshape 的 JSON 报告（跳过了 ${n} 个，见上文）。`,
    ),
  );
}

const report = buildReport(runs, {
  courseOrder: loadManifest().exercises.map((e) => e.id),
  stuckThreshold: stuck,
  skipped: [...folder.skipped, ...duplicates],
});
await mkdir(out, { recursive: true });
await writeFile(join(out, 'students.csv'), toStudentsCsv(report.rows, report.columns));
await writeFile(join(out, 'report.md'), toMarkdown(report, { locale }));
await writeFile(join(out, 'report.html'), toHtml(report, { locale }));

const written = chalk.bold(shown(out));
console.log(the(say(`Wrote the class report to ${written}: students.csv, report.md, report.html`, `全班报告已写入 ${written}：students.csv、report.md、report.html`)));
for (const line of summaryLines(report)) console.log(`  ${the(line)}`);
