import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

// The docs site loads this module with Node's own TypeScript support (src/course/manifest.ts),
// which does not map './x.js' to './x.ts': it imports packages only, no sibling modules.

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
    /**
     * Checks whose outcome this one depends on; they come earlier in the list. A scenario that
     * is about this check runs these too, and nothing else.
     */
    needs: z.array(slug).default([]),
    /** Judges the learner's files alone: starts no container, builds no image. */
    static: z.boolean().default(false),
    /**
     * The check's own bound, once its prerequisites are done, on top of the learner's build and
     * start-up budgets (SHIPSHAPE_BUILD_TIMEOUT_S, SHIPSHAPE_WAIT_TIMEOUT_S). Going over it is
     * the checker's fault, reported as an internal error, never as the learner's verdict.
     */
    timeoutSeconds: z.number().int().positive().default(120),
    /**
     * The untouched starter may legitimately pass it (a "no failed requests while Redis is down"
     * check passes on a starter that never touches Redis); verify then does not demand a failure.
     */
    passesOnStarter: z.boolean().default(false),
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
    /**
     * `npm run verify --jobs N` runs this exercise's cases with nothing beside them: its checks
     * time what the app does (a start, a reload) while its stacks already use both cores.
     */
    verifyAlone: z.boolean().default(false),
    checks: z.array(check).min(1),
  })
  .strict();

/** A circle in a directed graph (a -> b -> a), as the path around it, or undefined when there is none. */
export function findCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const done = new Set<string>();
  const visit = (node: string, path: string[]): string[] | undefined => {
    const at = path.indexOf(node);
    if (at !== -1) return [...path.slice(at), node];
    if (done.has(node)) return undefined;
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next, [...path, node]);
      if (cycle) return cycle;
    }
    done.add(node);
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node, []);
    if (cycle) return cycle;
  }
  return undefined;
}

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
      const byId = new Map(ex.checks.map((c) => [c.id, c]));
      for (const c of ex.checks) {
        for (const dep of c.needs) {
          if (!byId.has(dep)) ctx.addIssue({ code: 'custom', message: `${ex.id}/${c.id}: needs unknown check ${dep}` });
        }
        if (c.static && c.needs.some((dep) => byId.get(dep)?.static === false)) {
          ctx.addIssue({ code: 'custom', message: `${ex.id}/${c.id}: a static check cannot need a check that starts containers` });
        }
      }
      const cycle = findCycle(new Map(ex.checks.map((c) => [c.id, c.needs])));
      if (cycle) ctx.addIssue({ code: 'custom', message: `${ex.id}: checks need each other in a circle: ${cycle.join(' -> ')}` });
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

/**
 * The checks to run for the given ones to mean what they mean: those, and everything they need,
 * transitively, in manifest order. An empty request means every check.
 */
export function withPrerequisites(ex: ExerciseSpec, wanted: Iterable<string>): CheckSpec[] {
  const byId = new Map(ex.checks.map((c) => [c.id, c]));
  const chosen = new Set<string>();
  const add = (id: string): void => {
    const c = byId.get(id);
    if (!c) throw new Error(`${ex.id} has no check ${id}`);
    if (chosen.has(id)) return;
    chosen.add(id);
    c.needs.forEach(add);
  };
  for (const id of wanted) add(id);
  return chosen.size === 0 ? ex.checks : ex.checks.filter((c) => chosen.has(c.id));
}

/** The stable id a check is known by everywhere: in output, JSON reports and progress. */
export function checkKey(exerciseId: string, checkId: string): string {
  return `${exerciseId}/${checkId}`;
}

export function docsLink(ex: ExerciseSpec, c: CheckSpec, locale: Locale): string {
  const prefix = locale === 'en' ? '' : `/${locale}`;
  return `${loadManifest().docsUrl}${prefix}${ex.docs}#${c.anchor}`;
}
