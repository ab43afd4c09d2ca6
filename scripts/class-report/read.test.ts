import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultNames, fakeClass, writeClass } from './fake-class.js';
import { parseReport, readClass, studentOf } from './read.js';

// Folder names cannot hold a slash: the script tag gets an <img> on disk.
const names = defaultNames(60).map((n) => (n.includes('/') ? '<img src=x onerror=alert(1)>' : n));
const cls = fakeClass({ names });

describe('reading a class folder', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'class-report-read-'));
    await writeClass(dir, cls.runs);
    await mkdir(join(dir, 'zed'));
    await writeFile(join(dir, 'zed', 'results.json'), '{"schemaVersion": 1, "tool": "shipshape", "generatedAt": ');
    await writeFile(join(dir, 'yan.json'), JSON.stringify({ ...cls.runs[0]!.report, schemaVersion: 99 }));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads every run, names each by its first folder or its file, and ignores what is not JSON', async () => {
    const folder = await readClass(dir);
    expect(folder.runs).toHaveLength(cls.runs.length);
    expect(new Set(folder.runs.map((r) => r.student))).toEqual(new Set(names));
    for (const run of folder.runs) {
      const made = cls.runs.find((r) => r.file === run.file)!;
      expect(run.student, run.file).toBe(made.student);
      expect(run.at.toISOString()).toBe(made.report.generatedAt);
    }
    // The layouts the generator used: nested twice, nested once, and a file in the folder itself.
    expect(folder.runs.some((r) => /^[^/]+\/run-\d+\/results\.json$/.test(r.file))).toBe(true);
    expect(folder.runs.some((r) => /^[^/]+\/\d+\.json$/.test(r.file))).toBe(true);
    expect(folder.runs.some((r) => /^[^/]+\.json$/.test(r.file))).toBe(true);
  });

  it('skips the broken file and the unknown schema, saying which and why', async () => {
    const { skipped, files } = await readClass(dir);
    expect(files).toBe(cls.runs.length + 2);
    expect(skipped).toEqual([
      { file: 'yan.json', reason: expect.objectContaining({ en: expect.stringMatching(/^unknown schemaVersion 99 \(this report reads 1/) }) },
      { file: 'zed/results.json', reason: { en: expect.stringMatching(/^not JSON: /), 'zh-Hans': expect.stringMatching(/^不是 JSON：/) } },
    ]);
  });
});

describe('one file', () => {
  const good = JSON.stringify(cls.runs[0]!.report);

  it('is a report at schema version 1 with the fields the class report reads', () => {
    expect(parseReport(good)).toMatchObject({ ok: true });
    expect(parseReport('[]')).toEqual({ ok: false, reason: { en: 'not a Shipshape JSON report (not an object)', 'zh-Hans': '不是 Shipshape 的 JSON 报告（不是对象）' } });
    expect(parseReport('{"name": "shipshape"}')).toEqual({ ok: false, reason: expect.objectContaining({ en: 'not a Shipshape JSON report (no schemaVersion)' }) });
    const broken = JSON.parse(good);
    broken.exercises[0].checks[1].points = 'ten';
    expect(parseReport(JSON.stringify(broken))).toEqual({ ok: false, reason: expect.objectContaining({ en: expect.stringContaining('exercises.0.checks.1.points') }) });
  });

  it('belongs to the first folder under the class folder, or is named by its file', () => {
    expect(studentOf('alice/results.json')).toBe('alice');
    expect(studentOf('alice/run-3/results.json')).toBe('alice');
    expect(studentOf('bob.json')).toBe('bob');
  });
});
