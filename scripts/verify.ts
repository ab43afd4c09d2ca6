#!/usr/bin/env tsx
// npm run verify -- [exercise-N...] [--case NAME] [--only solution,starter] [--since COMMIT [--unaffected KINDS] [--shared KINDS]] [--jobs N] [--json FILE]
// (the -- matters: without it npm takes --case as its own setting and every case runs)
//
// The course's self-test. For every exercise: the solution passes every check; the untouched
// starter fails every check with a learner-facing verdict; each scenario (a deliberately
// broken or a different-but-correct answer) gets exactly the verdicts it declares; every
// check is shown failing on its own in at least one scenario; and no run leaves a
// container, network, volume or image behind.
import { existsSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { chalk } from 'zx';
import { configureTestcontainers } from '../checker/src/docker/containers.js';
import { engineInventory, leftovers, newSince, sweepStaleRuns } from '../checker/src/docker/cleanup.js';
import { newRunId } from '../checker/src/docker/labels.js';
import { loadManifest, repoRoot, type ExerciseSpec } from '../checker/src/manifest.js';
import { formatCheck } from '../checker/src/report/console.js';
import type { RunResult } from '../checker/src/results.js';
import { runChecks } from '../checker/src/run-checks.js';
import { affectedExercises, changedSince, fileAt, manifestAt, type Reach } from './lib/affected.js';
import { loadScenarios, materialize, scenarioChecks, type Scenario } from './lib/scenarios.js';
import { producedDir } from '../checker/src/course-tree/trees.js';

interface Expectation {
  /** Must fail with a learner-facing verdict, possibly blocked by an earlier check. */
  failing?: string[];
  /** Must fail on their own, with a verdict about the input itself. */
  failed: string[];
  blocked?: string[];
  passed: 'all' | string[];
  seen?: Record<string, string>;
  /** Check id -> words: the check must end as the course's fault (exit 2), saying these words. */
  courseFault?: Record<string, string>;
  maxSeconds?: number;
}

interface CaseOutcome {
  name: string;
  /** The exercise whose case this is; none for the run-wide engine comparison. */
  exercise?: string;
  ok: boolean;
  problems: string[];
  seconds: number;
  /** Where the case's time went, check by check (the JSON report's answer to "what is slow"). */
  checks?: { id: string; status: string; seconds: number }[];
}

/** Every way a run can disagree with what the case promised. */
function judge(result: RunResult, expect: Expectation, leftover: string[]): string[] {
  const problems = result.errors.map((e) => `internal error: ${e.split('\n')[0]}`);
  const byId = new Map(result.checks.map((c) => [c.id, c]));
  const faults = expect.courseFault ?? {};
  for (const c of result.checks) {
    if (c.status === 'error' && !(c.id in faults)) problems.push(`${c.id}: internal error instead of a verdict: ${c.error?.split('\n')[0]}`);
  }
  for (const [id, words] of Object.entries(faults)) {
    const fault = byId.get(id)?.courseFault;
    if (!fault) problems.push(`${id}: expected to end as the course's fault, was ${byId.get(id)?.status ?? 'not run'}`);
    else if (!`${fault.what.en} ${fault.remedy.en}`.includes(words)) problems.push(`${id}: expected the course fault to say "${words}", it said "${fault.what.en}"`);
  }
  const mustPass = expect.passed === 'all' ? result.checks.map((c) => c.id) : expect.passed;
  for (const id of mustPass) {
    if (byId.get(id)?.status !== 'passed') problems.push(`${id}: expected to pass, was ${byId.get(id)?.status ?? 'not run'}`);
  }
  for (const id of expect.failed) {
    const c = byId.get(id);
    if (c?.status !== 'failed') problems.push(`${id}: expected to fail with a verdict, was ${c?.status ?? 'not run'}`);
    else if (c.verdict?.blockedBy) problems.push(`${id}: expected to fail on its own, was blocked by ${c.verdict.blockedBy}`);
  }
  for (const id of expect.failing ?? []) {
    const c = byId.get(id);
    if (c?.status !== 'failed') problems.push(`${id}: expected a learner-facing failure, was ${c?.status ?? 'not run'}`);
  }
  for (const id of expect.blocked ?? []) {
    if (!byId.get(id)?.verdict?.blockedBy) problems.push(`${id}: expected to be blocked (never run against the input)`);
  }
  for (const [id, words] of Object.entries(expect.seen ?? {})) {
    const actual = byId.get(id)?.verdict?.actual ?? '';
    if (!actual.includes(words)) problems.push(`${id}: expected the Seen line to say "${words}", it said "${actual}"`);
  }
  if (expect.maxSeconds !== undefined && result.durationMs > expect.maxSeconds * 1000) {
    problems.push(`took ${(result.durationMs / 1000).toFixed(1)} s, more than the ${expect.maxSeconds} s bound`);
  }
  if (leftover.length > 0) problems.push(`left behind: ${leftover.join(', ')}`);
  return problems;
}

async function runCase(
  exercise: ExerciseSpec,
  name: string,
  dir: string,
  expect: Expectation,
  env: Record<string, string> = {},
  only: string[] = [],
  wholeEngine = true,
): Promise<CaseOutcome> {
  const runId = newRunId();
  const before = wholeEngine ? await engineInventory() : undefined;
  // The scenario's knobs go to the checks' worker only, so cases can run side by side.
  const result = await runChecks(exercise, dir, {}, runId, undefined, { only, env });
  // By label, and (when this case runs alone) across the whole engine: anonymous volumes and
  // other unlabelled debris count too. Side by side, the whole engine is compared once, at the end.
  const unlabelled = before ? newSince(before, await engineInventory()) : [];
  const leftBehind = [...new Set([...(await leftovers(runId)), ...unlabelled])];
  const problems = judge(result, expect, leftBehind);
  if (name === 'starter') {
    starterFailures.set(exercise.id, new Set(result.checks.filter((c) => c.status === 'failed' && !c.verdict?.blockedBy).map((c) => c.id)));
  }
  const checks = result.checks.map((c) => ({ id: c.id, status: c.status, seconds: Math.round(c.durationMs / 100) / 10 }));
  const outcome = { name: `${exercise.id} ${name}`, exercise: exercise.id, ok: problems.length === 0, problems, seconds: result.durationMs / 1000, checks };
  const mark = outcome.ok ? chalk.green('✓') : chalk.red('✗');
  const passed = result.checks.filter((c) => c.status === 'passed').length;
  const scope = only.length ? chalk.dim(` (${result.checks.length} of ${exercise.checks.length} checks run)`) : '';
  const lines = [`${mark} ${outcome.name.padEnd(44)} ${passed}/${result.checks.length} checks passed  ${chalk.dim(`${outcome.seconds.toFixed(1)} s`)}${scope}`];
  if (!outcome.ok) {
    for (const p of problems) lines.push(`    ${chalk.red(p)}`);
    for (const c of result.checks.filter((c) => c.status !== 'passed')) lines.push(formatCheck(exercise, c, 'en'));
  }
  // One block per case, so that cases running side by side do not interleave their lines.
  console.log(lines.join('\n'));
  return outcome;
}

/** Each check must be seen failing on its own (not blocked by another) in some scenario. */
/** Per exercise, the checks its starter was seen failing on its own (not blocked): proven failing inputs too. */
const starterFailures = new Map<string, Set<string>>();

function coverage(exercise: ExerciseSpec, scenarios: Scenario[]): CaseOutcome {
  const shown = new Set([...(starterFailures.get(exercise.id) ?? []), ...scenarios.flatMap((s) => s.expect.failed)]);
  const unproven = exercise.checks.map((c) => c.id).filter((id) => !shown.has(id));
  const problems = unproven.map((id) => `${id}: no scenario shows this check failing`);
  const ok = problems.length === 0;
  console.log(`${ok ? chalk.green('✓') : chalk.red('✗')} ${exercise.id} every check proven to fail`);
  for (const p of problems) console.log(`    ${chalk.red(p)}`);
  return { name: `${exercise.id} coverage`, ok, problems, seconds: 0 };
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  // --only solution,starter: just those cases of each exercise (--only solution: the run on a second engine).
  // --jobs N: cases side by side; most of a case's time is waiting (for a health check, a
  // timeout, a SIGTERM), which another case can use. Exercises marked verifyAlone, and scenarios that
  // shorten a timeout, run last, one case at a time.
  // --since COMMIT: scenarios only for the exercises a change since COMMIT (one that passed all of
  // this) can reach (scripts/lib/affected.ts); of the others only the --unaffected kinds run
  // (default solution,starter; none: nothing). Of an exercise the change reaches only through
  // code most exercises share, the --shared kinds run (default solution,starter,marked: marked
  // are the scenarios whose scenario.yaml says onSharedChange).
  options: {
    case: { type: 'string' },
    only: { type: 'string' },
    since: { type: 'string' },
    unaffected: { type: 'string', default: 'solution,starter' },
    shared: { type: 'string', default: 'solution,starter,marked' },
    jobs: { type: 'string' },
    json: { type: 'string' },
  },
});

