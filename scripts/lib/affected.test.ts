import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadManifest, repoRoot } from '../../checker/src/manifest.js';
import { affectedExercises, changedSince } from './affected.js';

const manifest = loadManifest();
const yaml = readFileSync(`${repoRoot}course.yaml`, 'utf8');
const ids = manifest.exercises.map((e) => e.id);
const reached = (files: string[], before = yaml): string[] => [...affectedExercises(manifest, files, yaml, before).keys()];

describe('which exercises a change reaches', () => {
  it('an exercise’s own checker, scenarios or produced folders: that exercise alone', () => {
    expect(reached(['checker/exercises/exercise-7/log-lines.ts'])).toEqual(['exercise-7']);
    expect(reached(['checker/exercises/exercise-2/scenarios/careless/scenario.yaml'])).toEqual(['exercise-2']);
    expect(reached(['solutions/exercise-3/src/config.ts', 'exercises/exercise-4/README.md'])).toEqual(['exercise-3', 'exercise-4']);
  });

  it('checker code every check runs on, verify itself, packages and course images: every exercise', () => {
    for (const file of ['checker/src/verdict.ts', 'scripts/verify.ts', 'scripts/lib/scenarios.ts', 'package-lock.json', 'infra/images/Dockerfile']) {
      expect(reached([file]), file).toEqual(ids);
    }
  });

  it('code no check imports, docs and tests elsewhere: none', () => {
    expect(reached(['checker/src/doctor/facts.ts', 'checker/src/cli.ts', 'docs/intro.md', 'src/course/sidebar.ts', 'checker/src/verdict.test.ts'])).toEqual([]);
  });

  it('course.yaml: the exercises whose entries changed, or every one when the rest did', () => {
    const hint = yaml.replace('Start from the Seen line; `docker build .` in the exercise folder reproduces it. A TypeScript error in one of your three files', 'Start with the Seen line; `docker build .` in the exercise folder reproduces it. A TypeScript error in one of your three files');
    expect(hint).not.toBe(yaml);
    expect(reached([], hint)).toEqual(['exercise-7']);
    expect(reached([], `${yaml}\nextra: true\n`)).toEqual(ids);
  });

  it('says why the change is unknown when the base is not an ancestor', () => {
    expect(changedSince('0000000000000000000000000000000000000000')).toEqual({ unknown: expect.stringContaining('not a commit') });
    expect(changedSince('HEAD')).toHaveProperty('files');
  });
});
