import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CheckFailure } from '../../src/verdict.js';
import { EnvironmentsStack } from './stack.js';

let dir: string;
let outside: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipshape-ex3-stack-'));
  outside = await mkdtemp(join(tmpdir(), 'shipshape-ex3-outside-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

const BASE = 'services:\n  app:\n    build: .\n  db:\n    image: postgres:15-bookworm\n';
const prod = (file: string): string => `services:\n  app:\n    secrets: [pw]\nsecrets:\n  pw:\n    file: ${file}\n`;

describe('EnvironmentsStack: planting the secret files', () => {
  it('writes the planted password into the copy, never into the learner’s folder', async () => {
    await writeFile(join(dir, 'compose.yaml'), BASE);
    await writeFile(join(dir, 'compose.override.yaml'), 'services: {}\n');
    await writeFile(join(dir, 'compose.prod.yaml'), prod('./secrets/pw.txt'));
    const stack = new EnvironmentsStack({ exerciseId: 'exercise-3', dir, runId: 'unit-plant' }, () => undefined);
    try {
      const production = await stack.production();
      expect(existsSync(join(dir, 'secrets'))).toBe(false);
      expect(await readFile(join(production.dir, 'secrets', 'pw.txt'), 'utf8')).toBe(`${stack.planted}\n`);
    } finally {
      await stack.teardown();
    }
  });

  it('refuses a secret file that a symbolic link leads out of the folder', async () => {
    await writeFile(join(dir, 'compose.yaml'), BASE);
    await writeFile(join(dir, 'compose.override.yaml'), 'services: {}\n');
    await writeFile(join(dir, 'compose.prod.yaml'), prod('./keys/pw.txt'));
    await mkdir(join(outside, 'target'));
    await symlink(join(outside, 'target'), join(dir, 'keys'));
    const stack = new EnvironmentsStack({ exerciseId: 'exercise-3', dir, runId: 'unit-symlink' }, () => undefined);
    try {
      const failure = await stack.production().catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(CheckFailure);
      expect((failure as CheckFailure).verdict.actual).toContain('symbolic link');
      expect(existsSync(join(outside, 'target', 'pw.txt'))).toBe(false);
    } finally {
      await stack.teardown();
    }
  });
});
