// The authoring rule of checker/src/course-tree/trees.ts, held against the real course: a change made in
// service/ must reach every exercise, so no layer may freeze a copy of a file from below it.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadManifest, repoRoot } from '../../checker/src/manifest.js';
import { fixtureCourse } from '../../checker/src/course-tree/course-fixture.js';
import {
  layerFiles,
  layers,
  produce,
  replacesByDesign,
  serviceLayer,
  shadowingCopies,
  type CourseSource,
  type Layer,
  type OverlaySpec,
  type Variant,
} from '../../checker/src/course-tree/trees.js';

const variants: Variant[] = ['starter', 'solution'];
const scratch = await mkdtemp(join(tmpdir(), 'shipshape-overlays-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe.each(loadManifest().exercises)('$id', (exercise) => {
  it.each(variants)('%s: no layer copies a whole file over one from below unless it is a task file', async (variant) => {
    expect(await shadowingCopies(layers(exercise, variant))).toEqual([]);
  });
});

const probe = (path: string): string => `shipshape-probe ${path}`;

/** A copy of the course's service/ and course/ in which every service file starts with a probe line. */
async function probedCopy(root: string, exercises: readonly OverlaySpec[]): Promise<CourseSource> {
  const localOnly = /[/\\](node_modules|dist)([/\\]|$)/;
  for (const dir of ['service', 'course']) {
    await cp(join(repoRoot, dir), join(root, dir), { recursive: true, filter: (src) => !localOnly.test(src) });
  }
  return probeService({ root, exercises });
}

/** Puts a probe line at the top of every service file: a change a patch must carry past its hunks. */
async function probeService(source: CourseSource): Promise<CourseSource> {
  const service = serviceLayer(source);
  for (const { path } of await layerFiles(service)) {
    const file = join(service.dir, path);
    await writeFile(file, `${probe(path)}\n${await readFile(file, 'utf8')}`);
  }
  return source;
}

/** Every produced tree and service file where the probe did not arrive, though no task replaced the file. */
async function lostProbes(source: CourseSource, out: string): Promise<string[]> {
  const lost: string[] = [];
  for (const exercise of source.exercises) {
    for (const variant of variants) {
      const stack = layers(exercise, variant, source);
      const tree = join(out, exercise.id, variant);
      await produce(exercise, variant, tree, source);
      for (const { path } of await layerFiles(serviceLayer(source))) {
        if (await replacedByTask(stack, path)) continue;
        const content = await readFile(join(tree, path), 'utf8');
        if (!content.includes(probe(path))) lost.push(`${exercise.id}/${variant}: ${path}`);
      }
    }
  }
  return lost;
}

async function replacedByTask(stack: readonly Layer[], path: string): Promise<boolean> {
  for (const layer of stack.slice(1)) {
    const files = await layerFiles(layer);
    if (files.some((file) => file.kind === 'copy' && file.path === path) && replacesByDesign(layer, path)) return true;
  }
  return false;
}

describe('a change in service/', () => {
  it('reaches every produced starter and solution', async () => {
    const source = await probedCopy(join(scratch, 'course'), loadManifest().exercises);
    expect(await lostProbes(source, join(scratch, 'course-out'))).toEqual([]);
  });

  it('is reported lost where a layer froze a whole copy (so the check above can fail)', async () => {
    const source = await fixtureCourse(join(scratch, 'frozen'), {
      'service/src/app.ts': 'export const app = 1;\n',
      'service/src/db.ts': 'export const db = 1;\n',
      'course/exercise-1/solution/src/app.ts': 'export const app = 2;\n',
    });
    const lost = await lostProbes(await probeService(source), join(scratch, 'frozen-out'));
    expect(lost).toEqual(['exercise-1/solution: src/app.ts', 'exercise-2/starter: src/app.ts', 'exercise-2/solution: src/app.ts']);
  });
});
