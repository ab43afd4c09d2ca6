import { describe, expect, it } from 'vitest';
import { lifetimeSeconds, parseSetCookie, sessionIdCandidates, validRetryAfter } from './cookie.js';

const now = new Date('2026-12-03T12:00:00Z');

describe('parseSetCookie', () => {
  it("reads express-session's cookie, an Expires date with its comma included", () => {
    const c = parseSetCookie('hr.sid=s%3Aabc.def; Path=/; Expires=Thu, 03 Dec 2026 20:00:00 GMT; HttpOnly; Secure; SameSite=Lax');
    expect(c).toMatchObject({ name: 'hr.sid', value: 's%3Aabc.def', httpOnly: true, secure: true, sameSite: 'Lax' });
    expect(lifetimeSeconds(c, now)).toBe(8 * 3600);
  });

  it('says nothing it was not told: no flags, no lifetime', () => {
    const c = parseSetCookie('connect.sid=s%3Aabc.def; Path=/');
    expect(c).toMatchObject({ httpOnly: false, secure: false, sameSite: undefined });
    expect(lifetimeSeconds(c, now)).toBeUndefined();
  });

  it('lets Max-Age win over Expires, and reads attributes in any case', () => {
    const c = parseSetCookie('sid=1; expires=Thu, 31 Dec 2026 00:00:00 GMT; max-age=60; samesite=strict; httponly');
    expect(lifetimeSeconds(c, now)).toBe(60);
    expect(c.sameSite).toBe('strict');
    expect(c.httpOnly).toBe(true);
  });
});

describe('sessionIdCandidates', () => {
  it("finds the id in express-session's signed value", () => {
    expect(sessionIdCandidates('s%3A4_WHXTU1PLDl16ETiX0kBJcJezbZl-4i.DMN6y9HUkhUnPvGYJR7LQvkjuavojGu7Xs2o16e13Hk')).toContain('4_WHXTU1PLDl16ETiX0kBJcJezbZl-4i');
  });

  it('leaves out short parts, which would match keys by chance', () => {
    expect(sessionIdCandidates('s%3Aab.cd')).toEqual([]);
  });
});

describe('validRetryAfter', () => {
  it('takes whole seconds above zero and a future HTTP date', () => {
    expect(validRetryAfter('899', now)).toBe(true);
    expect(validRetryAfter('Thu, 03 Dec 2026 12:15:00 GMT', now)).toBe(true);
  });

  it('refuses none, zero, fractions and a date gone by', () => {
    expect(validRetryAfter(undefined, now)).toBe(false);
    expect(validRetryAfter('0', now)).toBe(false);
    expect(validRetryAfter('1.5', now)).toBe(false);
    expect(validRetryAfter('Thu, 03 Dec 2026 11:00:00 GMT', now)).toBe(false);
  });

  it('refuses a wait of more than an hour: milliseconds written as seconds', () => {
    expect(validRetryAfter('899532', now)).toBe(false);
    expect(validRetryAfter('Thu, 10 Dec 2026 12:00:00 GMT', now)).toBe(false);
    expect(validRetryAfter('3600', now)).toBe(true);
  });
});
