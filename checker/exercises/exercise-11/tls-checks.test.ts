import { describe, expect, it } from 'vitest';
import { hstsMaxAge } from './tls-checks.js';

describe('hstsMaxAge', () => {
  it('reads max-age wherever it sits, quoted or not, and nothing from a header without one', () => {
    expect(hstsMaxAge('max-age=31536000')).toBe(31536000);
    expect(hstsMaxAge('includeSubDomains; max-age="63072000"; preload')).toBe(63072000);
    expect(hstsMaxAge('includeSubDomains')).toBeUndefined();
    expect(hstsMaxAge(undefined)).toBeUndefined();
  });
});
