import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { repoRoot, type ExerciseSpec } from '../../checker/src/manifest.js';
import { fingerprint, producedDir } from '../../checker/src/course-tree/trees.js';

const scenarioFile = z
  .object({
    description: z.string().min(1),
    /** The produced tree the scenario changes: usually the solution, broken on purpose. */
    base: z.enum(['starter', 'solution']).default('solution'),
    /** Files of the base to delete before the overlay in files/ is copied on top. */
    remove: z.array(z.string()).default([]),
    /**
     * Small changes to the base's files, so a scenario states only what it breaks. Each `find`
     * must occur exactly once: a solution that moves on makes the scenario fail loudly.
     */
    edits: z.array(z.object({ file: z.string(), find: z.string().min(1), replace: z.string() }).strict()).default([]),
    /** Checker knobs for this scenario, e.g. a short SHIPSHAPE_BUILD_TIMEOUT_S for an endless build. */
    env: z.record(z.string(), z.string()).default({}),
    /**
     * Runs also when a change reaches the exercise only through code most exercises share (a
     * fixture, a probe, verify itself), beside the solution and starter: one scenario per
     * exercise, usually the different-but-correct one, which guards against correct answers
     * judged wrong (checker/README.md, "The time budget").
     */
    onSharedChange: z.boolean().default(false),
    /** The run must end (verdicts, clean-up and all) within this many seconds. */
    maxSeconds: z.number().positive().optional(),
    expect: z
      .object({
        failed: z.array(z.string()).default([]),
        /** Checks that must fail as blocked by another, i.e. never run against the input. */
        blocked: z.array(z.string()).default([]),
        passed: z.union([z.literal('all'), z.array(z.string())]).default([]),
        /** Check id -> words its Seen line must contain: the verdict says the right thing. */
        seen: z.record(z.string(), z.string()).default({}),
        /** Check id -> words: the check must end as the course's own fault (exit 2), never as a verdict. */
        courseFault: z.record(z.string(), z.string()).default({}),
      })
      .strict(),
  })
  .strict();

export interface Scenario extends z.infer<typeof scenarioFile> {
  name: string;
  /** Folder with scenario.yaml and the files/ overlay. */
  source: string;
}

export const scenariosDir = (exerciseId: string): string => join(repoRoot, 'checker', 'exercises', exerciseId, 'scenarios');

/**
 * Deliberately broken (and deliberately different but correct) learner answers, each a small
 * overlay on a produced tree, with the verdicts the checker must reach on it.
 */
export async function loadScenarios(exercise: ExerciseSpec): Promise<Scenario[]> {
  const dir = scenariosDir(exercise.id);
  if (!existsSync(dir)) return [];
  const scenarios: Scenario[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const source = join(dir, name);
    const parsed = scenarioFile.safeParse(parse(await readFile(join(source, 'scenario.yaml'), 'utf8')));
    if (!parsed.success) throw new Error(`${source}/scenario.yaml: ${z.prettifyError(parsed.error)}`);
    const known = new Set(exercise.checks.map((c) => c.id));
    const named = [
      ...parsed.data.expect.failed,
      ...parsed.data.expect.blocked,
      ...(parsed.data.expect.passed === 'all' ? [] : parsed.data.expect.passed),
      ...Object.keys(parsed.data.expect.seen),
      ...Object.keys(parsed.data.expect.courseFault),
    ];
    const unknown = named.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new Error(`${source}/scenario.yaml names unknown checks: ${unknown.join(', ')}`);
    scenarios.push({ ...parsed.data, name, source });
  }
  return scenarios;
}

/** The checks a scenario is about (all of them when it says `passed: all`); runs add what they need. */
export function scenarioChecks(scenario: Scenario): string[] {
  const { expect } = scenario;
  if (expect.passed === 'all') return [];
  return [...new Set([...expect.failed, ...expect.blocked, ...expect.passed, ...Object.keys(expect.seen), ...Object.keys(expect.courseFault)])];
}

/** A temporary folder holding the scenario: its base tree, minus `remove`, plus files/. */
export async function materialize(exercise: ExerciseSpec, scenario: Scenario): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `shipshape-${exercise.id}-${scenario.name}-`));
  const base = producedDir(exercise.id, scenario.base);
  for (const path of (await fingerprint(base)).keys()) {
    await cp(join(base, path), join(dir, path), { recursive: true });
  }
  for (const path of scenario.remove) await rm(join(dir, path), { recursive: true, force: true });
  const overlay = join(scenario.source, 'files');
  if (existsSync(overlay)) await cp(overlay, dir, { recursive: true });
  for (const edit of scenario.edits) {
    const file = join(dir, edit.file);
    await writeFile(file, applyEdit(await readFile(file, 'utf8'), edit, `${scenario.name}: ${edit.file}`));
  }
  return dir;
}

/** `text` with `find` replaced by `replace`; `find` must occur exactly once. */
export function applyEdit(text: string, { find, replace }: { find: string; replace: string }, where: string): string {
  const at = text.indexOf(find);
  if (at === -1) throw new Error(`${where}: no ${JSON.stringify(find)} to edit (has the base changed?)`);
  if (text.indexOf(find, at + 1) !== -1) throw new Error(`${where}: ${JSON.stringify(find)} occurs more than once`);
  return text.slice(0, at) + replace + text.slice(at + find.length);
}
