import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as dockerignoreModule from '@balena/dockerignore';
import type { Ignore } from '@balena/dockerignore';
import { externalBases } from '../../src/docker/dockerfile.js';
import { needs, type CheckContext } from '../../src/exercise.js';
import { fail } from '../../src/verdict.js';
import type { ImageStack } from './stack.js';

// A CommonJS module whose typings declare an ES default export.
const ignore = (dockerignoreModule as unknown as { default: () => Ignore }).default;

/** A path inside each thing that must stay out of the build context. */
const MUST_BE_IGNORED = [
  { what: 'node_modules', probes: ['node_modules', 'node_modules/express/package.json'] },
  { what: '.git', probes: ['.git', '.git/HEAD'] },
  { what: '.env', probes: ['.env'] },
];

export async function dockerignore(_stack: ImageStack, ctx: CheckContext): Promise<void> {
  const path = join(ctx.dir, '.dockerignore');
  if (!existsSync(path)) {
    fail('a .dockerignore file next to the Dockerfile', 'no .dockerignore: the whole folder, node_modules and .env included, is sent to the build');
  }
  // @balena/dockerignore implements Docker's own matching rules, including `!` exceptions.
  const rules = ignore().add((await readFile(path, 'utf8')).split(/\r?\n/));
  const missing = MUST_BE_IGNORED.filter(({ probes }) => !probes.every((p) => rules.ignores(p))).map((m) => m.what);
  if (missing.length > 0) {
    fail('node_modules, .git and .env to be excluded', `.dockerignore does not exclude ${missing.join(', ')}`);
  }
}

export async function pinnedBase(stack: ImageStack): Promise<void> {
  const bases = externalBases(await needs('image-builds', stack.dockerfile));
  const floating = bases.filter((b) => !b.digest && (b.tag === undefined || b.tag === 'latest'));
  if (floating.length > 0) {
    fail(
      'every FROM to name a fixed version (a tag other than latest, or a digest)',
      floating.map((b) => `line ${b.line}: FROM ${b.ref}${b.tag ? '' : ' (no tag means latest)'}`).join('; '),
    );
  }
}
