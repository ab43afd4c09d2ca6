// What nginx does with a request on its way to the app: which replica gets it, over which
// connection, with which headers, and whether nginx's own log mentions it. The app's log is the
// witness: it names every request's path, headers and peer (app-requests.ts).
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLAUSES, joinSaid, say } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import type { ReplyFailed } from '../../src/probes/reply.js';
import type { WireReply } from '../../src/probes/wire.js';
import { fail } from '../../src/verdict.js';
import { connectionsOf } from './app-requests.js';
import { failedTest, REPLICAS, SITE, type ProxyStack } from './stack.js';

/** Requests of the upstream check, sent one after another at a pace any rate limit allows. */
const SPREAD_REQUESTS = 30;
const SPREAD_PACE_MS = 100;
/** A share every replica must get of SPREAD_REQUESTS, taken in turn or by fewest connections. */
const FAIR_SHARE = 4;
/** An address from the documentation range: what a client could write into its own X-Forwarded-For. */
const FORGED = '198.51.100.23';

export async function configValid(stack: ProxyStack): Promise<void> {
  const test = await stack.configTest();
  if (!test.ok) failedTest(test);
}

/** The verdict for a reply that nginx produced without asking the app: no X-Request-Id, which the app sets on every reply. */
export function reachedApp(reply: WireReply): boolean {
  return reply.ok && reply.headers['x-request-id'] !== undefined;
}

/** "GET /x -> connection refused after 3 ms: nothing listens on localhost:32771" */
export function unanswered(reply: ReplyFailed): Text {
  return say(`${reply.transcript}: ${reply.sentence.en}`, `${reply.transcript}：${reply.sentence['zh-Hans']}`);
}

/** Fails the check, with nginx's log, unless the app itself answered `reply`. */
export async function mustReachApp(stack: ProxyStack, reply: WireReply, expected: Text): Promise<void> {
  if (!reachedApp(reply)) fail(expected, notProxied(reply), await stack.nginxLog());
}

/** "GET /x -> 404 after 3 ms, from nginx itself (it never reached the app)" */
export function notProxied(reply: WireReply): Text {
  if (!reply.ok) return unanswered(reply);
  if (reply.status === 429) {
    return say(
      `${reply.transcript}: refused by the rate limit at ${1000 / SPREAD_PACE_MS} requests a second; allow each client at least that (see rate-limit)`,
      `${reply.transcript}：每秒 ${1000 / SPREAD_PACE_MS} 个请求就被限流拒绝了；每个客户端至少要允许这么多（见 rate-limit）`,
    );
  }
  if (reply.status === 502 || reply.status === 504) {
    return say(
      `${reply.transcript}: nginx could not reach the app (the upstream is app, port 3000)`,
      `${reply.transcript}：nginx 连不上应用（upstream 应该是 app，端口 3000）`,
    );
  }
  return say(
    `${reply.transcript}, answered by nginx itself: the request never reached the app (no proxy_pass for it?)`,
    `${reply.transcript}，是 nginx 自己回答的：请求根本没有到达应用（没有为它写 proxy_pass？）`,
  );
}

export async function upstream(stack: ProxyStack): Promise<void> {
  const prefix = `${stack.mark}-upstream-`;
  const expected = say(
    `${SPREAD_REQUESTS} requests through nginx, one client connection, reach each of the ${REPLICAS} replicas at least ${FAIR_SHARE} times, over at most ${SPREAD_REQUESTS / 2} connections from nginx`,
    `经由 nginx 的 ${SPREAD_REQUESTS} 个请求（客户端只用一条连接）到达 ${REPLICAS} 个副本中的每一个至少 ${FAIR_SHARE} 次，nginx 到应用最多用 ${SPREAD_REQUESTS / 2} 条连接`,
  );
  // One kept-alive connection from the client, as a browser has: one nginx worker serves it all,
  // so the connections to the replicas are that worker's, and reuse is plain to see.
  const reuse = { keepAlive: true, maxSockets: 1 };
  const agent = (await stack.entry()).scheme === 'https' ? new https.Agent(reuse) : new http.Agent(reuse);
  try {
    for (let i = 0; i < SPREAD_REQUESTS; i++) {
      const reply = await stack.request(`${prefix}${i}`, { agent });
      await mustReachApp(stack, reply, expected);
      await sleep(SPREAD_PACE_MS);
    }
  } finally {
    agent.destroy();
  }
  const seen = await stack.seenByReplica(prefix);
  const counts = seen.map((requests) => requests.length);
  const shares = counts.map((n, i) => `app-${i + 1}: ${n}`).join(', ');
  if (counts.some((n) => n < FAIR_SHARE)) {
    fail(
      expected,
      say(
        `the replicas got ${shares}: nginx does not spread the requests (one \`server\` per replica name, or ip_hash, send them all to one)`,
        `各副本收到的请求数是 ${shares}：nginx 没有把请求分摊开（只写了某一个副本的名字，或者用了 ip_hash，都会让请求全落到一个副本上）`,
      ),
    );
  }
  const connections = seen.reduce((sum, requests) => sum + connectionsOf(requests), 0);
  if (connections > SPREAD_REQUESTS / 2) {
    const closing = seen.flat().some((r) => r.headers.connection?.toLowerCase() === 'close');
    fail(
      expected,
      joinSaid(
        [
          say(`the replicas got ${shares} on ${connections} connections: nginx opened one for nearly every request`, `各副本收到的请求数是 ${shares}，用了 ${connections} 条连接：nginx 几乎为每个请求都新开了一条`),
          ...(closing
            ? [
                say(
                  'the app was sent `Connection: close`, which nginx sends unless the location that proxies has `proxy_http_version 1.1;` and `proxy_set_header Connection "";` (set in server, the second is lost in any location with a proxy_set_header of its own)',
                  '应用收到了 `Connection: close`：除非做转发的 location 里有 `proxy_http_version 1.1;` 和 `proxy_set_header Connection "";`，nginx 都会发送它（写在 server 里的话，只要 location 有自己的 proxy_set_header，后一条就丢了）',
                ),
              ]
            : [say('`keepalive` in the upstream block keeps them open', '在 upstream 块里写 `keepalive`，连接才会保持打开')]),
        ],
        CLAUSES,
      ),
    );
  }
}

