import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { checkCommand } from './check-command.js';
import { leftovers } from './docker/cleanup.js';

describe('Ctrl-C during a check', () => {
  // Interrupted in the middle of the slowest step, while containers are being created.
  // Exercise 1's case is cli.test.ts's, which also follows the worker processes.
  it.each([['exercise-2', 'docker compose up --wait']])('leaves no container, network, volume or image of %s behind', async (exercise, cue) => {
    const before = new Set(await leftovers());
    // Its own process group, as in a terminal, where Ctrl-C reaches every process of the job;
    // one node process, as `npm run check` runs it, so the signal reaches the CLI's handler.
    const [node, ...args] = checkCommand();
    const child = spawn(node!, [...args, exercise, '--solution'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for await (const line of createInterface({ input: child.stdout })) {
      if (line.includes(cue)) break;
    }
    await new Promise((r) => setTimeout(r, 1500));
    process.kill(-child.pid!, 'SIGINT');
    expect(await exited).toBe(130);
    const after = (await leftovers()).filter((item) => !before.has(item));
    expect(after).toEqual([]);
  }, 180_000);
});
