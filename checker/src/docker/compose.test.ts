import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig, upFailureReason } from './compose.js';

describe('upFailureReason', () => {
  it("skips compose's progress lines for the line that says what went wrong", () => {
    const message = [
      ' Network shipshape-abc_default  Creating',
      ' Network shipshape-abc_default  Created',
      ' Container shipshape-abc-db-1  Started',
      ' Container shipshape-abc-app-1  Waiting',
      'container shipshape-abc-app-1 is unhealthy',
    ].join('\n');
    expect(upFailureReason(message)).toBe('container shipshape-abc-app-1 is unhealthy');
  });

  it('falls back to the last line, without colour codes', () => {
    expect(upFailureReason('\u001b[32m Container x  Started\u001b[0m\n Container y  Started\n')).toBe('Container y  Started');
  });
});

describe('compose', () => {
  it('gives the stack the project’s variables and where the engine is, nothing else of this process', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shipshape-compose-env-'));
    try {
      await writeFile(
        join(dir, 'compose.yaml'),
        'services:\n  app:\n    image: scratch\n    environment:\n      OWN: ${OWN:-unset}\n      LEAKED: ${SHIPSHAPE_TEST_LEAK:-unset}\n      CONFIG: ${DOCKER_CONFIG:-unset}\n',
      );
      process.env.SHIPSHAPE_TEST_LEAK = 'grader-secret';
      process.env.DOCKER_CONFIG = join(dir, 'docker-config');
      const project = { name: 'shipshape-env-test', dir, files: ['compose.yaml'], env: { OWN: 'mine' } };
      const { config, error } = await resolveConfig(project);
      expect(error).toBeUndefined();
      expect(config?.services?.app?.environment).toEqual({ OWN: 'mine', LEAKED: 'unset', CONFIG: join(dir, 'docker-config') });
    } finally {
      delete process.env.SHIPSHAPE_TEST_LEAK;
      delete process.env.DOCKER_CONFIG;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
