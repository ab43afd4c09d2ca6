import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CheckFailure } from '../../src/verdict.js';
import { findEnvironments } from './environments.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipshape-environments-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const files = async (entries: Record<string, string>): Promise<void> => {
  for (const [name, text] of Object.entries(entries)) await writeFile(join(dir, name), text);
};

describe('findEnvironments', () => {
  it('takes compose.override.yaml for development and compose.prod.yaml for production', async () => {
    await files({ 'compose.yaml': 'services: {}\n', 'compose.override.yaml': 'services: {}\n', 'compose.prod.yaml': 'services: {}\n' });
    const found = await findEnvironments(dir);
    expect(found.development).toMatchObject({ files: ['compose.yaml', 'compose.override.yaml'], profiles: [] });
    expect(found.production).toMatchObject({ files: ['compose.yaml', 'compose.prod.yaml'], profiles: [] });
  });

  it('prefers an explicit compose.dev.yaml to the override file', async () => {
    await files({ 'compose.yaml': 'services: {}\n', 'compose.override.yaml': '', 'compose.dev.yaml': '', 'compose.production.yml': '' });
    const found = await findEnvironments(dir);
    expect(found.development.files).toEqual(['compose.yaml', 'compose.dev.yaml']);
    expect(found.production.files).toEqual(['compose.yaml', 'compose.production.yml']);
  });

  it('finds profiles in compose.yaml when there are no extra files', async () => {
    await files({ 'compose.yaml': 'services:\n  a:\n    profiles: [development]\n  b:\n    profiles: [prod, staging]\n' });
    const found = await findEnvironments(dir);
    expect(found.development).toMatchObject({ files: ['compose.yaml'], profiles: ['development'], command: 'docker compose --profile development up' });
    expect(found.production).toMatchObject({ files: ['compose.yaml'], profiles: ['prod'] });
  });

  it('says which variant is missing', async () => {
    await files({ 'compose.yaml': 'services: {}\n', 'compose.override.yaml': '' });
    const failure = await findEnvironments(dir).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(CheckFailure);
    expect((failure as CheckFailure).verdict.actual).toBe('no production variant');
    expect((failure as CheckFailure).verdict.localized.actual['zh-Hans']).toBe('没有生产变体');
  });
});
