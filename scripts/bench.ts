#!/usr/bin/env tsx
// npm run bench [-- --exercise exercise-1 --cold 3 --warm 5 --floor 3]
//
// Times `npm run check <exercise> -- --solution` end to end, as a learner waits for it, and
// sets it against a floor timed in the same run on the same machine: the exercise 2 solution's
// plain `docker compose up --wait` followed by `down -v`, the least a stack check can cost.
// Machines differ twofold in absolute speed; the ratio to the floor is what the goals are in.
// Cold runs start with an empty BuildKit cache (`docker builder prune`, which also drops the
// npm download cache mount); warm runs reuse it. Prints every run, the medians and the ratios.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { $, chalk } from 'zx';
import { checkCommand } from '../checker/src/check-command.js';
import { stackEnvironment } from '../checker/src/fixtures/stack-env.js';
import { producedDir } from '../checker/src/course-tree/trees.js';

const { values } = parseArgs({
  options: {
    exercise: { type: 'string', default: 'exercise-1' },
    cold: { type: 'string', default: '3' },
    warm: { type: 'string', default: '5' },
    floor: { type: 'string', default: '3' },
  },
});

/** Goals for a warm check, as a multiple of the floor (issue: the learner's loop). */
const GOALS: Record<string, number> = { 'exercise-1': 1.0, 'exercise-2': 2.0 };

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timed(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

async function check(): Promise<void> {
  const run = await $({ nothrow: true, quiet: true })`${checkCommand()} ${values.exercise} --solution`;
  if (run.exitCode !== 0) throw new Error(`the solution did not pass (exit ${run.exitCode}):\n${run.stdout.slice(-2000)}`);
}

/** The floor: the exercise 2 solution up with --wait and down again, image already built. */
async function floorRuns(count: number): Promise<number[]> {
  const dir = producedDir('exercise-2', 'solution');
  const envDir = await mkdtemp(join(tmpdir(), 'shipshape-bench-'));
  const envFile = join(envDir, '.env');
  await writeFile(envFile, Object.entries(await stackEnvironment(dir)).map(([k, v]) => `${k}=${v}\n`).join(''));
  const project = $({ quiet: true, cwd: dir });
  const compose = ['compose', '-p', 'shipshape-bench-floor', '--env-file', envFile];
  try {
    await project`docker ${compose} build`;
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      times.push(await timed(async () => {
        await project`docker ${compose} up --wait`;
        await project`docker ${compose} down -v`;
      }));
      console.log(`floor ${i + 1}: ${times.at(-1)!.toFixed(1)} s`);
    }
    return times;
  } finally {
    await $({ quiet: true, nothrow: true, cwd: dir })`docker ${compose} down -v`;
    // `down --rmi` finds nothing once the containers are gone: remove the built images by name.
    const images = await $({ quiet: true, nothrow: true })`docker image ls -q --filter reference=shipshape-bench-floor-*`;
    const ids = images.stdout.split('\n').filter(Boolean);
    if (ids.length > 0) await $({ quiet: true, nothrow: true })`docker image rm -f ${ids}`;
    await rm(envDir, { recursive: true, force: true });
  }
}

const results: Record<'cold' | 'warm', number[]> = { cold: [], warm: [] };
const floor = await floorRuns(Number(values.floor));
console.log(chalk.dim('cold runs prune the whole BuildKit cache of this Docker engine first'));
for (let i = 0; i < Number(values.cold); i++) {
  await $({ quiet: true })`docker builder prune -af`;
  results.cold.push(await timed(check));
  console.log(`cold ${i + 1}: ${results.cold.at(-1)!.toFixed(1)} s`);
}
await check(); // make sure the cache is filled before the warm runs
for (let i = 0; i < Number(values.warm); i++) {
  results.warm.push(await timed(check));
  console.log(`warm ${i + 1}: ${results.warm.at(-1)!.toFixed(1)} s`);
}

// `--floor 0` times the check alone: then there is no ratio to give.
const floorMedian = floor.length ? median(floor) : undefined;
const ratioTo = (m: number): string => (floorMedian ? `, ${(m / floorMedian).toFixed(2)}x floor` : '');
const line = (kind: 'cold' | 'warm'): string => {
  const xs = results[kind];
  if (xs.length === 0) return `${kind} -`;
  const m = median(xs);
  return `${kind} median ${m.toFixed(1)} s (n=${xs.length}${ratioTo(m)})`;
};
console.log();
if (floorMedian) console.log(chalk.bold(`floor (exercise-2 solution: compose up --wait + down -v): median ${floorMedian.toFixed(1)} s (n=${floor.length})`));
console.log(chalk.bold(`${values.exercise} --solution: ${line('cold')}, ${line('warm')}`));
const goal = GOALS[values.exercise];
if (goal !== undefined && floorMedian && results.warm.length > 0) {
  const ratio = median(results.warm) / floorMedian;
  console.log((ratio <= goal ? chalk.green : chalk.yellow)(`goal for warm: at most ${goal.toFixed(1)}x floor: ${ratio <= goal ? 'met' : 'not met'} (${ratio.toFixed(2)}x)`));
}