configureTestcontainers();
await sweepStaleRuns();
const jobs = Math.max(1, Number(values.jobs ?? process.env.SHIPSHAPE_VERIFY_JOBS ?? 1));
const kinds = values.only?.split(',').map((k) => k.trim());
// Side by side, the whole engine is compared once, around all the cases (runCase does it per case otherwise).
const engineBefore = jobs > 1 ? await engineInventory() : undefined;
const outcomes: CaseOutcome[] = [];
/** Cases that may run side by side, then those that need the machine alone (course.yaml `verifyAlone`, shortened timeouts). */
const queue: (() => Promise<CaseOutcome>)[] = [];
const aloneQueue: (() => Promise<CaseOutcome>)[] = [];
const coverages: (() => CaseOutcome)[] = [];
const manifest = loadManifest();
/** Exercises whose scenarios run, with the change that reaches each and how; undefined: all of them. */
let affected: Map<string, Reach> | undefined;
if (values.since) {
  const change = changedSince(values.since);
  if ('unknown' in change) console.log(chalk.dim(`every scenario runs: ${change.unknown}`));
  else {
    const since = values.since;
    const sources = {
      before: (path: string): string => fileAt(since, path),
      now: (path: string): string => (existsSync(`${repoRoot}${path}`) ? readFileSync(`${repoRoot}${path}`, 'utf8') : ''),
    };
    affected = affectedExercises(manifest, change.files, readFileSync(`${repoRoot}course.yaml`, 'utf8'), manifestAt(since), sources);
    const base = values.since.slice(0, 10);
    const only = (kinds: string): string =>
      kinds === 'none' ? 'nothing runs' : `${kinds.split(',').map((k) => (k === 'marked' ? 'scenarios marked onSharedChange' : k)).join(', ')} only`;
    for (const exercise of manifest.exercises) {
      const reach = affected.get(exercise.id);
      const why = !reach
        ? `unchanged since ${base}: ${only(values.unaffected)}`
        : reach.shared
          ? `${reach.reason} changed since ${base}, code most exercises share: ${only(values.shared)}`
          : `${reach.reason} changed since ${base}`;
      console.log(chalk.dim(`${exercise.id}: ${why}`));
    }
  }
}
for (const exercise of manifest.exercises) {
  if (positionals.length > 0 && !positionals.includes(exercise.id)) continue;
  const scenarios = await loadScenarios(exercise);
  // Unreached by the change, its cases keep the verdicts they had at the base commit; reached
  // only through shared code, the solution, starter and marked scenarios prove it again (what
  // such code breaks shows there), the other cases keep theirs.
  const reach = affected?.get(exercise.id);
  const unreached = affected !== undefined && !reach;
  const partly = unreached ? values.unaffected.split(',') : reach?.shared ? values.shared.split(',') : undefined;
  const runs = partly ? scenarios.filter((s) => partly.includes('marked') && s.onSharedChange) : scenarios;
  // The starter must fail every check its task is about; a few may pass on it by design.
  const starterFails = exercise.checks.filter((c) => !c.passesOnStarter).map((c) => c.id);
  const cases: { name: string; dir: () => Promise<string>; expect: Expectation; temporary: boolean; env?: Record<string, string>; only?: string[] }[] = [
    { name: 'solution', dir: async () => producedDir(exercise.id, 'solution'), expect: { failed: [], passed: 'all' }, temporary: false },
    { name: 'starter', dir: async () => producedDir(exercise.id, 'starter'), expect: { failing: starterFails, failed: [], passed: [] }, temporary: false },
    ...runs.map((s) => ({
      name: `scenario ${s.name}`,
      dir: () => materialize(exercise, s),
      expect: { ...s.expect, maxSeconds: s.maxSeconds },
      env: s.env,
      // A scenario runs the checks it is about and what they need, nothing else.
      only: scenarioChecks(s),
      temporary: true,
    })),
  ];
  for (const c of cases) {
    if (values.case && !c.name.includes(values.case)) continue;
    if (kinds && !kinds.includes(c.name.split(' ')[0]!)) continue;
    if (partly && !c.name.startsWith('scenario ') && !partly.includes(c.name)) continue;
    // A scenario that shortens one of the checker's timeouts is judged on what happens within
    // those few seconds, which a busy machine can change: it gets the machine alone too.
    const timed = Object.keys(c.env ?? {}).some((name) => name.endsWith('_TIMEOUT_S'));
    (exercise.verifyAlone || timed ? aloneQueue : queue).push(async () => {
      let dir: string;
      try {
        dir = await c.dir();
      } catch (err) {
        // A scenario whose edits no longer fit its base is this case's failure, not the run's end.
        const outcome = { name: `${exercise.id} ${c.name}`, exercise: exercise.id, ok: false, problems: [(err as Error).message], seconds: 0 };
        console.log(`${chalk.red('✗')} ${outcome.name}\n    ${chalk.red(outcome.problems[0])}`);
        return outcome;
      }
      try {
        return await runCase(exercise, c.name, dir, c.expect, c.env, c.only, jobs === 1);
      } finally {
        if (c.temporary) await rm(dir, { recursive: true, force: true });
      }
    });
  }
  // Coverage counts the starter's own failures and every scenario's, which only a full run has.
  if (!values.case && !kinds && !partly) coverages.push(() => coverage(exercise, scenarios));
}
async function drain(cases: (() => Promise<CaseOutcome>)[], lanes: number): Promise<void> {
  await Promise.all(
    Array.from({ length: Math.min(lanes, cases.length) }, async () => {
      for (let next = cases.shift(); next; next = cases.shift()) outcomes.push(await next());
    }),
  );
}
await drain(queue, jobs);
await drain(aloneQueue, 1);
// After the runs: the starter's own failures count as proof.
for (const judgeCoverage of coverages) outcomes.push(judgeCoverage());
if (engineBefore) {
  const debris = newSince(engineBefore, await engineInventory());
  const ok = debris.length === 0;
  console.log(`${ok ? chalk.green('✓') : chalk.red('✗')} nothing left on the engine by any case`);
  if (!ok) console.log(`    ${chalk.red(`left behind: ${debris.join(', ')}`)}`);
  outcomes.push({ name: 'engine left as found', ok, problems: debris.map((d) => `left behind: ${d}`), seconds: 0 });
}

// What each exercise costs, summed over its cases: the figure a new exercise's author keeps
// inside the budget (checker/README.md, "The time budget").
const perExercise = new Map<string, number>();
for (const o of outcomes) {
  if (o.exercise) perExercise.set(o.exercise, (perExercise.get(o.exercise) ?? 0) + o.seconds);
}
const costs = [...perExercise].map(([id, seconds]) => `${id} ${seconds.toFixed(0)} s`);
if (costs.length > 0) console.log(chalk.dim(`\ncase time per exercise: ${costs.join(', ')}`));

const failed = outcomes.filter((o) => !o.ok).length;
if (values.json) {
  const seconds = Object.fromEntries([...perExercise].map(([id, t]) => [id, Math.round(t)]));
  await writeFile(values.json, JSON.stringify({ passed: outcomes.length - failed, failed, seconds, outcomes }, null, 2));
}
console.log(`\nverify: ${outcomes.length - failed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
