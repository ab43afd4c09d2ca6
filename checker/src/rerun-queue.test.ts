import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rerunQueue } from './rerun-queue.js';

/** A run whose end the test controls, recording how many runs overlap. */
function fakeRuns() {
  const calls: string[][] = [];
  const ends: (() => void)[] = [];
  let active = 0;
  let maxActive = 0;
  const run = (paths: string[]): Promise<void> => {
    calls.push(paths);
    active += 1;
    maxActive = Math.max(maxActive, active);
    return new Promise((resolve) => ends.push(() => ((active -= 1), resolve())));
  };
  return { calls, run, finish: () => ends.shift()?.(), maxActive: () => maxActive };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('rerunQueue', () => {
  it('gathers a burst of saves into one run after a quiet period', async () => {
    const runs = fakeRuns();
    const q = rerunQueue({ run: runs.run }, 300);
    q.changed('a.ts');
    await vi.advanceTimersByTimeAsync(200);
    q.changed('b.ts');
    q.changed('a.ts');
    await vi.advanceTimersByTimeAsync(299);
    expect(runs.calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs.calls).toEqual([['a.ts', 'b.ts']]);
  });

  it('never runs twice at once: saves during a run cause exactly one more run after it', async () => {
    const runs = fakeRuns();
    const queued: string[] = [];
    const q = rerunQueue({ run: runs.run, onQueued: (p) => queued.push(p) }, 300);
    q.now();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs.calls).toEqual([[]]);
    q.changed('a.ts');
    q.changed('b.ts');
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs.calls).toHaveLength(1);
    expect(queued).toEqual(['a.ts']); // told once, not per save
    runs.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs.calls).toEqual([[], ['a.ts', 'b.ts']]);
    runs.finish();
    await q.idle();
    expect(runs.calls).toHaveLength(2);
    expect(runs.maxActive()).toBe(1);
  });

  it('goes on after a run that throws, and stops taking work when stopped', async () => {
    let count = 0;
    const q = rerunQueue({ run: async () => {
      count += 1;
      throw new Error('boom');
    } }, 10);
    q.now();
    await q.idle();
    q.changed('x');
    await vi.advanceTimersByTimeAsync(10);
    await q.idle();
    expect(count).toBe(2);
    q.stop();
    q.changed('y');
    q.now();
    await vi.advanceTimersByTimeAsync(100);
    expect(count).toBe(2);
  });
});
