// npm run provision [-- --no-pull --rebuild --verbose]
//
// Gives a fresh machine of ours (Debian 12 with a docker client and nothing else) what the course
// needs, for CI and for instructors: a Docker engine, the compose and buildx CLI plugins, and the
// course images. Every step checks first and does nothing when already satisfied; root and apt
// are used only when something is missing.
import { parseArgs } from 'node:util';
import { ensureCliPlugins } from '../lib/cli-plugins.js';
import { ensureDockerEngine } from '../lib/engine.js';
import { phase, runMain, secondsSince } from '../lib/report.js';
import { ensureCourseImages } from '../lib/standins.js';
import { IMAGE_FLAGS, ensureOptionsFrom } from './images.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: IMAGE_FLAGS });
  const start = performance.now();
  await phase('Docker engine', ensureDockerEngine);
  await phase('Docker CLI plugins (compose, buildx)', ensureCliPlugins);
  await phase('Course images', () => ensureCourseImages(ensureOptionsFrom(values)));
  console.log(`\nProvisioned in ${secondsSince(start)}.`);
}

runMain(main);
