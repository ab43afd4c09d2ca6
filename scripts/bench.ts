#!/usr/bin/env tsx
// npm run bench [-- --exercise exercise-1 --cold 3 --warm 5]
//
// Times `npm run check <exercise> -- --solution` end to end, as a learner waits for it:
// cold runs start with an empty BuildKit cache (`docker builder prune`, which also drops the
// npm download cache mount), warm runs reuse it. Prints every run and the medians.
import { parseArgs } from 'node:util';
import { $, chalk } from 'zx';

const { values } = parseArgs({
  options: {
    exercise: { type: 'string', default: 'exercise-1' },
    cold: { type: 'string', default: '3' },
    warm: { type: 'string', default: '5' },
  },
});

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timeCheck(): Promise<number> {
  const started = performance.now();
  const run = await $({ nothrow: true, quiet: true })`node --import tsx checker/src/cli.ts ${values.exercise} --solution`;
  const seconds = (performance.now() - started) / 1000;
  if (run.exitCode !== 0) throw new Error(`the solution did not pass (exit ${run.exitCode}):\n${run.stdout.slice(-2000)}`);
  return seconds;
}

const results: Record<'cold' | 'warm', number[]> = { cold: [], warm: [] };
console.log(chalk.dim(`cold runs prune the whole BuildKit cache of this Docker engine first`));
for (let i = 0; i < Number(values.cold); i++) {
  await $({ quiet: true })`docker builder prune -af`;
  results.cold.push(await timeCheck());
  console.log(`cold ${i + 1}: ${results.cold.at(-1)!.toFixed(1)} s`);
}
await timeCheck(); // make sure the cache is filled before the warm runs
for (let i = 0; i < Number(values.warm); i++) {
  results.warm.push(await timeCheck());
  console.log(`warm ${i + 1}: ${results.warm.at(-1)!.toFixed(1)} s`);
}
console.log(
  chalk.bold(`\n${values.exercise} --solution: cold median ${results.cold.length ? median(results.cold).toFixed(1) : '-'} s (n=${results.cold.length}), warm median ${results.warm.length ? median(results.warm).toFixed(1) : '-'} s (n=${results.warm.length})`),
);
