import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadManifest, repoRoot } from '../../checker/src/manifest.js';
import { affectedExercises, changedSince } from './affected.js';

const manifest = loadManifest();
const yaml = readFileSync(`${repoRoot}course.yaml`, 'utf8');
const ids = manifest.exercises.map((e) => e.id);
const reached = (files: string[], before = yaml): string[] => [...affectedExercises(manifest, files, yaml, before).keys()];
/** The exercises a change reaches only through what most of them share. */
const sharedOnly = (files: string[]): string[] => [...affectedExercises(manifest, files, yaml, yaml)].filter(([, r]) => r.shared).map(([id]) => id);

describe('which exercises a change reaches', () => {
  it('an exercise’s own checker, scenarios or produced folders: that exercise alone', () => {
    expect(reached(['checker/exercises/exercise-7/log-lines.ts'])).toEqual(['exercise-7']);
    expect(reached(['checker/exercises/exercise-2/scenarios/careless/scenario.yaml'])).toEqual(['exercise-2']);
    expect(sharedOnly(['checker/exercises/exercise-7/log-lines.ts', 'solutions/exercise-3/src/config.ts'])).toEqual([]);
    expect(reached(['solutions/exercise-3/src/config.ts', 'exercises/exercise-4/README.md'])).toEqual(['exercise-3', 'exercise-4']);
  });

  it('checker code every check runs on, verify itself, packages and course images: every exercise, through what they share', () => {
    for (const file of ['checker/src/verdict.ts', 'scripts/verify.ts', 'scripts/lib/scenarios.ts', 'package-lock.json', 'infra/images/Dockerfile']) {
      expect(reached([file]), file).toEqual(ids);
      expect(sharedOnly([file]), file).toEqual(ids);
    }
  });

  it('a module most exercises import reaches them through what they share; one few import, as their own input', () => {
    const importers = (file: string): string[] => reached([file]);
    expect(importers('checker/src/fixtures/run-scope.ts')).toEqual(ids);
    expect(sharedOnly(['checker/src/fixtures/run-scope.ts'])).toEqual(ids);
    const few = importers('checker/src/probes/wire.ts');
    expect(few.length).toBeGreaterThan(0);
    expect(few.length).toBeLessThanOrEqual(ids.length / 2);
    expect(sharedOnly(['checker/src/probes/wire.ts'])).toEqual([]);
  });

  it('marking a scenario to run on shared changes reaches nothing; changing what it does reaches its exercise', () => {
    const file = 'checker/exercises/exercise-5/scenarios/different-but-correct/scenario.yaml';
    const text = readFileSync(`${repoRoot}${file}`, 'utf8');
    const by = (before: string): string[] => [...affectedExercises(manifest, [file], yaml, yaml, { before: () => before, now: () => text }).keys()];
    expect(by(text.replace(/^onSharedChange: true\n/m, ''))).toEqual([]);
    expect(by(text.replace('passed: all', 'passed: [image-builds]'))).toEqual(['exercise-5']);
  });

  it('an exercise’s own change outweighs a shared one in the same diff', () => {
    const both = affectedExercises(manifest, ['checker/src/verdict.ts', 'checker/exercises/exercise-7/log-lines.ts'], yaml, yaml);
    expect(both.get('exercise-7')).toEqual({ reason: 'checker/exercises/exercise-7/log-lines.ts', shared: false });
    expect(both.get('exercise-6')).toEqual({ reason: 'checker/src/verdict.ts', shared: true });
  });

  it('course images: a stand-in or a tag reaches the exercises that start that image, the base images every one', () => {
    const dockerfile = readFileSync(`${repoRoot}infra/images/Dockerfile`, 'utf8');
    const withNginx = manifest.exercises.filter((e) => e.images.includes('nginx')).map((e) => e.id);
    expect(withNginx.length).toBeGreaterThan(0);
    const sources = (before: Record<string, string>, now: Record<string, string> = {}) => ({
      before: (path: string) => before[path] ?? readFileSync(`${repoRoot}${path}`, 'utf8'),
      now: (path: string) => now[path] ?? readFileSync(`${repoRoot}${path}`, 'utf8'),
    });
    const by = (files: string[], src: ReturnType<typeof sources>): string[] => [...affectedExercises(manifest, files, yaml, yaml, src).keys()];
    const withoutNginx = dockerfile.replace(/^FROM nginx:.*$/m, '');
    expect(by(['infra/images/Dockerfile'], sources({ 'infra/images/Dockerfile': withoutNginx }))).toEqual(withNginx);
    const otherNode = dockerfile.replace(/^FROM node:\S+/m, 'FROM node:24.8.0-bookworm-slim');
    expect(by(['infra/images/Dockerfile'], sources({ 'infra/images/Dockerfile': otherNode }))).toEqual(ids);
    expect(by(['infra/images/standins/nginx/nginx.conf'], sources({}))).toEqual(withNginx);
    expect(by(['infra/images/standins/node/Dockerfile'], sources({}))).toEqual(ids);
    expect(by(['infra/lib/standins.ts'], sources({}))).toEqual(ids);
    // Without the texts to compare, any change to infra/ proves everything.
    expect(reached(['infra/images/standins/nginx/nginx.conf'])).toEqual(ids);
  });

  it('packages: only added ones reach no exercise; any other change to package.json or the lockfile, every one', () => {
    const pkg = { name: 'x', scripts: { test: 'vitest' }, devDependencies: { a: '1.0.0' } };
    const lock = { lockfileVersion: 3, packages: { '': { devDependencies: { a: '1.0.0' } }, 'node_modules/a': { version: '1.0.0', dev: true } } };
    const added = {
      pkg: { ...pkg, devDependencies: { a: '1.0.0', b: '2.0.0' } },
      lock: { ...lock, packages: { ...lock.packages, '': { devDependencies: { a: '1.0.0', b: '2.0.0' } }, 'node_modules/b': { version: '2.0.0', dev: true } } },
    };
    const src = (now: { pkg: object; lock: object }) => ({
      before: (path: string) => JSON.stringify(path === 'package.json' ? pkg : lock),
      now: (path: string) => JSON.stringify(path === 'package.json' ? now.pkg : now.lock),
    });
    const by = (now: { pkg: object; lock: object }): string[] => [...affectedExercises(manifest, ['package.json', 'package-lock.json'], yaml, yaml, src(now)).keys()];
    expect(by(added)).toEqual([]);
    const bumped = { pkg: { ...pkg, devDependencies: { a: '1.1.0' } }, lock: { ...lock, packages: { ...lock.packages, 'node_modules/a': { version: '1.1.0', dev: true } } } };
    expect(by(bumped)).toEqual(ids);
    expect(by({ pkg: { ...added.pkg, scripts: { test: 'jest' } }, lock: added.lock })).toEqual(ids);
    expect(by({ pkg: added.pkg, lock: { ...added.lock, packages: { ...added.lock.packages, 'node_modules/a': { version: '1.0.1', dev: true } } } })).toEqual(ids);
  });

  it('code no check imports, docs and tests elsewhere: none', () => {
    expect(reached(['checker/src/doctor/facts.ts', 'checker/src/cli.ts', 'docs/intro.md', 'src/course/sidebar.ts', 'checker/src/verdict.test.ts', 'infra/images.test.ts'])).toEqual([]);
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
