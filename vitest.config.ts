import { defineConfig } from 'vitest/config';

// The repository's own tests. The checker's learner-facing checks are not here: they run
// through `npm run check`, which drives vitest programmatically with its own settings.
export default defineConfig({
  test: {
    include: ['checker/**/*.test.ts', 'scripts/**/*.test.ts', 'infra/**/*.test.ts', 'src/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'build/**', 'exercises/**', 'solutions/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
