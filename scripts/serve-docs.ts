#!/usr/bin/env tsx
// npm run serve [-- --port N]: the built docs site (npm run build) on http://localhost:3100, with
// each locale's own 404 page for a missing URL (src/site/static-server.ts).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../checker/src/manifest.js';
import { serveStatic } from '../src/site/static-server.js';

const { values } = parseArgs({ options: { port: { type: 'string', default: '3100' } } });
const build = join(repoRoot, 'build');
if (!existsSync(join(build, 'index.html'))) {
  console.error('build/ has no site yet: run `npm run build` first.');
  process.exit(1);
}
// A locale's build is a folder of its own with a 404 page: build/zh-Hans/404.html.
const locales = readdirSync(build, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(build, entry.name, '404.html')))
  .map((entry) => entry.name);
const site = await serveStatic(build, locales, Number(values.port));
console.log(`Serving build/ on ${site.origin.replace('127.0.0.1', 'localhost')} (${['en', ...locales].join(', ')}); Ctrl-C stops it.`);
process.on('SIGINT', () => void site.close().then(() => process.exit(0)));
