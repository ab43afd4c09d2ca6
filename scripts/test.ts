#!/usr/bin/env tsx
// npm test: the repository's whole self-test, in the order that fails fastest.
//   1. typecheck          tsc over checker, scripts, infra and the site
//   2. unit tests         vitest (checker, scripts, infra, docs tests)
//   3. verify             every solution passes, every starter and scenario fails as declared;
//                         starters and scenarios only of the exercises a change since the last
//                         landed commit (.ci/landed) can reach (through code most exercises
//                         share: the starter and the scenario marked onSharedChange), the
//                         others' solutions as a smoke test (SHIPSHAPE_VERIFY_ALL=1: everything)
//   4. second engine      with SHIPSHAPE_SECOND_ENGINE=26 (CI sets it): the engine is swapped for
//                         Debian trixie's 26.1 and the solutions and starters of the exercises
//                         the change reaches are verified again (scenarios once, on the first
//                         engine: they prove the checks, which the engine does not change). Of
//                         an exercise reached only through shared code, the solution runs here
//                         alone, not on the first engine, whose passing path its marked
//                         (different but correct) scenario proves
//   5. docs build         both locales, broken links fail the build
//   6. browser test       the built site in Debian's Chromium (src/site/browser.test.ts), where
//                         Chromium is installed; SHIPSHAPE_BROWSER_TEST=1 (CI) makes it required
// It ends with one plain line, "N passed, N failed", counting tests across all five.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { $, chalk } from 'zx';
import { CHROMIUM } from '../src/site/chromium.js';

$.verbose = true;
const out = '.shipshape';
await mkdir(out, { recursive: true });
await rm(`${out}/test-summary.txt`, { force: true });

interface Tally {
  phase: string;
  passed: number;
  failed: number;
  seconds: number;
}
const tallies: Tally[] = [];

async function step(phase: string, run: () => Promise<{ passed: number; failed: number }>): Promise<void> {
  console.log(chalk.bold(`\n▶ ${phase}`));
  const started = Date.now();
  let result: { passed: number; failed: number };
  try {
    result = await run();
  } catch (err) {
    console.error(chalk.red(`${phase} could not run: ${(err as Error).message}`));
    result = { passed: 0, failed: 1 };
  }
  tallies.push({ phase, ...result, seconds: (Date.now() - started) / 1000 });
}

/** A command that either works or not counts as one test. */
async function single(command: () => Promise<{ exitCode: number | null }>): Promise<{ passed: number; failed: number }> {
  const { exitCode } = await command();
  return exitCode === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
}

await step('typecheck', () => single(() => $({ nothrow: true })`tsc --noEmit -p tsconfig.json`));

/** A vitest run's tests, read from its JSON report. */
async function vitestRun(name: string, ...args: string[]): Promise<{ passed: number; failed: number }> {
  const report = `${out}/${name}.json`;
  await rm(report, { force: true });
  await $({ nothrow: true })`vitest run ${args} --reporter=default --reporter=json --outputFile.json=${report}`;
  if (!existsSync(report)) return { passed: 0, failed: 1 };
  const json = JSON.parse(await readFile(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; success: boolean };
  // A suite that fails to load has no failed tests but is still a failure.
  const broken = json.success || json.numFailedTests > 0 ? 0 : 1;
  return { passed: json.numPassedTests, failed: json.numFailedTests + broken };
}

await step('unit tests', () => vitestRun('unit'));

/** verify's own summary, read from its JSON report; a run that wrote none is one failure. */
async function verifyRun(...args: string[]): Promise<{ passed: number; failed: number }> {
  const report = `${out}/verify.json`;
  await rm(report, { force: true });
  const run = await $({ nothrow: true })`tsx scripts/verify.ts ${args} --json ${report}`;
  if (!existsSync(report)) return { passed: 0, failed: 1 };
  const json = JSON.parse(await readFile(report, 'utf8')) as { passed: number; failed: number };
  return { passed: json.passed, failed: json.failed + (run.exitCode !== 0 && json.failed === 0 ? 1 : 0) };
}

/** `--since <the last landed commit>`, unless every scenario is asked for or none is recorded. */
async function sinceLanded(): Promise<string[]> {
  if (process.env.SHIPSHAPE_VERIFY_ALL === '1' || !existsSync('.ci/landed')) return [];
  const commit = (await readFile('.ci/landed', 'utf8')).split('\n').find((line) => /^[0-9a-f]{7,40}$/.test(line.trim()));
  return commit ? ['--since', commit.trim()] : [];
}

const since = await sinceLanded();

// Learners run Docker Desktop (engine 27+); our machines provision 20.10. Swapping engines stops
// every container, so only a machine of ours asks for it (.ci/run sets the variable).
const secondEngine = process.env.SHIPSHAPE_SECOND_ENGINE;

// An exercise no change reaches runs its solution alone: a smoke test of what no commit
// records (the machine, the engine, the registries its build reads). One reached only through
// shared code runs its starter and marked scenario here and, where a second engine follows,
// its solution there: each engine sees one correct answer pass (checker/README.md, "The time budget").
const reach = since.length ? ['--unaffected', 'solution', '--shared', secondEngine ? 'starter,marked' : 'solution,starter,marked'] : [];
await step('verify', () => verifyRun(...since, ...reach));

if (secondEngine) {
  await step(`verify on engine ${secondEngine}`, async () => {
    const swapped = await $({ nothrow: true })`tsx infra/scripts/provision.ts --engine ${secondEngine}`;
    if (swapped.exitCode !== 0) return { passed: 0, failed: 1 };
    // What the second engine proved at the landed commit holds for an exercise no change reaches.
    return verifyRun('--only', 'solution,starter', ...since, ...(since.length ? ['--unaffected', 'none', '--shared', 'solution'] : []));
  });
}

if (existsSync('docusaurus.config.ts')) {
  await step('docs build (en, zh-Hans)', () => single(() => $({ nothrow: true })`docusaurus build`));
  // It skips itself, saying why, without Chromium or the build; where it is required, a run
  // that tested nothing is a failure.
  const required = process.env.SHIPSHAPE_BROWSER_TEST === '1';
  if (required || existsSync(CHROMIUM)) {
    await step('browser test (en, zh-Hans)', async () => {
      const result = await vitestRun('browser', '--config', 'vitest.browser.config.ts');
      return required && result.passed === 0 ? { passed: 0, failed: Math.max(1, result.failed) } : result;
    });
  }
}

console.log(chalk.bold('\nSummary'));
for (const t of tallies) {
  console.log(`  ${t.failed === 0 ? chalk.green('✓') : chalk.red('✗')} ${t.phase.padEnd(26)} ${t.passed} passed, ${t.failed} failed  ${chalk.dim(`${t.seconds.toFixed(0)} s`)}`);
}
const passed = tallies.reduce((n, t) => n + t.passed, 0);
const failed = tallies.reduce((n, t) => n + t.failed, 0);
const summary = `${passed} passed, ${failed} failed`;
await writeFile(`${out}/test-summary.txt`, `${summary}\n`);
console.log(`\n${summary}`);
process.exitCode = failed === 0 ? 0 : 1;
