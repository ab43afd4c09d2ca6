import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const manifestPath = fileURLToPath(new URL('../../course.yaml', import.meta.url));

export const locales = ['en', 'zh-Hans'] as const;
export type Locale = (typeof locales)[number];

const text = z.object({ en: z.string().min(1), 'zh-Hans': z.string().min(1) }).strict();
export type Text = z.infer<typeof text>;

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case words joined by hyphens');

const check = z
  .object({
    id: slug,
    title: text,
    points: z.number().int().positive(),
    anchor: slug,
    hints: z.array(text).min(1),
    params: z.record(z.string(), z.number()).default({}),
  })
  .strict();

const exercise = z
  .object({
    id: z.string().regex(/^exercise-\d+$/),
    stage: slug,
    title: text,
    docs: z.string().startsWith('/docs/'),
    task: z.array(z.string().min(1)).min(1),
    images: z.array(z.string()).default([]),
    buildsOn: z.array(z.string()).default([]),
    checks: z.array(check).min(1),
  })
  .strict();

const manifest = z
  .object({
    docsUrl: z.url(),
    stages: z.array(z.object({ id: slug, title: text }).strict()).min(1),
    exercises: z.array(exercise).min(1),
  })
  .strict()
  .superRefine((m, ctx) => {
    const stageIds = new Set(m.stages.map((s) => s.id));
    const seen = new Set<string>();
    for (const ex of m.exercises) {
      if (seen.has(ex.id)) ctx.addIssue({ code: 'custom', message: `duplicate exercise ${ex.id}` });
      if (!stageIds.has(ex.stage)) ctx.addIssue({ code: 'custom', message: `${ex.id}: unknown stage ${ex.stage}` });
      for (const dep of ex.buildsOn) {
        if (!seen.has(dep)) ctx.addIssue({ code: 'custom', message: `${ex.id}: buildsOn ${dep} must come earlier` });
      }
      seen.add(ex.id);
      const checkIds = ex.checks.map((c) => c.id);
      const dupes = checkIds.filter((id, i) => checkIds.indexOf(id) !== i);
      if (dupes.length) ctx.addIssue({ code: 'custom', message: `${ex.id}: duplicate checks ${dupes.join(', ')}` });
    }
  });

export type Manifest = z.infer<typeof manifest>;
export type ExerciseSpec = z.infer<typeof exercise>;
export type CheckSpec = z.infer<typeof check>;

export function parseManifest(source: string): Manifest {
  const result = manifest.safeParse(parse(source));
  if (!result.success) {
    throw new Error(`course.yaml is invalid:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

let cached: Manifest | undefined;
export function loadManifest(): Manifest {
  cached ??= parseManifest(readFileSync(manifestPath, 'utf8'));
  return cached;
}

export function findExercise(id: string): ExerciseSpec | undefined {
  return loadManifest().exercises.find((ex) => ex.id === id);
}

/** The stable id a check is known by everywhere: in output, JSON reports and progress. */
export function checkKey(exerciseId: string, checkId: string): string {
  return `${exerciseId}/${checkId}`;
}

export function docsLink(ex: ExerciseSpec, c: CheckSpec, locale: Locale): string {
  const prefix = locale === 'en' ? '' : `/${locale}`;
  return `${loadManifest().docsUrl}${prefix}${ex.docs}#${c.anchor}`;
}