export async function proxyHeaders(stack: ProxyStack): Promise<void> {
  const entry = await stack.entry();
  const path = `${stack.mark}-headers`;
  const expected = say(
    `the app receives Host: ${SITE}, an X-Forwarded-For that ends with the client's address (not one the client wrote), the same address in X-Real-IP, and X-Forwarded-Proto: ${entry.scheme}`,
    `应用收到 Host: ${SITE}、以客户端地址结尾的 X-Forwarded-For（而不是客户端自己写的地址）、X-Real-IP 中相同的地址，以及 X-Forwarded-Proto: ${entry.scheme}`,
  );
  const reply = await stack.request(path, { headers: { 'x-forwarded-for': FORGED } });
  await mustReachApp(stack, reply, expected);
  const request = (await stack.seenByReplica(path)).flat()[0];
  if (!request) fail(expected, say(`${reply.transcript}, but no replica logged ${path}`, `${reply.transcript}，但没有哪个副本记录了 ${path}`));
  const { headers } = request;
  const problems: Text[] = [];
  const host = headers.host ?? '';
  if (host.replace(/:\d+$/, '') !== SITE) {
    problems.push(say(`Host was "${host}" (nginx sends the upstream's name unless told: \`proxy_set_header Host $host;\`)`, `Host 是 "${host}"（不另行设置的话，nginx 发送的是 upstream 的名字：\`proxy_set_header Host $host;\`）`));
  }
  const forwarded = headers['x-forwarded-for'];
  const hops = (forwarded ?? '').split(',').map((hop) => hop.trim()).filter(Boolean);
  const client = hops.at(-1);
  if (!forwarded) {
    problems.push(say('there was no X-Forwarded-For: the app cannot tell one client from another (`$proxy_add_x_forwarded_for`)', '没有 X-Forwarded-For：应用分不清不同的客户端（`$proxy_add_x_forwarded_for`）'));
  } else if (client === FORGED || !client || !isIP(client)) {
    problems.push(
      say(
        `X-Forwarded-For was "${forwarded}", as the client wrote it: the client chooses its own address (\`$proxy_add_x_forwarded_for\` appends the one nginx saw)`,
        `X-Forwarded-For 是 "${forwarded}"，跟客户端写的一样：客户端能自己挑地址（\`$proxy_add_x_forwarded_for\` 会把 nginx 看到的地址追加在末尾）`,
      ),
    );
  }
  const realIp = headers['x-real-ip'];
  if (client && client !== FORGED && realIp !== client) {
    problems.push(say(`X-Real-IP was ${realIp ? `"${realIp}"` : 'missing'}, not ${client} (\`$remote_addr\`)`, `X-Real-IP ${realIp ? `是 "${realIp}"` : '不存在'}，而不是 ${client}（\`$remote_addr\`）`));
  }
  const proto = headers['x-forwarded-proto'];
  if (proto !== entry.scheme) {
    problems.push(
      say(
        `X-Forwarded-Proto was ${proto ? `"${proto}"` : 'missing'} for a request over ${entry.scheme} (\`$scheme\`): the app cannot tell that the cookie may be Secure`,
        `经 ${entry.scheme} 发来的请求，X-Forwarded-Proto ${proto ? `是 "${proto}"` : '不存在'}（\`$scheme\`）：应用无从得知 Cookie 可以设为 Secure`,
      ),
    );
  }
  if (!forwarded && !realIp && !proto) {
    problems.push(
      say(
        'none of the four arrived: if the server block sets them, a location with a proxy_set_header of its own replaced them all',
        '四个头一个都没收到：如果 server 块里写了它们，那就是某个 location 有自己的 proxy_set_header，把它们全部替换掉了',
      ),
    );
  }
  if (problems.length > 0) fail(expected, joinSaid(problems, CLAUSES));
}

export async function accessLog(stack: ProxyStack): Promise<void> {
  const api = `${stack.mark}-logged`;
  const expected = say(
    `nginx's access log has a line for GET ${api} and none for GET /health`,
    `nginx 的访问日志里有 GET ${api} 的记录，却没有 GET /health 的记录`,
  );
  const health = await stack.request('/health');
  await mustReachApp(stack, health, expected);
  await stack.request(api);
  // nginx writes a line when the reply is done: a moment for the log to reach docker.
  await sleep(300);
  const log = (await stack.nginxLogText()).split('\n');
  const healthLines = log.filter((line) => line.includes('/health'));
  const apiLine = log.some((line) => line.includes(api));
  if (healthLines.length > 0) {
    fail(expected, say(`nginx logged /health: ${healthLines[0]!.trim()}`, `nginx 记录了 /health：${healthLines[0]!.trim()}`));
  }
  if (!apiLine) {
    fail(expected, say(`no line of nginx's log mentions ${api}: is access_log off, or not on stdout (/var/log/nginx/access.log)?`, `nginx 的日志里没有一行提到 ${api}：是不是关掉了 access_log，或者没写到标准输出（/var/log/nginx/access.log）？`), await stack.nginxLog());
  }
}
