// npm run images [-- --no-pull --rebuild --verbose --save DIR --load DIR]
//
// Makes the course's images (infra/images/Dockerfile) present in the local Docker engine: each is
// already there, pulled (bounded in time), or built as a local stand-in when no registry answers.
// Idempotent: a second run only inspects. --save/--load move the images as tarballs.
import { parseArgs } from 'node:util';
import { dockerSucceeds } from '../lib/docker.js';
import { loadCourseImages, saveCourseImages } from '../lib/image-archive.js';
import { phase, runMain } from '../lib/report.js';
import { ensureCourseImages, ensureOptionsFrom } from '../lib/standins.js';

const USAGE = `Usage: npm run images -- [options]
  --no-pull      do not try docker pull (also SHIPSHAPE_NO_PULL=1); build missing images locally
  --rebuild      rebuild local stand-ins even when they are up to date
  --verbose      show build output as it happens
  --load DIR     first docker load every DIR/*.tar (made by --save)
  --save DIR     afterwards docker save every course image into DIR/<stage>.tar`;

/** Options shared with provision.ts, which passes its own flags through. */
export const IMAGE_FLAGS = {
  'no-pull': { type: 'boolean' },
  rebuild: { type: 'boolean' },
  verbose: { type: 'boolean' },
} as const;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { ...IMAGE_FLAGS, save: { type: 'string' }, load: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!(await dockerSucceeds(['info']))) {
    throw new Error('no Docker engine answers: start Docker, or run `npm run provision` (as root on a bare Debian machine)');
  }
  const { load, save } = values;
  if (load) await phase(`Loading images from ${load}`, () => loadCourseImages(load));
  await phase('Course images', () => ensureCourseImages(ensureOptionsFrom(values)));
  if (save) await phase(`Saving images to ${save}`, () => saveCourseImages(save));
}

// Imported by provision.ts for its flags: run only when started as a script.
if (import.meta.filename === process.argv[1]) runMain(main);
