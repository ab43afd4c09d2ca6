// The engine learners have. Docker Desktop runs engine 27 and later; Debian 12 packages 20.10.
// Debian 13's dockerd 26.1 and its containerd 1.7 run on Debian 12 (their glibc is old enough;
// trixie's runc is not, so bookworm's stays), on the same data root, so every image is kept.
// `npm run provision -- --engine 26` swaps the running engine for that one; `--engine default`
// swaps back. Both stop the running engine, and with it every container: never on a machine
// that runs anything else.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { $, sleep, which } from 'zx';
import { downloadDebs, exists, isRoot } from './host.js';
import { info, ok, tail } from './report.js';

export const ENGINES = ['default', '26'] as const;
export type EngineChoice = (typeof ENGINES)[number];

const DOCKERD_PID = '/var/run/docker.pid';
const NEWER_HOME = '/opt/shipshape/docker-engine-26';
const NEWER_LOG = '/var/log/shipshape-dockerd-26.log';
const DEFAULT_LOG = '/var/log/shipshape-dockerd.log';
const STOP_TIMEOUT_MS = 60_000;
const START_TIMEOUT_MS = 60_000;

/** The binaries dockerd runs with, from trixie's packages (runc stays bookworm's). */
const FROM_TRIXIE: Record<string, string[]> = {
  'docker.io': ['usr/sbin/dockerd', 'usr/sbin/docker-proxy'],
  containerd: ['usr/bin/containerd', 'usr/bin/containerd-shim-runc-v2'],
};

async function serverVersion(): Promise<string | undefined> {
  const result = await $({ nothrow: true, quiet: true })`docker info --format ${'{{.ServerVersion}}'}`;
  return result.ok ? result.stdout.trim() || undefined : undefined;
}

/** Makes `choice` the engine that answers, swapping the running one out if need be. */
export async function switchEngine(choice: EngineChoice): Promise<void> {
  const running = await serverVersion();
  const wanted = (v: string | undefined): boolean => (choice === '26' ? v?.startsWith('26.') === true : v !== undefined && !v.startsWith('26.'));
  if (wanted(running)) {
    ok(`Docker engine ${running} already answers`);
    return;
  }
  if (!isRoot()) throw new Error('switching the Docker engine stops and starts dockerd: run this as root');
  if (await exists('/run/systemd/system')) {
    throw new Error('this machine runs dockerd under systemd: switch engines there with your package manager, not here');
  }
  const bin = choice === '26' ? await ensureNewerBinaries() : undefined;
  await stopDockerd();
  const log = bin ? NEWER_LOG : DEFAULT_LOG;
  info(`starting dockerd${bin ? ` from ${bin}` : ''} in the background (log: ${log})`);
  const out = openSync(log, 'a');
  const env = bin ? { ...process.env, PATH: `${bin}:${process.env.PATH}` } : process.env;
  const child = spawn(bin ? path.join(bin, 'dockerd') : 'dockerd', [], { detached: true, stdio: ['ignore', out, out], env });
  child.unref();
  closeSync(out);
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const version = await serverVersion();
    if (version && wanted(version)) {
      ok(`Docker engine ${version} answers`);
      return;
    }
    await sleep(500);
  }
  throw new Error(`the engine did not answer within ${START_TIMEOUT_MS / 1000} s; end of ${log}:\n${tail(await readFile(log, 'utf8').catch(() => ''), 20)}`);
}

/** trixie's dockerd and containerd in a folder of their own, with bookworm's runc beside them. */
async function ensureNewerBinaries(): Promise<string> {
  const bin = path.join(NEWER_HOME, 'bin');
  if (await exists(path.join(bin, 'dockerd'))) return bin;
  const runc = await which('runc', { nothrow: true });
  const init = await which('docker-init', { nothrow: true });
  if (!runc || !init) throw new Error('install the default engine first (`npm run provision`): its runc and docker-init are reused');
  const work = await mkdtemp(path.join(os.tmpdir(), 'shipshape-engine-'));
  try {
    info('fetching docker.io and containerd from Debian trixie (a private apt configuration)');
    const debs = await downloadDebs(Object.keys(FROM_TRIXIE), 'trixie', work);
    await mkdir(bin, { recursive: true });
    for (const [pkg, files] of Object.entries(FROM_TRIXIE)) {
      const deb = debs.find((file) => path.basename(file).startsWith(`${pkg}_`));
      if (!deb) throw new Error(`apt-get download gave no ${pkg} package`);
      const root = path.join(work, pkg);
      await $`dpkg -x ${deb} ${root}`;
      for (const file of files) await copyFile(path.join(root, file), path.join(bin, path.basename(file)));
    }
    await symlink(runc, path.join(bin, 'runc'));
    await symlink(init, path.join(bin, 'docker-init'));
    ok(`engine 26 binaries in ${bin}`);
    return bin;
  } catch (err) {
    await rm(NEWER_HOME, { recursive: true, force: true });
    throw err;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function stopDockerd(): Promise<void> {
  const pid = Number((await readFile(DOCKERD_PID, 'utf8').catch(() => '')).trim());
  if (!pid) return;
  info(`stopping the running dockerd (pid ${pid}); its containers stop with it`);
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      // containerd, started by dockerd, goes with it; wait for its socket to be released too.
      await sleep(500);
      return;
    }
    await sleep(250);
  }
  throw new Error(`dockerd (pid ${pid}) did not stop within ${STOP_TIMEOUT_MS / 1000} s`);
}
