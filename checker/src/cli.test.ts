import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { $ } from 'zx';
import { leftovers } from './docker/cleanup.js';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
// As `npm run check` runs it: one node process, so a signal reaches the CLI's own handler.
const node = [process.execPath, '--import', 'tsx'];

describe('npm run check', () => {
  it('explains an unreachable Docker in one paragraph, without a stack trace', async () => {
    const res = await $({ nothrow: true, env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock', SHIPSHAPE_LANG: 'en' } })`${node} ${cli} exercise-1 --solution`;
    expect(res.exitCode).toBe(2);
    expect(res.stderr).toContain('Docker is not reachable');
    expect(res.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it('rejects an unknown exercise with the list of real ones', async () => {
    const res = await $({ nothrow: true })`${node} ${cli} exercise-99`;
    expect(res.exitCode).toBe(2);
    expect(res.stderr).toContain('No exercise called "exercise-99"');
    expect(res.stderr).toContain('exercise-1');
  });

  it('removes every container, network and image when interrupted mid-run', async () => {
    const before = new Set(await leftovers());
    // Its own process group, as in a terminal, where Ctrl-C reaches every process of the job.
    const child = spawn(node[0]!, [...node.slice(1), cli, 'exercise-1', '--solution'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for await (const line of createInterface({ input: child.stdout })) {
      if (line.includes('starting PostgreSQL')) break;
    }
    await new Promise((r) => setTimeout(r, 1500));
    process.kill(-child.pid!, 'SIGINT');
    expect(await exited).toBe(130);
    const after = (await leftovers()).filter((item) => !before.has(item));
    expect(after).toEqual([]);
  }, 180_000);
});
