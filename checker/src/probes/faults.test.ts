import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { courseImages } from '../../../infra/images.js';
import { run } from '../docker/cli.js';
import { removeRun } from '../docker/cleanup.js';
import { newRunId, runLabels } from '../docker/labels.js';
import { Faults } from './faults.js';
import { httpFromHost } from './http.js';
import type { Reply } from './reply.js';

const SERVER = `require('node:http').createServer((q, s) => s.end('ok')).listen(3000);`;

describe('Faults', () => {
  const runId = newRunId();
  const faults = new Faults(runId);
  const labels = Object.entries(runLabels(runId)).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
  let image = '';
  let id = '';
  let url = '';

  async function probe(timeoutMs = 1000): Promise<Reply> {
    return httpFromHost(url, { timeoutMs });
  }

  async function answers(): Promise<boolean> {
    for (let attempt = 0; attempt < 40; attempt++) {
      if ((await probe()).ok) return true;
      await sleep(250);
    }
    return false;
  }

  beforeAll(async () => {
    // Fail, never skip: without Docker these tests would prove nothing.
    const version = await run(['version', '--format', '{{.Server.Version}}'], 15_000);
    if (!version.ok) throw new Error(`Docker is not reachable: ${version.stderr.trim()}`);
    const images = await courseImages();
    image = images.node ?? '';
    if (!image || !(await run(['image', 'ls', '-q', image])).stdout.trim()) {
      throw new Error(`the image ${image || 'node'} is not here; build it with npm run images`);
    }
    const started = await run(['run', '-d', '--name', `shipshape-${runId}-app`, ...labels, '-p', '127.0.0.1::3000', image, 'node', '-e', SERVER]);
    if (!started.ok) throw new Error(`could not start the test container: ${started.stderr}`);
    id = started.stdout.trim();
    const port = await run(['port', id, '3000/tcp']);
    url = `http://${port.stdout.trim().split('\n')[0]}/health`;
    if (!(await answers())) throw new Error(`the test server did not answer at ${url}`);
  });

  afterAll(async () => {
    await removeRun(runId);
  });

  it('pause makes a probe time out, unpause brings it back', async () => {
    const paused = await faults.pause(id);
    expect(paused.ok).toBe(true);
    expect(paused.transcript).toMatch(new RegExp(`^docker pause shipshape-${runId}-app took \\d+\\.\\d s$`));
    const hung = await probe(500);
    expect(hung).toMatchObject({ ok: false, kind: 'timeout' });
    const resumed = await faults.unpause(id);
    expect(resumed.transcript).toMatch(/^docker unpause .* took \d+\.\d s$/);
    expect((await probe(2000)).ok).toBe(true);
  });

  it('takes the container off a network and puts it back', async () => {
    const network = `shipshape-${runId}-net`;
    expect((await run(['network', 'create', ...labels, network])).ok).toBe(true);
    const attached = await faults.connect(id, network, { aliases: ['app'] });
    expect(attached.transcript).toMatch(new RegExp(`^docker network connect ${network} shipshape-${runId}-app took`));
    const networks = async (): Promise<string> =>
      (await run(['container', 'inspect', '--format', '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}', id])).stdout;
    expect(await networks()).toContain(network);
    expect((await faults.disconnect(id, network)).ok).toBe(true);
    expect(await networks()).not.toContain(network);
  });

  it('says what docker said when an action fails', async () => {
    const result = await faults.unpause(id);
    expect(result.ok).toBe(false);
    expect(result.transcript).toMatch(/^docker unpause .* failed after \d+\.\d s: .*not paused/);
  });

  it('kill ends the container, start brings it back', async () => {
    const killed = await faults.kill(id);
    expect(killed.transcript).toMatch(/^docker kill --signal SIGKILL .* took \d+\.\d s$/);
    const state = await run(['container', 'inspect', '--format', '{{.State.Running}} {{.State.ExitCode}}', id]);
    expect(state.stdout.trim()).toBe('false 137');
    expect((await probe()).ok).toBe(false);
    expect((await faults.start(id)).ok).toBe(true);
    // A restarted container may publish its port elsewhere.
    url = `http://${(await run(['port', id, '3000/tcp'])).stdout.trim().split('\n')[0]}/health`;
    expect(await answers()).toBe(true);
    // node as PID 1 ignores SIGTERM, so stop waits out its grace period before SIGKILL.
    const stopped = await faults.stop(id, { graceSeconds: 1 });
    expect(stopped.ok).toBe(true);
    expect(stopped.ms).toBeGreaterThanOrEqual(900);
  });

  it('refuses a container that is not its run', async () => {
    const created = await run(['create', image, 'true']);
    expect(created.ok).toBe(true);
    const stranger = created.stdout.trim();
    try {
      await expect(faults.kill(stranger)).rejects.toThrow(/refusing to touch .*: it does not carry dev\.shipshape\.run=/);
      await expect(new Faults('another-run').pause(id)).rejects.toThrow(/refusing to touch/);
      await expect(faults.stop('shipshape-no-such-container')).rejects.toThrow(/no container/);
    } finally {
      await run(['container', 'rm', '-f', stranger]);
    }
  });
});
