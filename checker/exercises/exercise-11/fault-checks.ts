// What a client sees when things go wrong behind nginx: a replica killed mid-traffic, and a
// client that sends too much at once.
import { setTimeout as sleep } from 'node:timers/promises';
import { CLAUSES, joinSaid, say } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import { Faults } from '../../src/probes/faults.js';
import { runLoad } from '../../src/probes/load.js';
import { fail } from '../../src/verdict.js';
import { mustReachApp } from './proxy-checks.js';
import { SITE, type ProxyStack } from './stack.js';

/** The steady client of replica-killed: under any limit the docs allow (at least 10 a second). */
const STEADY = { ratePerSecond: 10, durationMs: 6000, killAtMs: 2000, timeoutMs: 5000 };
const BURST = 100;
/** How long after the burst the client must be served again. */
const RECOVERY_MS = 5000;

export async function replicaKilled(stack: ProxyStack): Promise<void> {
  const entry = await stack.entry();
  const [, victim] = await stack.replicaIds();
  if (!victim) throw new Error('no second replica to kill');
  const expected = say(
    `every one of ${(STEADY.ratePerSecond * STEADY.durationMs) / 1000} GET /employees (${STEADY.ratePerSecond} a second) answers 200 within ${STEADY.timeoutMs / 1000} s while app-2 is killed (SIGKILL) ${STEADY.killAtMs / 1000} s in`,
    `以每秒 ${STEADY.ratePerSecond} 个的速度发出的 ${(STEADY.ratePerSecond * STEADY.durationMs) / 1000} 个 GET /employees 全部在 ${STEADY.timeoutMs / 1000} 秒内回应 200，期间第 ${STEADY.killAtMs / 1000} 秒时 app-2 被杀掉（SIGKILL）`,
  );
  await mustReachApp(stack, await stack.request('/employees'), expected);
  const faults = new Faults(stack.runId);
  const report = await runLoad({
    url: `${entry.base}/employees`,
    ca: (await stack.certificate()).caPem,
    servername: SITE,
    headers: { host: SITE },
    ratePerSecond: STEADY.ratePerSecond,
    durationMs: STEADY.durationMs,
    timeoutMs: STEADY.timeoutMs,
    isOk: (status) => status === 200,
    during: {
      name: 'docker kill app-2',
      atMs: STEADY.killAtMs,
      run: async () => {
        const result = await faults.kill(victim);
        if (!result.ok) throw new Error(result.transcript);
      },
    },
  });
  const broken = report.events.find((e) => e.error);
  if (broken) throw new Error(`${broken.name} failed: ${broken.error}`);
  if (report.failures === 0) return;
  const count = (outcome: string): number => report.outcomes[outcome] ?? 0;
  const why: Text[] = [];
  if (count('429') > 0) why.push(say(`a client sending ${STEADY.ratePerSecond} requests a second was rate-limited: allow at least that (rate=, burst=)`, `每秒发送 ${STEADY.ratePerSecond} 个请求的客户端被限流了：至少要允许这么多（rate=、burst=）`));
  if (count('502') + count('504') > 0) {
    why.push(say('nginx gave up on requests the killed replica could not answer instead of trying the next one (proxy_next_upstream error timeout)', 'nginx 在被杀掉的副本答不上来时直接放弃了请求，而没有转给下一个副本重试（proxy_next_upstream error timeout）'));
  }
  if (count('timeout') > 0) why.push(say('requests waited on the dead replica: a short proxy_connect_timeout (2s) lets nginx move on', '请求一直在等那个已经死掉的副本：把 proxy_connect_timeout 设短一些（2s），nginx 才会转向别的副本'));
  const seen = say(`not every request succeeded: ${report.summary()}`, `并非每个请求都成功了：${report.summary()}`);
  fail(expected, joinSaid([seen, ...why], CLAUSES), await stack.nginxLog());
}

export async function rateLimit(stack: ProxyStack): Promise<void> {
  const expected = say(
    `of ${BURST} simultaneous GET /employees from one client, some answer 429 and the rest 200 (no 5xx, no dropped connection), and the client gets a 200 again within ${RECOVERY_MS / 1000} s`,
    `同一个客户端同时发出的 ${BURST} 个 GET /employees 中，一部分回应 429，其余回应 200（没有 5xx，没有断开的连接），并且 ${RECOVERY_MS / 1000} 秒内这个客户端又能拿到 200`,
  );
  await mustReachApp(stack, await stack.request('/employees'), expected);
  // A second for the probe's share of the allowance to come back, so that a limit of exactly
  // one burst is not judged one request short.
  await sleep(1000);
  const replies = await Promise.all(Array.from({ length: BURST }, () => stack.request('/employees')));
  const outcomes: Record<string, number> = {};
  for (const reply of replies) {
    const outcome = reply.ok ? String(reply.status) : reply.kind;
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  const summary = Object.entries(outcomes)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([outcome, n]) => `${n} x ${outcome}`)
    .join(', ');
  const other = Object.keys(outcomes).filter((o) => o !== '200' && o !== '429');
  if (!outcomes['429'] || other.length > 0) {
    const why: Text[] = [];
    if (outcomes['503']) why.push(say("nginx's limit_req refuses with 503 unless told otherwise: `limit_req_status 429;`", 'nginx 的 limit_req 默认以 503 拒绝，除非另行设置：`limit_req_status 429;`'));
    else if (!outcomes['429']) why.push(say('nothing was refused: no limit_req on the API?', '一个都没被拒绝：API 上没有 limit_req？'));
    fail(expected, joinSaid([say(`the burst got ${summary}`, `这批请求得到的是 ${summary}`), ...why], CLAUSES), await stack.nginxLog());
  }
  const deadline = Date.now() + RECOVERY_MS;
  for (;;) {
    await sleep(500);
    const again = await stack.request('/employees');
    if (again.ok && again.status === 200) return;
    if (Date.now() > deadline) {
      fail(
        expected,
        say(
          `after a burst of ${summary}, the client still got ${again.transcript} ${RECOVERY_MS / 1000} s later: the limit refuses more than a burst (a rate of at least 10r/s)`,
          `在一批请求得到 ${summary} 之后，过了 ${RECOVERY_MS / 1000} 秒这个客户端得到的仍然是 ${again.transcript}：限流挡住的不只是突发流量（rate 至少要 10r/s）`,
        ),
      );
    }
  }
}
