// The docs site's view of course.yaml.
//
// loadCourse() validates the file with the checker's own schema (checker/src/manifest.ts), so
// the site, the checker and the generator can never disagree about what an exercise, a check
// or an anchor is. Docusaurus loads its config through jiti, whose CommonJS interop breaks
// `import { z } from 'zod'`, so the checker's modules are loaded by Node itself: its require()
// loads ES modules, and since Node 22.18 it runs TypeScript that only needs its types stripped,
// as those modules do.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Manifest } from '../../checker/src/manifest.ts';

export type { CheckSpec, ExerciseSpec, Locale, Manifest, Text } from '../../checker/src/manifest.ts';

/** The repository root: the folder holding course.yaml and docusaurus.config.ts. */
export const siteRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Loads a repository module with Node's own loader rather than jiti's (see above). */
export function requireFromRepo<T>(root: string, path: string): T {
  return createRequire(join(root, 'package.json'))(join(root, path)) as T;
}

/** course.yaml, validated exactly as the checker validates it. */
export function loadCourse(root: string = siteRoot): Manifest {
  const { parseManifest } = requireFromRepo<typeof import('../../checker/src/manifest.ts')>(root, 'checker/src/manifest.ts');
  return parseManifest(readFileSync(join(root, 'course.yaml'), 'utf8'));
}

/**
 * course.yaml read without validation, for sidebars.ts, which Docusaurus loads synchronously.
 * The build still validates it: the course-data plugin calls loadCourse() and fails on errors.
 */
export function readCourseUnchecked(root: string = siteRoot): Pick<Manifest, 'stages' | 'exercises'> {
  const raw = parse(readFileSync(join(root, 'course.yaml'), 'utf8')) as Partial<Manifest> | null;
  if (!raw || !Array.isArray(raw.stages) || !Array.isArray(raw.exercises)) {
    throw new Error('course.yaml needs a list of stages and a list of exercises');
  }
  return { stages: raw.stages, exercises: raw.exercises };
}

/** `/docs/stage-1/exercise-1` → the docs plugin's id for that page, `stage-1/exercise-1`. */
export function docIdFromPath(docsPath: string): string {
  const match = /^\/docs\/(.+?)\/?$/.exec(docsPath);
  if (!match?.[1]) throw new Error(`course.yaml: docs path ${docsPath} is not under /docs/`);
  return match[1];
}

/** The file (relative to docs/ or to a locale's docs folder) that holds an exercise page. */
export function exerciseDocFile(docsPath: string): string {
  return `${docIdFromPath(docsPath)}.mdx`;
}
