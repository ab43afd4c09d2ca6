import { containerState, logTail } from '../../src/docker/containers.js';
import { needs, type CheckContext } from '../../src/exercise.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { APP_LOG } from '../../src/fixtures/app-container.js';
import { say } from '../../src/locale.js';
import { httpFromHost } from '../../src/probes/http.js';
import { formatDuration } from '../../src/probes/reply.js';
import { CheckFailure, fail, tail, verdict } from '../../src/verdict.js';
import { EXIT_WITHIN_MS, type ImageStack } from './stack.js';

export async function healthEndpoint(stack: ImageStack): Promise<void> {
  const app = await stack.app();
  const res = await httpFromHost(`${app.baseUrl}/health`);
  if (!res.ok) {
    fail(
      say('GET /health to answer', 'GET /health 有响应'),
      say(`${res.transcript}: ${res.sentence.en}`, `GET /health 请求在 ${formatDuration(res.ms, 'zh-Hans')}后失败：${res.sentence['zh-Hans']}`),
    );
  }
  let database: unknown;
  try {
    database = (JSON.parse(res.body) as { database?: unknown }).database;
  } catch {
    database = undefined;
  }
  if (res.status !== 200 || database !== 'up') {
    const answer = `${res.status} ${res.body.slice(0, 200)}`;
    throw new CheckFailure(
      verdict(say('GET /health → 200 with "database": "up"', 'GET /health 返回 200，且响应里有 "database": "up"'), say(answer, `返回的是 ${answer}`), {
        title: APP_LOG,
        lines: tail(await logTail(app.container.getId()), 20),
      }),
    );
  }
}

export async function healthcheck(stack: ImageStack, ctx: CheckContext): Promise<void> {
  const { info } = await needs('image-builds', stack.image);
  const test = info.Config.Healthcheck?.Test ?? [];
  if (test.length === 0 || test[0] === 'NONE') {
    fail(say('a HEALTHCHECK instruction in the final stage', '最终阶段里有一条 HEALTHCHECK 指令'), say('the image declares no health check', '镜像没有声明健康检查'));
  }
  // Started now, so it is ready by the time the container turns healthy.
  const withoutApp = stack.probeWithoutApp();
  withoutApp.catch(() => undefined);
  const app = await needs('health-endpoint', stack.app);
  const withinMs = (ctx.params.healthyWithinSeconds ?? 60) * 1000;
  ctx.progress(say('waiting for Docker to report the container healthy…', '正在等待 Docker 报告容器变为 healthy…'));
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
          say(
            'a health check that asks the app, so it fails while the app is not answering (e.g. GET /health)',
            '健康检查要真的去问应用（例如请求 GET /health），这样应用没有响应时它才会失败',
          ),
          say(
            `\`${probe.command}\` exited 0 in a container of your image where the app was not running`,
            `在一个用你的镜像启动、但应用并没有运行的容器里，\`${probe.command}\` 的退出码是 0`,
          ),
        );
      }
      return;
    }
    if (status === 'unhealthy' || !state.running) break;
    await sleep(500);
  }
  const seconds = withinMs / 1000;
  const declared = `HEALTHCHECK ${test.slice(1).join(' ')}`;
  throw new CheckFailure(
    verdict(
      say(`the container to become healthy within ${seconds} s (${declared})`, `容器在 ${seconds} 秒内变为 healthy（${declared}）`),
      say(`health status is "${status}"`, `健康状态是 "${status}"`),
      {
        title: say('last health probes (exit code: output)', '最近几次健康检查（退出码: 输出）'),
        lines: probes.slice(-5).map((p) => `${p.ExitCode}: ${p.Output.trim().slice(0, 200) || '—'}`),
      },
    ),
  );
}

function isShellForm(command: string[] | null | undefined): boolean {
  return command?.[0] === '/bin/sh' && command[1] === '-c';
}

export async function gracefulShutdown(stack: ImageStack): Promise<void> {
  const { info } = await needs('image-builds', stack.image);
  const { Entrypoint, Cmd } = info.Config;
  if (isShellForm(Entrypoint) || (!Entrypoint?.length && isShellForm(Cmd))) {
    const command = [...(Entrypoint ?? []), ...(Cmd ?? [])].join(' ');
    fail(
      say('CMD (or ENTRYPOINT) in exec form, e.g. CMD ["node", "dist/server.js"]', '用 exec 形式写 CMD（或 ENTRYPOINT），例如 CMD ["node", "dist/server.js"]'),
      say(`shell form: ${command} (PID 1 is /bin/sh, not node)`, `用的是 shell 形式：${command}（1 号进程是 /bin/sh，不是 node）`),
    );
  }
  const seen = await needs('health-endpoint', stack.shutdown);
  const limit = EXIT_WITHIN_MS / 1000;
  const log = { title: APP_LOG, lines: seen.log };
  if (seen.stillRunningAfterMs !== undefined) {
    const after = (seen.stillRunningAfterMs / 1000).toFixed(1);
    throw new CheckFailure(
      verdict(
        say(`the container to stop within ${limit} s of SIGTERM`, `容器在收到 SIGTERM 后 ${limit} 秒内停止`),
        say(
          `still running after ${after} s: the signal did not reach node (Docker would SIGKILL it now)`,
          `${after} 秒后仍在运行：信号没有传到 node（这时 Docker 就会用 SIGKILL 强行结束它）`,
        ),
        log,
      ),
    );
  }
  const response = seen.response;
  if (!response.ok || response.status !== 200) {
    throw new CheckFailure(
      verdict(
        say(
          'the in-flight GET /reports/hours to complete with 200 before the process exits',
          '进程退出之前，正在处理的 GET /reports/hours 请求以 200 完成',
        ),
        response.ok
          ? say(`it answered ${response.status}`, `它返回了 ${response.status}`)
          : say(`the request was cut off: ${response.sentence.en}`, `请求被中途切断了：${response.sentence['zh-Hans']}`),
        log,
      ),
    );
  }
  if (seen.exitCode !== 0 || seen.tookMs > EXIT_WITHIN_MS) {
    const [code, took] = [seen.exitCode, (seen.tookMs / 1000).toFixed(1)];
    throw new CheckFailure(
      verdict(
        say(`exit code 0 within ${limit} s of SIGTERM`, `收到 SIGTERM 后 ${limit} 秒内以退出码 0 退出`),
        say(
          `exit code ${code} after ${took} s${code === 143 ? ' (143 = killed by SIGTERM: no handler ran)' : ''}`,
          `${took} 秒后退出，退出码是 ${code}${code === 143 ? '（143 表示进程直接被 SIGTERM 终止，没有任何处理函数运行）' : ''}`,
        ),
        log,
      ),
    );
  }
}
