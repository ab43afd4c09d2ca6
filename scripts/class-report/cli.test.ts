import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClass, writeClass } from './fake-class.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));

type Result = { code: number | null; stdout: string; stderr: string };

/** The command as npm runs it, from the repository root, on a machine with no language set (English). */
function classReport(...args: string[]): Promise<Result> {
  return classReportIn({}, ...args);
}

/**
 * The same in a shell whose language variables are `lang`, and only those: neither an INIT_CWD
 * nor the language of the machine running the tests leaks in.
 */
function classReportIn(lang: NodeJS.ProcessEnv, ...args: string[]): Promise<Result> {
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0' };
  for (const name of ['INIT_CWD', 'SHIPSHAPE_LANG', 'LC_ALL', 'LC_MESSAGES', 'LANG']) delete env[name];
  Object.assign(env, lang);
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/class-report.ts', ...args], { cwd: repo, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

// Each run starts Node and tsx: seconds apiece, more on a machine busy with Docker.
describe('npm run class-report', { timeout: 120_000 }, () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'class-report-cli-'));
    const names = Array.from({ length: 12 }, (_, i) => `s${i + 1}`);
    await writeClass(join(root, 'results'), fakeClass({ seed: 7, names }).runs);
    await writeFile(join(root, 'results', 'broken.json'), 'not json at all');
    await mkdir(join(root, 'empty'));
    await mkdir(join(root, 'junk'));
    await writeFile(join(root, 'junk', 'notes.json'), '{"schemaVersion": 99}');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('writes the three files beside the folder, says where, and sums up in three lines', async () => {
    const res = await classReport(join(root, 'results'));
    expect(res.stderr).toContain(`skipped ${join(root, 'results', 'broken.json')}: not JSON`);
    expect(res.code).toBe(0);
    const out = join(root, 'class-report');
    for (const file of ['students.csv', 'report.md', 'report.html']) expect(existsSync(join(out, file)), file).toBe(true);
    const lines = res.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`Wrote the class report to ${out}: students.csv, report.md, report.html`);
    expect(lines.slice(1)).toHaveLength(3);
    expect(lines[1]).toMatch(/^ {2}12 students, \d+ runs, 2026-03-\d\d to 2026-03-\d\d \(1 file skipped\)$/);
    expect((await readFile(join(out, 'students.csv'), 'utf8')).split('\r\n')[0]).toMatch(/^student,exercise-1,.*,total,max$/);
  });

  it('takes --out and --stuck', async () => {
    const out = join(root, 'elsewhere');
    const res = await classReport(join(root, 'results'), '--out', out, '--stuck', '2');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('stuck on one check for 2+ runs');
    expect(await readFile(join(out, 'report.md'), 'utf8')).toContain('latest 2 or more runs');
  });

  it('speaks Chinese where the checker would, --lang winning over the environment; students.csv stays English', async () => {
    const results = join(root, 'results');
    const [system, forcedEn, forcedZh] = await Promise.all([
      classReportIn({ LANG: 'zh_CN.UTF-8' }, results, '--out', join(root, 'zh-system')),
      classReportIn({ SHIPSHAPE_LANG: 'zh-Hans', LANG: 'zh_CN.UTF-8' }, results, '--out', join(root, 'en-forced'), '--lang', 'en'),
      classReportIn({ SHIPSHAPE_LANG: 'en' }, '--lang', 'zh-Hans', results, '--out', join(root, 'zh-forced')),
    ]);
    expect(system.code).toBe(0);
    expect(system.stderr).toContain(`已跳过 ${join(results, 'broken.json')}：不是 JSON：`);
    const lines = system.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`全班报告已写入 ${join(root, 'zh-system')}：students.csv、report.md、report.html`);
    expect(lines[1]).toMatch(/^ {2}12 名学员，\d+ 次运行，2026-03-\d\d 至 2026-03-\d\d（跳过了 1 个文件）$/);
    expect(lines[3]).toMatch(/名学员连续 3 次及以上运行卡在同一个检查项上$/);
    for (const [res, out] of [[system, 'zh-system'], [forcedZh, 'zh-forced']] as const) {
      expect(res.code).toBe(0);
      const html = await readFile(join(root, out, 'report.html'), 'utf8');
      expect(html).toContain('<html lang="zh-Hans">');
      expect(html).toContain('<h2 id="points">每个学员的得分</h2>');
      expect(html).not.toContain('Points per student');
      expect((await readFile(join(root, out, 'report.md'), 'utf8')).split('\n')[0]).toBe('# Shipshape 全班报告');
      expect((await readFile(join(root, out, 'students.csv'), 'utf8')).split('\r\n')[0]).toMatch(/^student,exercise-1,.*,total,max$/);
    }
    expect(forcedEn.code).toBe(0);
    expect(forcedEn.stdout).toMatch(/^Wrote the class report to /);
    expect(await readFile(join(root, 'en-forced', 'report.html'), 'utf8')).toContain('<html lang="en">');
  });

  it('explains itself in the language asked for, and names the languages --lang takes', async () => {
    const [helpZh, helpEn, unknownZh, badLang] = await Promise.all([
      classReportIn({ LANG: 'zh_CN.UTF-8' }, '--help'),
      classReportIn({ LANG: 'zh_CN.UTF-8' }, '--help', '--lang', 'en'),
      classReportIn({}, '--lang', 'zh-Hans', '--verbose', join(root, 'results')),
      classReportIn({}, '--lang', 'fr', join(root, 'results')),
    ]);
    expect(helpZh.code).toBe(0);
    expect(helpZh.stdout).toMatch(/^用法：npm run class-report -- DIR .*\[--lang en\|zh-Hans\]/);
    expect(helpZh.stdout).toContain('--lang L      报告的语言');
    expect(helpEn.stdout).toMatch(/^Usage: npm run class-report -- DIR .*\[--lang en\|zh-Hans\]/);
    expect(helpEn.stdout).toContain("--lang L      the report's language, en or zh-Hans");
    expect(unknownZh.code).toBe(2);
    expect(unknownZh.stderr).toMatch(/Unknown option '--verbose'[\s\S]*用法：npm run class-report/);
    expect(badLang.code).toBe(2);
    expect(badLang.stderr).toContain('--lang takes en or zh-Hans (got "fr").');
  });

  it('exits 2, saying why, for a folder that does not exist, holds nothing, or holds no report, and for bad options', async () => {
    const [missing, empty, junk, usage, unknown] = await Promise.all([
      classReport(join(root, 'nope')),
      classReport(join(root, 'empty')),
      classReport(join(root, 'junk')),
      classReport('--stuck', 'x', join(root, 'results')),
      classReport('--verbose', join(root, 'results')),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`No such folder: ${join(root, 'nope')}`);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('it holds no .json file');
    expect(junk.code).toBe(2);
    expect(junk.stderr).toContain('notes.json: unknown schemaVersion 99');
    expect(junk.stderr).toContain('no .json file in it is a Shipshape JSON report (1 skipped, see above)');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--stuck takes a whole number');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--verbose'[\s\S]*Usage: npm run class-report/);
  });
});
