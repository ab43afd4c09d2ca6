// A Docker engine for a machine that has only the docker client: Debian's docker.io package
// (engine 20.10 on Debian 12), started in the background where no init system runs.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { $, sleep, which } from 'zx';
import { ensureHostPackages, exists, isRoot } from './host.js';
import { info, ok, tail } from './report.js';

const DOCKERD_LOG = '/var/log/shipshape-dockerd.log';
const DOCKERD_PID = '/var/run/docker.pid';
const START_TIMEOUT_SECONDS = 60;

export async function ensureDockerEngine(): Promise<void> {
  const probe = await engineVersion();
  if (probe.version) {
    ok(`Docker engine ${probe.version} already answers`);
    return;
  }
  if (/permission denied/i.test(probe.error)) {
    throw new Error(
      'a Docker engine runs but this user may not use it: `sudo usermod -aG docker $USER`, log in again, rerun',
    );
  }
  if (!isRoot()) {
    throw new Error(
      'no Docker engine answers. Start Docker Desktop or your engine; on Debian as root: ' +
        '`apt-get install -y docker.io && (dockerd >/var/log/dockerd.log 2>&1 &)`, or run this script as root',
    );
  }
  if (!(await which('dockerd', { nothrow: true }))) {
    const start = performance.now();
    await ensureHostPackages(['docker.io'], ['dockerd']);
    ok(`installed docker.io (${((performance.now() - start) / 1000).toFixed(1)} s)`);
  }
  if (!(await dockerdAlive())) await startDockerd();
  const version = await waitForEngine();
  ok(`Docker engine ${version} answers`);
}

async function engineVersion(): Promise<{ version?: string; error: string }> {
  const result = await $({ nothrow: true, quiet: true })`docker info --format ${'{{.ServerVersion}}'}`;
  const version = result.stdout.trim();
  return result.ok && version ? { version, error: '' } : { error: result.stderr };
}

/** A dockerd started earlier (by us, its package or an init script) may still be coming up. */
async function dockerdAlive(): Promise<boolean> {
  const pid = Number((await readFile(DOCKERD_PID, 'utf8').catch(() => '')).trim());
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function startDockerd(): Promise<void> {
  if (await exists('/run/systemd/system')) {
    info('starting docker.service with systemd');
    await $`systemctl start docker`;
    return;
  }
  // No init system (CI containers, WSL without systemd): run dockerd detached so it outlives
  // this script, with its log in a file for when it does not come up.
  info(`starting dockerd in the background (log: ${DOCKERD_LOG})`);
  const log = openSync(DOCKERD_LOG, 'a');
  const child = spawn('dockerd', [], { detached: true, stdio: ['ignore', log, log] });
  child.unref();
  closeSync(log);
}

async function waitForEngine(): Promise<string> {
  const deadline = performance.now() + START_TIMEOUT_SECONDS * 1000;
  while (performance.now() < deadline) {
    const { version } = await engineVersion();
    if (version) return version;
    await sleep(500);
  }
  const log = await readFile(DOCKERD_LOG, 'utf8').catch(() => '');
  throw new Error(`the Docker engine did not answer within ${START_TIMEOUT_SECONDS} s; end of ${DOCKERD_LOG}:\n${tail(log, 20)}`);
}
