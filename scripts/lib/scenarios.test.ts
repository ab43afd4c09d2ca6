import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../checker/src/manifest.js';
import { applyEdit, loadScenarios, materialize } from './scenarios.js';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

describe('applyEdit', () => {
  it('replaces the one occurrence', () => {
    expect(applyEdit('FROM a\nCMD x\n', { find: 'CMD x\n', replace: '' }, 't')).toBe('FROM a\n');
  });

  it('refuses a find that is missing or ambiguous, so a drifted scenario fails loudly', () => {
    expect(() => applyEdit('FROM a\n', { find: 'CMD', replace: '' }, 'no-cmd: Dockerfile')).toThrow(/no-cmd: Dockerfile: no "CMD"/);
    expect(() => applyEdit('RUN a\nRUN a\n', { find: 'RUN a', replace: '' }, 't')).toThrow(/more than once/);
  });
});

describe('scenarios', () => {
  it('every scenario of every exercise loads and materializes (its edits still apply)', async () => {
    for (const exercise of loadManifest().exercises) {
      for (const scenario of await loadScenarios(exercise)) {
        const dir = await materialize(exercise, scenario);
        try {
          for (const edit of scenario.edits) expect(await readFile(join(dir, edit.file), 'utf8')).toContain(edit.replace);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }
    }
  });
});

describe('what a shared change runs', () => {
  it('every exercise marks one scenario to run when only shared code changed, and only one (the budget)', async () => {
    for (const exercise of loadManifest().exercises) {
      const marked = (await loadScenarios(exercise)).filter((s) => s.onSharedChange).map((s) => s.name);
      expect(marked, exercise.id).toHaveLength(1);
    }
  });
});
