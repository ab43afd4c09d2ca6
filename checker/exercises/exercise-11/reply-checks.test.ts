import { describe, expect, it } from 'vitest';
import { cacheSeconds, missingSecurityHeaders } from './reply-checks.js';

describe('missingSecurityHeaders', () => {
  it('accepts either way of refusing frames, any known referrer policy, and a Server without a version', () => {
    const base = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', server: 'nginx' };
    expect(missingSecurityHeaders({ ...base, 'x-frame-options': 'DENY' })).toEqual([]);
    expect(missingSecurityHeaders({ ...base, 'x-frame-options': 'sameorigin' })).toEqual([]);
    expect(missingSecurityHeaders({ ...base, 'content-security-policy': "default-src 'self'; frame-ancestors 'none'" })).toEqual([]);
    // A fallback list as browsers read it: the last one they know wins.
    expect(missingSecurityHeaders({ ...base, 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer, strict-origin-when-cross-origin' })).toEqual([]);
  });

  it('names each header that is missing or wrong', () => {
    expect(missingSecurityHeaders({ server: 'nginx/1.22.1', 'x-frame-options': 'ALLOW-FROM https://example.com', 'referrer-policy': 'sometimes' })).toEqual([
      'X-Content-Type-Options: nosniff',
      'X-Frame-Options (or a CSP frame-ancestors)',
      'Referrer-Policy',
      'a Server header without a version (it says "nginx/1.22.1")',
    ]);
  });
});

describe('cacheSeconds', () => {
  it('reads max-age first, then Expires against Date, and no-cache as none', () => {
    expect(cacheSeconds({ 'cache-control': 'public, max-age=2592000, immutable' })).toBe(2592000);
    expect(cacheSeconds({ 'cache-control': 'no-cache', expires: 'Thu, 31 Dec 2037 23:55:55 GMT' })).toBe(0);
    expect(cacheSeconds({ date: 'Thu, 03 Dec 2026 10:00:00 GMT', expires: 'Thu, 10 Dec 2026 10:00:00 GMT' })).toBe(7 * 86400);
    expect(cacheSeconds({ date: 'Thu, 03 Dec 2026 10:00:00 GMT', expires: 'Thu, 01 Jan 1970 00:00:01 GMT' })).toBe(0);
    expect(cacheSeconds({ 'last-modified': 'Thu, 03 Dec 2026 10:00:00 GMT' })).toBeUndefined();
  });
});
