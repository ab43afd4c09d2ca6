import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { $ } from 'zx';
import { checkCommand } from './check-command.js';
import { run } from './docker/cli.js';
import { PID_LABEL } from './docker/labels.js';
import { loadManifest, repoRoot } from './manifest.js';

// As `npm run check` runs it: one node process, so a signal reaches the CLI's own handler.
const command = checkCommand();
const cli = command.at(-1)!;
const node = command.slice(0, -1);

/**
 * What the given processes left in Docker, found by the pid label on everything a run creates
 * (the pid of the vitest worker that created it). Scoped to those processes, so checks that
 * someone else runs on the same engine meanwhile don't count.
 */
async function leftBehindBy(pids: Iterable<number>): Promise<string[]> {
  const found: string[] = [];
  for (const pid of pids) {
    const filter = `label=${PID_LABEL}=${pid}`;
    for (const [kind, args] of [
      ['container', ['container', 'ls', '-aq']],
      ['network', ['network', 'ls', '-q']],
      ['volume', ['volume', 'ls', '-q']],
      ['image', ['image', 'ls', '-q']],
    ] as const) {
      const res = await run([...args, '--filter', filter]);
      found.push(...res.stdout.split('\n').filter(Boolean).map((id) => `${kind} ${id} (pid ${pid})`));
    }
  }
  return found;
}

/** Every process below `root`, sampled until stopped: the CLI's vitest workers come and go. */
function trackDescendants(root: number): { pids: Set<number>; stop(): void } {
  const pids = new Set<number>([root]);
  const sample = async (): Promise<void> => {
    const res = await $({ nothrow: true, quiet: true })`ps -e -o pid=,ppid=`;
    const parent = new Map(res.stdout.trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number) as [number, number]));
    for (const [pid] of parent) {
      for (let p: number | undefined = pid; p !== undefined && p > 1; p = parent.get(p)) {
        if (p === root) pids.add(pid);
      }
    }
  };
  void sample();
  const timer = setInterval(() => void sample(), 100);
  return { pids, stop: () => clearInterval(timer) };
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

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
    // Its own process group, as in a terminal, where Ctrl-C reaches every process of the job.
    const child = spawn(node[0]!, [...node.slice(1), cli, 'exercise-1', '--solution'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const family = trackDescendants(child.pid!);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for await (const line of createInterface({ input: child.stdout })) {
      // "starting PostgreSQL and your app…", "starting your app (app) next to PostgreSQL…"
      if (/starting .*PostgreSQL/.test(line)) break;
    }
    await new Promise((r) => setTimeout(r, 1500));
    process.kill(-child.pid!, 'SIGINT');
    expect(await exited).toBe(130);
    family.stop();
    expect(family.pids.size).toBeGreaterThan(1); // the worker that created the containers was seen
    // No worker lives on to create something after the sweep.
    await expect.poll(() => [...family.pids].filter(alive), { timeout: 5000 }).toEqual([]);
    expect(await leftBehindBy(family.pids)).toEqual([]);
  }, 180_000);
});

