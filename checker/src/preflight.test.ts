import { describe, expect, it } from 'vitest';
import { run } from './docker/cli.js';
import { preflight, PreflightError } from './preflight.js';

// A course image this machine lacks, made up for the test, and one it has to stand in for it.
const MISSING = 'shipshape-preflight-test:1';
const PRESENT = 'debian:bookworm-slim';

describe('preflight', () => {
  it('names an image that is neither here nor pullable, and where to look next', async () => {
    const error = await preflight(['shipshape-no-such-image:0'], 'en').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(PreflightError);
    expect((error as Error).message).toContain('shipshape-no-such-image:0');
    expect((error as Error).message).toContain('npm run doctor');
  });

  it('passes when Docker answers and the images are present', async () => {
    await expect(preflight([], 'en')).resolves.toBeUndefined();
  });

  it('gets missing course images itself on a first run, and says so, with the time it took', async () => {
    const lines: string[] = [];
    try {
      await preflight([MISSING], 'zh-Hans', {
        courseRefs: async () => [MISSING],
        // As `npm run images` would, minus the minutes: the image appears.
        getCourseImages: async () => void (await run(['tag', PRESENT, MISSING])),
        write: (line) => lines.push(line),
      });
      expect(lines[0]).toContain(`本机还没有课程镜像（${MISSING}）`);
      expect(lines[1]).toMatch(/^课程镜像已就绪，用时 \d+ 秒。$/);
    } finally {
      await run(['rmi', MISSING]);
    }
  });

  it('ends with what failed when the course images cannot be got', async () => {
    const error = await preflight([MISSING], 'en', {
      courseRefs: async () => [MISSING],
      getCourseImages: async () => {
        throw new Error('building the stand-in for postgres:15-bookworm failed: no Debian mirror answers');
      },
      write: () => undefined,
    }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(PreflightError);
    expect((error as Error).message).toContain('no Debian mirror answers');
    expect((error as Error).message).toContain(MISSING);
  });
});
