// Checks of the sign-in limits: a burst of wrong passwords from one client, and one spread over
// many clients against one account. Both alternate between the replicas, so that a limit each
// replica counts on its own lets twice the tries through; the evidence is the statuses.
import { randomInt } from 'node:crypto';
import { say } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import type { Reply } from '../../src/probes/reply.js';
import { fail } from '../../src/verdict.js';
import { MAX_RETRY_AFTER_SECONDS, validRetryAfter } from './cookie.js';
import type { ReplicaIndex, SessionStack } from './stack.js';

/** Wrong sign-ins sent; the limit is 10, so a 429 must come by the 11th. */
const ATTEMPTS = 20;
const LATEST_429 = 11;

interface Burst {
  /** 1-based; undefined when no attempt was refused. */
  first429: number | undefined;
  refused: Reply | undefined;
  statuses: number[];
}

const replicaOf = (attempt: number): ReplicaIndex => (attempt % 2 === 0 ? 1 : 0);

/** Counts like "10 x 401, 1 x 429". */
function tally(statuses: number[]): string {
  const counts = new Map<number, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${n} x ${s}`).join(', ');
}

/**
 * Wrong sign-ins, one after the other, until the first 429. Fails at once on an answer that is
 * neither 401 nor 429: a limit must not turn into errors.
 */
async function burst(stack: SessionStack, expected: Text, attempt: (n: number) => Promise<Reply>): Promise<Burst> {
  const statuses: number[] = [];
  for (let n = 1; n <= ATTEMPTS; n++) {
    const reply = await attempt(n);
    if (!reply.ok || (reply.status !== 401 && reply.status !== 429)) {
      fail(
        expected,
        say(`wrong sign-in ${n}: ${reply.transcript}, where 401 or 429 was due`, `第 ${n} 次错误登录：${reply.transcript}，应当是 401 或 429`),
        await stack.logOf(replicaOf(n)),
      );
    }
    statuses.push(reply.status);
    if (reply.status === 429) return { first429: n, refused: reply, statuses };
  }
  return { first429: undefined, refused: undefined, statuses };
}

/** The 429 came in time and says when to come back; fails otherwise. */
function limitedInTime(result: Burst, expected: Text, who: { en: string; zh: string }): void {
  if (result.first429 === undefined) {
    fail(
      expected,
      say(
        `${ATTEMPTS} wrong sign-ins ${who.en}, alternating between the replicas, all answered 401: no limit, or one that each replica counts on its own in memory (10 + 10 tries)`,
        `${who.zh}${ATTEMPTS} 次错误登录，交替发往两个副本，全部返回 401：没有限流，或者每个副本各自在内存里计数（10 + 10 次）`,
      ),
    );
  }
  if (result.first429 > LATEST_429) {
    fail(
      expected,
      say(`wrong sign-ins ${who.en}: the first 429 came at attempt ${result.first429} (${tally(result.statuses)})`, `${who.zh}错误登录：第一个 429 出现在第 ${result.first429} 次尝试（${tally(result.statuses)}）`),
    );
  }
  const retryAfter = result.refused?.ok ? result.refused.headers['retry-after'] : undefined;
  if (!validRetryAfter(retryAfter, new Date())) {
    fail(
      expected,
      say(
        `attempt ${result.first429} answered 429 ${retryAfter === undefined ? 'without a Retry-After header: a client cannot tell when to try again' : `with Retry-After: ${retryAfter}, which is not a wait of 1 to ${MAX_RETRY_AFTER_SECONDS} seconds (whole seconds, or an HTTP date): milliseconds given as seconds?`}`,
        `第 ${result.first429} 次尝试返回了 429，${retryAfter === undefined ? '却没有 Retry-After 响应头：客户端无从知道何时可以重试' : `Retry-After 是 ${retryAfter}，不是 1 到 ${MAX_RETRY_AFTER_SECONDS} 秒之间的等待时间（整数秒或 HTTP 日期）：是不是把毫秒当成秒了？`}`,
      ),
    );
  }
}

export async function clientLimit(stack: SessionStack): Promise<void> {
  const client = '203.0.113.7';
  const second = '203.0.113.8';
  const expected = say(
    `wrong sign-ins from one client (${client}), to unknown emails on both replicas, get a 429 with Retry-After by attempt ${LATEST_429}; a second client (${second}) still signs in; the first, with a forged address in front of its own in X-Forwarded-For, is still refused`,
    `来自同一个客户端（${client}）、针对不存在的邮箱、分别发往两个副本的错误登录，最迟在第 ${LATEST_429} 次得到带 Retry-After 的 429；第二个客户端（${second}）照常登录；第一个客户端在 X-Forwarded-For 里自己的地址前面伪造一个地址，仍然被拒`,
  );
  const result = await burst(stack, expected, (n) => stack.signIn(replicaOf(n), `nobody-${n}@example.net`, 'not-the-password', { client }).then((s) => s.reply));
  limitedInTime(result, expected, { en: `from ${client}`, zh: `来自 ${client} 的 ` });
  const other = await stack.signIn(0, 'ed@example.com', stack.password, { client: second });
  if (!other.reply.ok || other.reply.status !== 200) {
    fail(
      expected,
      say(
        `a second client (${second}) signing in with the right password: ${other.reply.transcript}; the limit holds every client back at once: the app counts by the proxy's address, not the client's (trust the proxy in front)`,
        `第二个客户端（${second}）用正确的密码登录：${other.reply.transcript}；限流把所有客户端一起拦住了：应用按代理的地址计数，而不是客户端的地址（要信任前面那一层代理）`,
      ),
      await stack.logOf(0),
    );
  }
  const forgedFor = `192.0.2.${200 + randomInt(50)}, ${client}`;
  const forged = await stack.signIn(1, 'nobody-forged@example.net', 'not-the-password', { client, forwardedFor: forgedFor });
  if (!forged.reply.ok || forged.reply.status !== 429) {
    fail(
      expected,
      say(
        `the refused client again, sending X-Forwarded-For: ${forgedFor} (the proxy appends the address it saw): ${forged.reply.transcript}; the app believes the left-most entry, which the client writes itself, so every forged address is a fresh client: trust one proxy hop, not every one`,
        `被拒的客户端再次登录，发出 X-Forwarded-For: ${forgedFor}（代理会把它看到的地址追加在后面）：${forged.reply.transcript}；应用相信的是最左边那一项，而那是客户端自己写的，于是每伪造一个地址就成了一个新客户端：只信任一跳代理，而不是所有的`,
      ),
    );
  }
}

export async function accountLimit(stack: SessionStack): Promise<void> {
  const target = 'cy@example.com';
  const expected = say(
    `wrong passwords for ${target} (every third typed CY@Example.com), each from another client and alternating between the replicas, get a 429 with Retry-After by attempt ${LATEST_429}; then the right password is refused as well, while di@example.com still signs in`,
    `针对 ${target} 的错误密码（每三次有一次写成 CY@Example.com），每次来自不同的客户端、交替发往两个副本，最迟在第 ${LATEST_429} 次得到带 Retry-After 的 429；之后连正确的密码也被拒绝，而 di@example.com 照常登录`,
  );
  // Every third try types the email in capitals, as people do: one account however it is typed.
  const typed = (n: number): string => (n % 3 === 0 ? 'CY@Example.com' : target);
  const result = await burst(stack, expected, (n) => stack.signIn(replicaOf(n), typed(n), 'not-the-password', { client: `198.51.100.${n}` }).then((s) => s.reply));
  limitedInTime(result, expected, {
    en: `for ${target} (every third as CY@Example.com: is the count kept per email as typed?), each from another client`,
    zh: `针对 ${target}（每三次有一次写成 CY@Example.com：计数是不是按原样的邮箱记的？）、每次来自不同客户端的 `,
  });
  const right = await stack.signIn(0, target, stack.password, { client: '198.51.100.21' });
  if (right.reply.ok && right.reply.status === 200) {
    fail(
      expected,
      say(
        `after ${tally(result.statuses)}, the right password from a new client signed in: a guesser spreading tries over many addresses gets in as soon as one guess is right`,
        `在 ${tally(result.statuses)} 之后，一个新客户端用正确的密码登录成功了：把尝试分散到许多地址上的猜测者，只要猜中一次就能进来`,
      ),
    );
  }
  const other = await stack.signIn(1, 'di@example.com', stack.password, { client: '198.51.100.22' });
  if (!other.reply.ok || other.reply.status !== 200) {
    fail(
      expected,
      say(
        `another account (di@example.com) from a fresh client: ${other.reply.transcript}; either the limit is not per account, or the per-client limit counts all these clients as one (the proxy's address: does the app trust the proxy?)`,
        `另一个账户（di@example.com）从一个新客户端登录：${other.reply.transcript}；要么限流不是按账户计的，要么按客户端的限流把这些客户端都当成了同一个（代理的地址：应用信任代理了吗？）`,
      ),
      await stack.logOf(1),
    );
  }
}
