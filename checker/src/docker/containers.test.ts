import { afterAll, describe, expect, it } from 'vitest';
import type { StartedTestContainer } from 'testcontainers';
import { courseImage } from '../course-images.js';
import { run } from './cli.js';
import { configureTestcontainers, LimitedContainer, StartedWait } from './containers.js';
import { newRunId } from './labels.js';

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
