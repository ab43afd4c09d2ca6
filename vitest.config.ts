import { defineConfig } from 'vitest/config';

// The repository's own tests. The checker's learner-facing checks are not here: they run
// through `npm run check`, which drives vitest programmatically with its own settings.

const include = ['checker/**/*.test.ts', 'scripts/**/*.test.ts', 'infra/**/*.test.ts', 'src/**/*.test.ts'];
const exclude = ['**/node_modules/**', 'build/**', 'exercises/**', 'solutions/**'];

// Files that must have the machine to themselves: those that count every container, network,
// volume and image on the engine before and after (a neighbour's would count as a leak), the
// CLI's end-to-end runs, which do the same, and the load generator's, which measures time.
const alone = [
  'checker/src/cli.test.ts',
  'checker/src/interrupt.test.ts',
  'checker/src/docker/cleanup.test.ts',
  'checker/src/fixtures/*.test.ts',
  'checker/src/probes/promql.test.ts',
  'checker/src/probes/promtool.test.ts',
  'checker/src/probes/load.test.ts',
];

// The built site in a real browser has a config of its own (vitest.browser.config.ts, run by
// `npm run test:browser`, which builds the site first): not part of a plain `vitest run` yet.
const browser = ['src/site/**'];

const shared = { testTimeout: 30_000, hookTimeout: 120_000 };

export default defineConfig({
  test: {
    projects: [
      // Everything else, two files at a time: most of it is pure, and the rest waits on Docker.
      { test: { ...shared, name: 'side-by-side', include, exclude: [...exclude, ...alone, ...browser], maxWorkers: 2, sequence: { groupOrder: 0 } } },
      // Then, once those are done, one file at a time.
      { test: { ...shared, name: 'alone', include: alone, exclude: [...exclude, ...browser], maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
});
