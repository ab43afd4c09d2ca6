import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isIgnored, isWsl, newestChange, watchFolder, watchPlan, type FolderWatcher } from './watch.js';

describe('watch rules', () => {
  it('ignores installs, builds, git and editor temp files, nothing else', () => {
    for (const path of ['node_modules/x/index.js', 'dist/server.js', '.git/index', 'src/.server.ts.swp', 'src/server.ts~', '.#Dockerfile', '4913', 'a/b/node_modules']) {
      expect(isIgnored(path), path).toBe(true);
    }
    for (const path of ['Dockerfile', '.dockerignore', 'src/server.ts', 'src/distance.ts', 'migrations/001.sql', '']) {
      expect(isIgnored(path), path).toBe(false);
    }
  });

  it('recognizes WSL from /proc/version and polls there, warning about /mnt drives', () => {
    expect(isWsl('Linux version 5.15.167.4-microsoft-standard-WSL2 (root@...)')).toBe(true);
    expect(isWsl('Linux version 4.4.0-19041-Microsoft (Microsoft@Microsoft.com)')).toBe(true);
    expect(isWsl('Linux version 6.1.0-28-amd64 (debian-kernel@lists.debian.org)')).toBe(false);
    expect(watchPlan('/mnt/c/Users/me/shipshape/exercises/exercise-1', true)).toEqual({ poll: true, onWindowsDrive: true });
    expect(watchPlan('/home/me/shipshape/exercises/exercise-1', true)).toEqual({ poll: true, onWindowsDrive: false });
    expect(watchPlan('/mnt/c/Users/me/shipshape', false)).toEqual({ poll: false, onWindowsDrive: false });
  });
});

describe.each([false, true])('watchFolder (polling: %s)', (poll) => {
  let dir = '';
  let watcher: FolderWatcher | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shipshape-watch-'));
    await mkdir(join(dir, 'src'));
    await mkdir(join(dir, 'node_modules'));
    await writeFile(join(dir, 'src', 'server.ts'), 'one');
  });
  afterEach(async () => {
    await watcher?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reports saves, new files and deletions, relative to the folder, and ignores node_modules', async () => {
    const seen: string[] = [];
    watcher = await watchFolder(dir, { poll, onChange: (p) => seen.push(p) });
    await writeFile(join(dir, 'node_modules', 'junk.js'), 'x');
    await writeFile(join(dir, 'src', 'server.ts'), 'two');
    await writeFile(join(dir, 'Dockerfile'), 'FROM x');
    await expect.poll(() => seen, { timeout: 5000, interval: 50 }).toEqual(expect.arrayContaining(['src/server.ts', 'Dockerfile']));
    await rm(join(dir, 'Dockerfile'));
    await expect.poll(() => seen.filter((p) => p === 'Dockerfile').length, { timeout: 5000, interval: 50 }).toBe(2);
    expect(seen.some((p) => p.includes('node_modules'))).toBe(false);
  });
});

describe('newestChange', () => {
  it('finds the latest edit, ignoring what the learner did not write', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shipshape-mtime-'));
    try {
      await mkdir(join(dir, 'src'));
      await mkdir(join(dir, 'node_modules'));
      await writeFile(join(dir, 'src', 'a.ts'), 'a');
      await writeFile(join(dir, 'node_modules', 'b.js'), 'b');
      await utimes(join(dir, 'src', 'a.ts'), 1000, 1000);
      await utimes(join(dir, 'node_modules', 'b.js'), 2000, 2000);
      expect(await newestChange(dir)).toBe(1_000_000);
      expect(await newestChange(join(dir, 'missing'))).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
