import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../manifest.js';
import { exerciseOne, exerciseTwo, fixtureCourse } from './course-fixture.js';
import { createFilePatch } from './patches.js';
import {
  LayerError,
  layers,
  produce,
  producedDir,
  shadowingCopies,
  treeDiff,
  type CourseSource,
  type OverlaySpec,
  type Variant,
} from './trees.js';

const scratch = await mkdtemp(join(tmpdir(), 'shipshape-trees-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe.each(loadManifest().exercises)('$id', (exercise) => {
  it.each(['starter', 'solution'] as Variant[])('the committed %s matches what service/ and course/ produce', async (variant) => {
    const fresh = join(scratch, exercise.id, variant);
    await produce(exercise, variant, fresh);
    const drift = await treeDiff(fresh, producedDir(exercise.id, variant));
    expect(drift, `out of date: run \`npm run generate\` and commit the result`).toEqual([]);
  });

  it('starter and solution differ only in the files that are the learner’s task', async () => {
    const diff = await treeDiff(producedDir(exercise.id, 'starter'), producedDir(exercise.id, 'solution'));
    const paths = diff.map((line) => line.split(' ')[1]);
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect(exercise.task, `${path} differs but is not in the task`).toContain(path);
  });
});

describe('layers that patch', () => {
  const app = ['export function createApp() {', '  const app = express();', '  return app;', '}', ''].join('\n');
  const withJson = app.replace('  return app;', '  app.use(express.json());\n  return app;');
  const withJsonAndLogs = withJson.replace('  return app;', '  app.use(logRequests);\n  return app;');
  let fixtures = 0;
  const course = (files: Record<string, string>) => fixtureCourse(join(scratch, `fixture-${++fixtures}`), files);
  const produced = async (source: CourseSource, exercise: OverlaySpec, variant: Variant, path: string) => {
    const out = join(source.root, 'out', exercise.id, variant);
    await produce(exercise, variant, out, source);
    return readFile(join(out, path), 'utf8');
  };

  it('a patch changes the file the layers below produced', async () => {
    const source = await course({
      'service/src/app.ts': app,
      'course/exercise-1/solution/src/app.ts.patch': createFilePatch('src/app.ts', app, withJson),
    });
    expect(await produced(source, exerciseOne, 'solution', 'src/app.ts')).toBe(withJson);
    expect(await produced(source, exerciseOne, 'starter', 'src/app.ts')).toBe(app);
  });

  it('patches compose: exercise-2 patches what exercise-1 patched, and a fix in service/ reaches both', async () => {
    const fixed = `// fixed in service/\n${app}`;
    const source = await course({
      'service/src/app.ts': fixed,
      'course/exercise-1/solution/src/app.ts.patch': createFilePatch('src/app.ts', app, withJson),
      'course/exercise-2/common/src/app.ts.patch': createFilePatch('src/app.ts', withJson, withJsonAndLogs),
    });
    expect(await produced(source, exerciseTwo, 'starter', 'src/app.ts')).toBe(`// fixed in service/\n${withJsonAndLogs}`);
  });

  it('a patch that no longer applies fails generate, naming the exercise, layer and file and how to re-create it', async () => {
    const source = await course({
      'service/src/app.ts': app.replace('express()', 'express().disable("x-powered-by")'),
      'course/exercise-1/solution/src/app.ts.patch': createFilePatch('src/app.ts', app, withJson),
    });
    // Producing exercise-2 fails too, and blames exercise-1's layer, where the fix belongs.
    const failure = produce(exerciseTwo, 'starter', join(source.root, 'out'), source);
    await expect(failure).rejects.toThrow(LayerError);
    await expect(failure).rejects.toThrow(
      /^course\/exercise-1\/solution\/src\/app\.ts\.patch does not apply to src\/app\.ts: .*Re-create it: `npm run patch -- exercise-1 solution src\/app\.ts`/,
    );
  });

  it('a patch to a file that no layer below has fails clearly', async () => {
    const source = await course({
      'service/src/app.ts': app,
      'course/exercise-1/solution/src/metrics.ts.patch': createFilePatch('src/metrics.ts', 'a\n', 'b\n'),
    });
    await expect(produce(exerciseOne, 'solution', join(source.root, 'out'), source)).rejects.toThrow(
      'course/exercise-1/solution/src/metrics.ts.patch patches src/metrics.ts, but no layer below course/exercise-1/solution has that file',
    );
  });

  it('a whole copy over a file from below, outside the task list, is reported: use a patch', async () => {
    const source = await course({
      'service/src/app.ts': app,
      'course/exercise-1/solution/src/app.ts': withJson,
      'course/exercise-1/solution/Dockerfile': 'FROM node\n',
      'course/exercise-2/starter/Dockerfile': 'FROM node:24\n',
    });
    expect(await shadowingCopies(layers(exerciseTwo, 'starter', source))).toEqual([
      expect.stringMatching(/^course\/exercise-1\/solution\/src\/app\.ts replaces the whole src\/app\.ts .* not one of exercise-1's task files: use a patch \(`npm run patch -- exercise-1 solution src\/app\.ts`\)$/),
      expect.stringMatching(/^course\/exercise-2\/starter\/Dockerfile replaces .* not one of exercise-2's task files: use a patch/),
    ]);
  });

  it('a task file and the exercise’s own README may be replaced whole', async () => {
    const source = await course({
      'service/src/app.ts': app,
      'course/exercise-1/common/README.md': '# Exercise 1\n',
      'course/exercise-2/common/README.md': '# Exercise 2\n',
      'course/exercise-2/common/compose.yaml': '# TODO\n',
      'course/exercise-2/solution/compose.yaml': 'services: {}\n',
      'course/exercise-2/solution/src/app.ts.patch': createFilePatch('src/app.ts', app, withJson),
    });
    expect(await shadowingCopies(layers(exerciseTwo, 'solution', source))).toEqual([]);
  });
});
