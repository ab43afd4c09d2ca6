import { describe, expect, it } from 'vitest';
import { preflight, PreflightError } from './preflight.js';

describe('preflight', () => {
  it('names an image that is neither here nor pullable, and how to get it', async () => {
    const error = await preflight(['shipshape-no-such-image:0'], 'en').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(PreflightError);
    expect((error as Error).message).toContain('shipshape-no-such-image:0');
    expect((error as Error).message).toContain('npm run images');
  });

  it('passes when Docker answers and the images are present', async () => {
    await expect(preflight([], 'en')).resolves.toBeUndefined();
  });
});
