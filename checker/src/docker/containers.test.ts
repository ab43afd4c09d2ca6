import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { StartedTestContainer } from 'testcontainers';
import { courseImage } from '../course-images.js';
import { leftovers, removeRun } from './cleanup.js';
import { run } from './cli.js';
import { configureTestcontainers, containerState, LimitedContainer, StartedWait } from './containers.js';
import { newRunId, RUN_LABEL } from './labels.js';

describe('LimitedContainer', () => {
  const started: StartedTestContainer[] = [];
  afterAll(async () => {
    await Promise.all(started.map((c) => c.stop({ timeout: 0 })));
  });

  it("switches off a health check, whatever the image or an earlier call declared", async () => {
    configureTestcontainers();
    const container = await new LimitedContainer(await courseImage('debian'), newRunId())
      .withHealthCheck({ test: ['CMD', 'true'], interval: 1000 })
      .withoutHealthCheck()
      .withCommand(['sleep', '30'])
      .withWaitStrategy(new StartedWait())
      .start();
    started.push(container);
    const inspect = await run(['container', 'inspect', '--format', '{{json .Config.Healthcheck}} {{json .State.Health}}', container.getId()]);
    expect(inspect.stdout.trim()).toBe('{"Test":["NONE"]} null');
  });
});

describe('containerState', () => {
  const runId = newRunId();
  afterAll(async () => {
    await removeRun(runId);
    expect(await leftovers(runId)).toEqual([]);
  });

  it("says what Docker says of a crashing container: its status, exit code and restarts", async () => {
    configureTestcontainers();
    const image = await courseImage('debian');
    const started = await run(['run', '-d', '--label', `${RUN_LABEL}=${runId}`, '--restart', 'on-failure:2', image, 'sh', '-c', 'exit 3']);
    expect(started.ok).toBe(true);
    const id = started.stdout.trim();
    let state = await containerState(id);
    for (let i = 0; i < 60 && state.status !== 'exited'; i++) {
      await sleep(250);
      state = await containerState(id);
    }
    expect(state).toMatchObject({ running: false, status: 'exited', exitCode: 3, restartCount: 2 });
  }, 30_000);
});
