// npm run provision [-- --no-pull --rebuild --verbose] [-- --engine 26|default] [-- --browser]
//
// Gives a fresh machine of ours (Debian 12 with a docker client and nothing else) what the course
// needs, for CI and for instructors: a Docker engine, the compose and buildx CLI plugins, and the
// course images. Every step checks first and does nothing when already satisfied; root and apt
// are used only when something is missing. `--engine 26` then swaps the running engine for
// Debian trixie's 26.1, closer to learners' Docker Desktop (27+); `--engine default` swaps back
// (see infra/lib/newer-engine.ts: both stop every running container). `--browser` also installs
// Debian's Chromium and CJK fonts for the docs' browser test.
import { parseArgs } from 'node:util';
import { ensureBrowser } from '../lib/browser.js';
import { ensureCliPlugins } from '../lib/cli-plugins.js';
import { ensureDockerEngine } from '../lib/engine.js';
import { ENGINES, switchEngine, type EngineChoice } from '../lib/newer-engine.js';
import { phase, runMain, secondsSince } from '../lib/report.js';
import { ensureCourseImages, ensureOptionsFrom } from '../lib/standins.js';
import { IMAGE_FLAGS } from './images.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { ...IMAGE_FLAGS, engine: { type: 'string' }, browser: { type: 'boolean', default: false } } });
  const engine = values.engine as EngineChoice | undefined;
  if (engine !== undefined && !ENGINES.includes(engine)) throw new Error(`--engine takes ${ENGINES.join(' or ')}, not "${engine}"`);
  const start = performance.now();
  await phase('Docker engine', ensureDockerEngine);
  if (engine) await phase(`Docker engine: ${engine}`, () => switchEngine(engine));
  await phase('Docker CLI plugins (compose, buildx)', ensureCliPlugins);
  await phase('Course images', () => ensureCourseImages(ensureOptionsFrom(values)));
  if (values.browser) await phase("Chromium for the docs' browser test", ensureBrowser);
  console.log(`\nProvisioned in ${secondsSince(start)}.`);
}

runMain(main);
