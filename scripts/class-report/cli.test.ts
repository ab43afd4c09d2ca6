import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClass, writeClass } from './fake-class.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));

/** The command as npm runs it, from the repository root, without an INIT_CWD of ours leaking in. */
function classReport(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0' };
  delete env.INIT_CWD;
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
