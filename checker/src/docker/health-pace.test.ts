import { describe, expect, it } from 'vitest';
import { briskPace, goDurationMs } from './health-pace.js';

describe('briskPace', () => {
  it('polls every second and keeps the time it takes to be declared unhealthy', () => {
    expect(briskPace(5000, 3)).toEqual({ intervalMs: 1000, retries: 15 });
    expect(briskPace(2000, 15)).toEqual({ intervalMs: 1000, retries: 30 });
  });

  it("uses Docker's defaults for what the learner left out", () => {
    expect(briskPace(undefined, undefined)).toEqual({ intervalMs: 1000, retries: 90 });
  });

  it('never lowers the retries of a check that already polls fast', () => {
    expect(briskPace(500, 4)).toEqual({ intervalMs: 1000, retries: 4 });
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