describe('npm run check: reports, check all and watch mode', () => {
  let work = '';
  const env = (): NodeJS.ProcessEnv => {
    // As on CI: not a terminal, no colour forced, results and progress kept out of the repo.
    const { FORCE_COLOR: _force, NO_COLOR: _no, ...rest } = process.env;
    return { ...rest, SHIPSHAPE_LANG: 'en', SHIPSHAPE_PROGRESS_FILE: join(work, 'progress.json'), GITHUB_STEP_SUMMARY: join(work, 'summary.md') };
  };

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'shipshape-cli-'));
    // A course clone whose exercises all fail fast, before any container starts: the untouched
    // starters of Stage 1, and empty folders after it (a later starter can be a working stack
    // that only lacks what its exercise teaches, and takes a full run to fail).
    for (const exercise of loadManifest().exercises) {
      const into = join(work, 'clone', 'exercises', exercise.id);
      if (exercise.stage !== 'stage-1') {
        await mkdir(into, { recursive: true });
        continue;
      }
      await cp(join(repoRoot, 'exercises', exercise.id), into, {
        recursive: true,
        filter: (src) => !/[/\\](node_modules|dist)([/\\]|$)/.test(src),
      });
    }
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('writes JUnit, JSON and the job summary, in plain text off a terminal, and a --dir run is not progress', async () => {
    const res = await $({ nothrow: true, env: env() })`${node} ${cli} exercise-1 --dir ${join(work, 'clone')} --junit ${join(work, 'r.xml')} --json ${join(work, 'r.json')}`;
    expect(res.exitCode).toBe(1);
    expect(res.stdout).not.toMatch(/\u001b\[/);
    expect(res.stdout).toContain('0 passed, 11 failed');
    expect(res.stdout).not.toContain('npm run hint'); // not the learner's own folder
    const xml = await readFile(join(work, 'r.xml'), 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml.match(/<testcase classname="exercise-1" name="\[/g)).toHaveLength(11);
    expect(xml).toContain('<failure message="Expected: a .dockerignore file next to the Dockerfile;');
    const json = JSON.parse(await readFile(join(work, 'r.json'), 'utf8'));
    expect(json).toMatchObject({ schemaVersion: 1, status: 'failed', totals: { checks: 11, points: 0, maxPoints: 100 } });
    expect(await readFile(join(work, 'summary.md'), 'utf8')).toContain('| `dockerignore` ');
    const record = JSON.parse(await readFile(join(work, 'progress.json'), 'utf8'));
    expect(Object.keys(record.exercises['exercise-1'].runs)).toEqual(['other']);
  }, 60_000);

  it('checks every exercise of a clone with `all`, in course order, with a combined summary', async () => {
    const ids = loadManifest().exercises.map((e) => e.id);
    const res = await $({ nothrow: true, env: env() })`${node} ${cli} all --dir ${join(work, 'clone')} --junit ${join(work, 'all.xml')}`;
    expect(res.exitCode).toBe(1);
    const headers = [...res.stdout.matchAll(/^(exercise-\d+): /gm)].map((m) => m[1]);
    expect(headers).toEqual(ids);
    expect(res.stdout).toContain('All exercises');
    const xml = await readFile(join(work, 'all.xml'), 'utf8');
    expect([...xml.matchAll(/<testsuite name="([^"]+)"/g)].map((m) => m[1])).toEqual(ids);
  }, 120_000);

  it('--watch checks again after a save, and Ctrl-C stops it and leaves nothing behind', async () => {
    const dir = join(work, 'clone', 'exercises', 'exercise-1');
    const child = spawn(node[0]!, [...node.slice(1), cli, 'exercise-1', '--watch', '--dir', dir], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: env() });
    const family = trackDescendants(child.pid!);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const lines: string[] = [];
    const waitFor = async (pattern: RegExp, count: number): Promise<void> => {
      await expect.poll(() => lines.filter((l) => pattern.test(l)).length, { timeout: 60_000, interval: 100 }).toBeGreaterThanOrEqual(count);
    };
    createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
    try {
      await waitFor(/^Watching .*exercise-1 — save a file to re-run, Ctrl-C to stop/, 1);
      expect(lines.filter((l) => /\d+ passed, \d+ failed/.test(l))).toHaveLength(1);
      await writeFile(join(dir, 'node_modules-not-really.txt'), 'a new file');
      await waitFor(/node_modules-not-really\.txt changed — checking again/, 1);
      await waitFor(/^Watching /, 2);
      expect(lines.filter((l) => /\d+ passed, \d+ failed/.test(l))).toHaveLength(2);
    } finally {
      process.kill(-child.pid!, 'SIGINT');
    }
    expect(await exited).toBe(130);
    family.stop();
    expect(lines.join('\n')).toContain('Stopped watching.');
    expect(await leftBehindBy(family.pids)).toEqual([]);
  }, 120_000);
});
