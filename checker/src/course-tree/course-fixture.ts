// Small throwaway courses for the tests of how layers compose: a service and two exercises,
// the second building on the first, written into a scratch folder.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CourseSource, OverlaySpec } from './trees.js';

export const fixtureExercises: readonly OverlaySpec[] = [
  { id: 'exercise-1', task: ['Dockerfile'], buildsOn: [] },
  { id: 'exercise-2', task: ['compose.yaml'], buildsOn: ['exercise-1'] },
];

export const [exerciseOne, exerciseTwo] = fixtureExercises as [OverlaySpec, OverlaySpec];

/** Writes `files` (path → content) under `root`, with every exercise's variant folders present. */
export async function fixtureCourse(root: string, files: Record<string, string>): Promise<CourseSource> {
  for (const ex of fixtureExercises) {
    for (const variant of ['starter', 'solution']) await mkdir(join(root, 'course', ex.id, variant), { recursive: true });
  }
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return { root, exercises: fixtureExercises };
}
