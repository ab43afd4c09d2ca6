import { setTimeout as sleep } from 'node:timers/promises';
import { getContainerRuntimeClient } from 'testcontainers';
import { containerState, logTail } from '../../src/docker/containers.js';
import type { RunningApp } from '../../src/fixtures/app-container.js';
import { httpFromHost } from '../../src/probes/http.js';
import type { Reply } from '../../src/probes/reply.js';
import { tail } from '../../src/verdict.js';

export interface ShutdownObservation {
  /** Still running this long after SIGTERM, then killed; undefined when it exited. */
  stillRunningAfterMs: number | undefined;
  exitCode: number;
  tookMs: number;
  /** What the request that was in flight at SIGTERM got back. */
  response: Reply;
  log: string[];
}

/**
 * Sends SIGTERM while a slow request is in flight and watches what happens: does the request
 * finish, does the process exit, how fast, with which code.
 */
export async function probeShutdown(app: RunningApp, reportDelayMs: number, limitMs: number): Promise<ShutdownObservation> {
  const inFlight = httpFromHost(`${app.baseUrl}/reports/hours`, { timeoutMs: reportDelayMs + limitMs + 5000 });
  await sleep(Math.min(300, reportDelayMs / 3));
  const client = await getContainerRuntimeClient();
  const container = client.container.getById(app.container.getId());
  const sentAt = Date.now();
  await container.kill({ signal: 'SIGTERM' });
  let state = await containerState(app.container);
  while (state.running && Date.now() - sentAt < limitMs + 3000) {
    await sleep(100);
    state = await containerState(app.container);
  }
  const tookMs = Date.now() - sentAt;
  const stillRunningAfterMs = state.running ? tookMs : undefined;
  if (state.running) await container.kill({ signal: 'SIGKILL' }).catch(() => undefined);
  return {
    stillRunningAfterMs,
    exitCode: state.exitCode,
    tookMs,
    response: await inFlight,
    log: tail(await logTail(app.container.getId()), 15),
  };
}
