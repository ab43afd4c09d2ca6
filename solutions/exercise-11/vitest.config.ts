import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The tests share one database: one file at a time keeps them from racing.
    fileParallelism: false,
    hookTimeout: 30_000,
  },
});
