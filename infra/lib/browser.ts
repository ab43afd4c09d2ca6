// Debian's Chromium and the fonts the docs' browser test (src/site/browser.test.ts) measures
// with: without a CJK font the Chinese pages render as boxes, and every width and label size it
// measures there is wrong.
import { CHROMIUM } from '../../src/site/chromium.js';
import { exists, installHostPackages } from './host.js';
import { ok } from './report.js';

const PACKAGES = ['chromium', 'fonts-noto-cjk', 'fonts-liberation'];
const CJK_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

export async function ensureBrowser(): Promise<void> {
  const missing = [];
  if (!(await exists(CHROMIUM))) missing.push(CHROMIUM);
  if (!(await exists(CJK_FONT))) missing.push('a CJK font');
  if (missing.length > 0) await installHostPackages(PACKAGES, missing);
  ok(`Chromium (${CHROMIUM}) and Noto CJK are installed`);
}
