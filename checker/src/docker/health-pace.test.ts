import { describe, expect, it } from 'vitest';
import { briskPace, goDurationMs } from './health-pace.js';

describe('briskPace', () => {
  it('polls every two seconds and keeps the time it takes to be declared unhealthy', () => {
    expect(briskPace(5000, 3)).toEqual({ intervalMs: 2000, retries: 8 });
    expect(briskPace(30_000, 3)).toEqual({ intervalMs: 2000, retries: 45 });
  });

  it("uses Docker's defaults for what the learner left out", () => {
    expect(briskPace(undefined, undefined)).toEqual({ intervalMs: 2000, retries: 45 });
  });

  it('keeps the pace and the retries of a check that already polls fast', () => {
    expect(briskPace(500, 4)).toEqual({ intervalMs: 500, retries: 4 });
    expect(briskPace(2000, 15)).toEqual({ intervalMs: 2000, retries: 15 });
  });
});

describe('goDurationMs', () => {
  it('reads the durations compose prints', () => {
    expect(goDurationMs('2s')).toBe(2000);
    expect(goDurationMs('1m30s')).toBe(90_000);
    expect(goDurationMs('500ms')).toBe(500);
    expect(goDurationMs(undefined)).toBeUndefined();
    expect(goDurationMs('soon')).toBeUndefined();
  });
});
