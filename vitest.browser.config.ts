import { defineConfig } from 'vitest/config';

// The built docs site in Debian's Chromium (src/site/browser.test.ts): `npm run test:browser`
// builds the site, then runs this; `npm test` runs it after its own docs build. Kept apart from
// vitest.config.ts: it needs the build, Chromium and CJK fonts (`npm run provision -- --browser`).
export default defineConfig({
  test: { include: ['src/site/browser.test.ts'], testTimeout: 30_000, hookTimeout: 120_000, maxWorkers: 1 },
});
