import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadManifest } from './manifest.js';
import type { RunResult } from './results.js';
import type { runChecks } from './run-checks.js';
import { Session } from './session.js';

const exercise = loadManifest().exercises[0]!;
const result = (runId: string): RunResult => ({ exerciseId: exercise.id, dir: runId, checks: [], errors: [], durationMs: 1 });
const sessions: Session[] = [];
afterEach(() => sessions.splice(0).forEach((s) => s.dispose()));

function setup(fake: typeof runChecks) {
  const exit = vi.fn();
  const removeRun = vi.fn(async () => undefined);
  const onSignal = vi.fn();
  const session = new Session({ runChecks: fake, exit, removeRun, onSignal });
  sessions.push(session);
  return { session, exit, removeRun, onSignal };
}

describe('Session', () => {
  it('runs one at a time, with a fresh run id each time', async () => {
    const ids: string[] = [];
    const { session } = setup(async (_ex, _dir, _l, runId) => {
      ids.push(runId!);
      return result(runId!);
    });
    await session.run(exercise, '/a', {});
    await session.run(exercise, '/b', {});
    expect(new Set(ids).size).toBe(2);
    let release = (): void => undefined;
    const slow = setup(() => new Promise<RunResult>((r) => (release = () => r(result('x'))))).session;
    const first = slow.run(exercise, '/a', {});
    await expect(slow.run(exercise, '/b', {})).rejects.toThrow(/already going/);
    release();
    await first;
  });

  it('on Ctrl-C stops the watcher, interrupts the run through its handle, and exits 130', async () => {
    const interrupt = vi.fn(async () => undefined);
    const { session, exit, removeRun, onSignal } = setup((_ex, _dir, _l, _id, onHandle) => {
      onHandle?.({ interrupt });
      return new Promise<RunResult>(() => undefined);
    });
    const closed = vi.fn();
    session.onStop(closed);
    void session.run(exercise, '/a', {});
    await session.signal('SIGINT');
    expect(onSignal).toHaveBeenCalledWith('SIGINT', true);
    expect(closed).toHaveBeenCalled();
    expect(interrupt).toHaveBeenCalledOnce();
    expect(removeRun).not.toHaveBeenCalled();
    expect(exit).toHaveBeenCalledWith(130);
    await session.signal('SIGINT'); // a second Ctrl-C does not start a second clean-up
    expect(interrupt).toHaveBeenCalledOnce();
  });

  it('removes by run id when the run had no handle yet, and exits 143 on SIGTERM', async () => {
    let id = '';
    const { session, exit, removeRun } = setup((_ex, _dir, _l, runId) => {
      id = runId!;
      return new Promise<RunResult>(() => undefined);
    });
    void session.run(exercise, '/a', {});
    await session.signal('SIGTERM');
    expect(removeRun).toHaveBeenCalledWith(id);
    expect(exit).toHaveBeenCalledWith(143);
  });

  it('between runs (watching, idle) just closes and exits', async () => {
    const { session, exit, removeRun, onSignal } = setup(async () => result('x'));
    await session.run(exercise, '/a', {});
    await session.signal('SIGINT');
    expect(onSignal).toHaveBeenCalledWith('SIGINT', false);
    expect(removeRun).not.toHaveBeenCalled();
    expect(exit).toHaveBeenCalledWith(130);
  });
});
