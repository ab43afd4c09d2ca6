import { containerState, logTail } from '../../src/docker/containers.js';
import { needs, type CheckContext } from '../../src/exercise.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { httpFromHost } from '../../src/probes/http.js';
import { CheckFailure, fail, tail } from '../../src/verdict.js';
import { EXIT_WITHIN_MS, type ImageStack } from './stack.js';

export async function healthEndpoint(stack: ImageStack): Promise<void> {
  const app = await stack.app();
  const res = await httpFromHost(`${app.baseUrl}/health`);
  if (!res.ok) fail('GET /health to answer', `${res.transcript}: ${res.sentence}`);
  let database: unknown;
  try {
    database = (JSON.parse(res.body) as { database?: unknown }).database;
  } catch {
    database = undefined;
  }
  if (res.status !== 200 || database !== 'up') {
    throw new CheckFailure({
      expected: 'GET /health → 200 with "database": "up"',
      actual: `${res.status} ${res.body.slice(0, 200)}`,
      log: { title: 'app container log', lines: tail(await logTail(app.container.getId()), 20) },
    });
  }
}

export async function healthcheck(stack: ImageStack, ctx: CheckContext): Promise<void> {
  const { info } = await needs('image-builds', stack.image);
  const test = info.Config.Healthcheck?.Test ?? [];
  if (test.length === 0 || test[0] === 'NONE') {
    fail('a HEALTHCHECK instruction in the final stage', 'the image declares no health check');
  }
  // Started now, so it is ready by the time the container turns healthy.
  const withoutApp = stack.probeWithoutApp();
  withoutApp.catch(() => undefined);
  const app = await needs('health-endpoint', stack.app);
  const withinMs = (ctx.params.healthyWithinSeconds ?? 60) * 1000;
  ctx.progress('waiting for Docker to report the container healthy…');
  let status = 'starting';
  let probes: { ExitCode: number; Output: string }[] = [];
  while (Date.now() - app.startedAt < withinMs) {
    const state = await containerState(app.container);
    status = state.running ? (state.health?.Status ?? 'none') : `exited (${state.exitCode})`;
    probes = state.health?.Log ?? [];
    if (status === 'healthy') {
      const probe = await withoutApp;
      if (probe?.exitCode === 0) {
        fail(
          'a health check that asks the app, so it fails while the app is not answering (e.g. GET /health)',
          `\`${probe.command}\` exited 0 in a container of your image where the app was not running`,
        );
      }
      return;
    }
    if (status === 'unhealthy' || !state.running) break;
    await sleep(500);
  }
  throw new CheckFailure({
    expected: `the container to become healthy within ${withinMs / 1000} s (HEALTHCHECK ${test.slice(1).join(' ')})`,
    actual: `health status is "${status}"`,
    log: {
      title: 'last health probes (exit code: output)',
      lines: probes.slice(-5).map((p) => `${p.ExitCode}: ${p.Output.trim().slice(0, 200) || '(no output)'}`),
    },
  });
}

function isShellForm(command: string[] | null | undefined): boolean {
  return command?.[0] === '/bin/sh' && command[1] === '-c';
}

export async function gracefulShutdown(stack: ImageStack): Promise<void> {
  const { info } = await needs('image-builds', stack.image);
  const { Entrypoint, Cmd } = info.Config;
  if (isShellForm(Entrypoint) || (!Entrypoint?.length && isShellForm(Cmd))) {
    fail(
      'CMD (or ENTRYPOINT) in exec form, e.g. CMD ["node", "dist/server.js"]',
      `shell form: ${[...(Entrypoint ?? []), ...(Cmd ?? [])].join(' ')} (PID 1 is /bin/sh, not node)`,
    );
  }
  const seen = await needs('health-endpoint', stack.shutdown);
  const limit = `${EXIT_WITHIN_MS / 1000} s`;
  const log = { title: 'app container log', lines: seen.log };
  if (seen.stillRunningAfterMs !== undefined) {
    throw new CheckFailure({
      expected: `the container to stop within ${limit} of SIGTERM`,
      actual: `still running after ${(seen.stillRunningAfterMs / 1000).toFixed(1)} s: the signal did not reach node (Docker would SIGKILL it now)`,
      log,
    });
  }
  if (!seen.response.ok || seen.response.status !== 200) {
    throw new CheckFailure({
      expected: 'the in-flight GET /reports/hours to complete with 200 before the process exits',
      actual: seen.response.ok ? `it answered ${seen.response.status}` : `the request was cut off: ${seen.response.sentence}`,
      log,
    });
  }
  if (seen.exitCode !== 0 || seen.tookMs > EXIT_WITHIN_MS) {
    throw new CheckFailure({
      expected: `exit code 0 within ${limit} of SIGTERM`,
      actual: `exit code ${seen.exitCode} after ${(seen.tookMs / 1000).toFixed(1)} s${seen.exitCode === 143 ? ' (143 = killed by SIGTERM: no handler ran)' : ''}`,
      log,
    });
  }
}
