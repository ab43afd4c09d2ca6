import { XMLValidator } from 'fast-xml-parser';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleRun } from './fixtures.js';
import { writeReports } from './write.js';

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('writeReports', () => {
  it('writes the JSON, JUnit and step summary a run asked for, and nothing else', async () => {
    dir = await mkdtemp(join(tmpdir(), 'shipshape-reports-'));
    const json = join(dir, 'out', 'results.json');
    const junit = join(dir, 'out', 'results.xml');
    const summary = join(dir, 'summary.md');
    const written = await writeReports([sampleRun()], { json, junit, locale: 'en', env: { GITHUB_STEP_SUMMARY: summary } });
    expect(written).toEqual([json, junit, summary]);
    expect(JSON.parse(await readFile(json, 'utf8')).schemaVersion).toBe(1);
    expect(XMLValidator.validate(await readFile(junit, 'utf8'))).toBe(true);
    expect(await readFile(summary, 'utf8')).toContain('| Check | Result | Points |');
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(['results.json', 'results.xml']); // no temp files left
  });

  it('writes nothing outside GitHub Actions when no file was asked for', async () => {
    expect(await writeReports([sampleRun()], { locale: 'en', env: {} })).toEqual([]);
  });
});
