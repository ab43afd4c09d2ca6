import { defineConfig } from 'vitest/config';

// The built docs site in Debian's Chromium (src/site/browser.test.ts): `npm run test:browser`
// builds the site, then runs this. Kept out of vitest.config.ts until `npm test` provisions
// Chromium and its CJK fonts.
export default defineConfig({
  test: { include: ['src/site/browser.test.ts'], testTimeout: 30_000, hookTimeout: 120_000, maxWorkers: 1 },
});
