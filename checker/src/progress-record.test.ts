import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RECORD_NOTE, emptyRecord, loadRecord, recordFile, runKind, saveRecord, updateRecord, withHintShown, withRun } from './progress-record.js';
import { sampleRun } from './report/fixtures.js';

let root = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'shipshape-record-'));
  for (const tree of ['exercises', 'solutions']) await mkdir(join(root, tree, 'exercise-1'), { recursive: true });
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('progress record', () => {
  it('tells the learner’s own folder from a solution or any other folder', async () => {
    expect(runKind('exercise-1', join(root, 'exercises', 'exercise-1'), root)).toBe('learner');
    expect(runKind('exercise-1', join(root, 'exercises', 'exercise-1') + '/', root)).toBe('learner');
    expect(runKind('exercise-1', join(root, 'solutions', 'exercise-1'), root)).toBe('solution');
    expect(runKind('exercise-1', join(root, 'elsewhere'), root)).toBe('other');
    // --dir pointing at the learner's folder through a symlink is still the learner's run.
    await symlink(join(root, 'exercises'), join(root, 'link'));
    expect(runKind('exercise-1', join(root, 'link', 'exercise-1'), root)).toBe('learner');
  });

  it('keeps the last run of each kind, with time, folder, per-check status and points', () => {
    const now = new Date('2026-11-24T10:00:00Z');
    const learner = withRun(emptyRecord(), sampleRun({ dir: join(root, 'exercises', 'exercise-1') }), { now, root });
    const both = withRun(learner, sampleRun({ dir: join(root, 'solutions', 'exercise-1') }), { now, root });
    const runs = both.exercises['exercise-1']!.runs;
    expect(runs.learner).toMatchObject({ at: '2026-11-24T10:00:00.000Z', dir: 'exercises/exercise-1', points: 5, maxPoints: 50, internalErrors: 0 });
    expect(runs.learner!.checks).toEqual({
      dockerignore: { status: 'passed', points: 5, maxPoints: 5 },
      'image-builds': { status: 'failed', points: 0, maxPoints: 15 },
      'non-root': { status: 'failed', points: 0, maxPoints: 10, blockedBy: 'image-builds' },
      healthcheck: { status: 'error', points: 0, maxPoints: 10 },
      'layer-cache': { status: 'skipped', points: 0, maxPoints: 10 },
    });
    expect(runs.solution?.dir).toBe('solutions/exercise-1');
    const other = withRun(both, sampleRun({ dir: '/srv/grading/student-7' }), { now, root });
    expect(other.exercises['exercise-1']!.runs.other?.dir).toBe('/srv/grading/student-7');
    expect(other.exercises['exercise-1']!.runs.learner).toEqual(runs.learner);
  });

  it('counts hints per check, and a new run keeps the count', () => {
    let rec = withHintShown(emptyRecord(), 'exercise-1', 'image-builds');
    rec = withHintShown(rec, 'exercise-1', 'image-builds');
    rec = withRun(rec, sampleRun({ dir: join(root, 'exercises', 'exercise-1') }), { root });
    expect(rec.exercises['exercise-1']!.hintsShown).toEqual({ 'image-builds': 2 });
  });

  it('writes JSON that starts with a do-not-edit note and reads it back', async () => {
    const file = join(root, '.shipshape', 'progress.json');
    const rec = withHintShown(withRun(emptyRecord(), sampleRun(), { root }), 'exercise-1', 'dockerignore');
    await saveRecord(rec, file);
    const text = await readFile(file, 'utf8');
    expect(text.startsWith(`{\n  "_note": ${JSON.stringify(RECORD_NOTE)}`)).toBe(true);
    expect(RECORD_NOTE).toMatch(/^DON'T EDIT/);
    expect((await loadRecord(file)).record).toEqual(rec);
    expect(await readdir(join(root, '.shipshape'))).toEqual(['progress.json']); // the temp file was renamed away
  });

  it('starts empty when there is no file, and sets an unreadable one aside', async () => {
    const file = join(root, 'progress.json');
    expect(await loadRecord(file)).toEqual({ record: emptyRecord() });
    await writeFile(file, '{ "schemaVersion": 1, "exercises": { oops');
    const loaded = await loadRecord(file);
    expect(loaded.record).toEqual(emptyRecord());
    expect(loaded.setAside).toMatch(/progress\.json\.unreadable-/);
    expect(await readFile(loaded.setAside!, 'utf8')).toContain('oops');
  });

  it('updates in one step and can be moved by SHIPSHAPE_PROGRESS_FILE', async () => {
    const file = join(root, 'p.json');
    await updateRecord((r) => withHintShown(r, 'exercise-1', 'a'), file);
    const { record } = await updateRecord((r) => withHintShown(r, 'exercise-1', 'a'), file);
    expect(record.exercises['exercise-1']!.hintsShown.a).toBe(2);
    expect(recordFile({ SHIPSHAPE_PROGRESS_FILE: file })).toBe(file);
    expect(recordFile({})).toMatch(/\.shipshape[/\\]progress\.json$/);
  });
});
