// Course images as tarballs: `docker save` once where pulling or building works, hand the folder
// round (USB stick, file share), `docker load` in a classroom where Docker Hub is blocked or slow.
import { chmod, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { $ } from 'zx';
import { STANDIN_LABEL, localImageLabels } from './docker.js';
import { ok, secondsSince, warn } from './report.js';
import { courseImageTags } from './standins.js';

export async function saveCourseImages(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [stage, tags] of Object.entries(await courseImageTags())) {
    const present = [];
    let standin = false;
    for (const tag of tags) {
      const labels = await localImageLabels(tag);
      if (labels) present.push(tag);
      if (labels?.[STANDIN_LABEL] === 'true') standin = true;
    }
    if (present.length === 0) throw new Error(`cannot save ${tags[0]}: it is not present`);
    const start = performance.now();
    const file = path.join(dir, `${stage}.tar`);
    await $`docker save --output ${file} ${present}`;
    // docker save writes 0600; the folder is meant to be handed round.
    await chmod(file, 0o644);
    const megabytes = ((await stat(file)).size / 1e6).toFixed(0);
    ok(`saved ${present.join(', ')} to ${file} (${megabytes} MB, ${secondsSince(start)})`);
    // The node stand-in trusts this machine's CA bundle (its network may re-sign TLS).
    if (standin) warn(`${tags[0]} is a local stand-in built for this network: share it within it only`);
  }
}

export async function loadCourseImages(dir: string): Promise<void> {
  const files = (await readdir(dir)).filter((name) => name.endsWith('.tar')).sort();
  if (files.length === 0) throw new Error(`no image tarballs (*.tar) in ${dir}`);
  for (const name of files) {
    const start = performance.now();
    const loaded = await $({ quiet: true })`docker load --input ${path.join(dir, name)}`;
    const tags = loaded.stdout.match(/^Loaded image: (\S+)$/gm)?.map((line) => line.slice('Loaded image: '.length));
    ok(`loaded ${tags?.join(', ') ?? name} (${secondsSince(start)})`);
  }
}
