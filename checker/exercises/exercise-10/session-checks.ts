// Checks of the session itself: the cookie's flags, a new id at sign-in, one session seen by both
// replicas and kept through a restart, and a sign-out that ends it where it is stored. The
// evidence is what the replicas answer to the cookie and what Redis holds, not the code.
import { say } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import { redisKeys, type RedisKey } from '../../src/probes/redis.js';
import type { Reply } from '../../src/probes/reply.js';
import { fail } from '../../src/verdict.js';
import { lifetimeSeconds, parseSetCookie, sessionIdCandidates, type SetCookie } from './cookie.js';
import type { AccountEmail, ReplicaIndex, SessionStack } from './stack.js';

/** The longest a session may last, cookie and key alike. */
export const MAX_SESSION_SECONDS = 7 * 24 * 60 * 60;
/** The shortest a session may last: less is a lifetime in seconds given to maxAge, which wants milliseconds. */
const MIN_SESSION_SECONDS = 5 * 60;
const replicaName = (index: ReplicaIndex): string => `replica ${index + 1}`;
const replicaZh = (index: ReplicaIndex): string => ` 副本 ${index + 1} `;

interface Session {
  /** `name=value`, as a browser sends it back. */
  cookie: string;
  parsed: SetCookie;
  /** The Set-Cookie header as the app sent it. */
  header: string;
}

/** Signs in and returns the cookie; fails, saying what came instead, unless it is a 200 with a cookie. */
async function signedIn(stack: SessionStack, index: ReplicaIndex, email: AccountEmail, client: string, expected: Text, cookie?: string): Promise<Session> {
  const { reply, setCookie } = await stack.signIn(index, email, stack.password, { client, cookie });
  if (!reply.ok || reply.status !== 200) {
    const what = reply.ok ? `${reply.transcript}: ${reply.body.slice(0, 160)}` : reply.transcript;
    fail(expected, say(`signing in as ${email} on ${replicaName(index)}: ${what}`, `在${replicaZh(index)}上以 ${email} 登录：${what}`), await stack.logOf(index));
  }
  // An emptied cookie (a sign-out's clearCookie) starts no session.
  const header = setCookie !== undefined && parseSetCookie(setCookie).value !== '' ? setCookie : undefined;
  if (!header && cookie) {
    // No new cookie for a browser that brought one: the app kept that session, and its id.
    const sent = parseSetCookie(cookie);
    return { cookie, parsed: sent, header: cookie };
  }
  if (!header) {
    fail(
      expected,
      say(
        `signing in as ${email} answered ${reply.status} but set no cookie: no session was saved. With \`secure: true\`, express-session sets no cookie on a request it takes for plain HTTP: Express must trust the proxy for X-Forwarded-Proto: https to count`,
        `以 ${email} 登录返回了 ${reply.status}，却没有设置任何 Cookie：没有保存会话。用了 \`secure: true\` 的话，express-session 不会在它认为是明文 HTTP 的请求上设置 Cookie：Express 必须信任代理，X-Forwarded-Proto: https 才算数`,
      ),
    );
  }
  const parsed = parseSetCookie(header);
  return { cookie: `${parsed.name}=${parsed.value}`, parsed, header };
}

/** GET /auth/me with a cookie: who the replica thinks is signed in, or undefined for any other answer. */
async function whoIs(stack: SessionStack, index: ReplicaIndex, cookie: string, client: string): Promise<{ reply: Reply; email: string | undefined }> {
  const reply = await stack.request(index, '/auth/me', { client, cookie });
  if (!reply.ok || reply.status !== 200) return { reply, email: undefined };
  try {
    const email = (JSON.parse(reply.body) as { email?: unknown }).email;
    return { reply, email: typeof email === 'string' ? email : undefined };
  } catch {
    return { reply, email: undefined };
  }
}

/** The key in Redis that names the session of this cookie, if any. */
async function sessionKey(stack: SessionStack, session: Session): Promise<{ key: RedisKey | undefined; keys: RedisKey[] }> {
  const { keys } = await redisKeys((await stack.redis()).containerId);
  const ids = sessionIdCandidates(session.parsed.value);
  return { key: keys.find((k) => ids.some((id) => k.key.includes(id))), keys };
}

export async function cookieFlags(stack: SessionStack): Promise<void> {
  const client = '192.0.2.10';
  const expected = say(
    'POST /auth/login over HTTPS (as the proxy says with X-Forwarded-Proto: https) sets a session cookie that is HttpOnly, SameSite=Lax, Secure and expires in 5 minutes to 7 days; GET /auth/me accepts it, and refuses it with one character changed',
    '经由 HTTPS 的 POST /auth/login（代理用 X-Forwarded-Proto: https 表明）设置的会话 Cookie 带 HttpOnly、SameSite=Lax、Secure，有效期在 5 分钟到 7 天之间；GET /auth/me 接受它，改掉一个字符后则拒绝它',
  );
  const session = await signedIn(stack, 0, 'ana@example.com', client, expected);
  const { parsed } = session;
  const missing: { en: string; zh: string }[] = [];
  if (!parsed.httpOnly) missing.push({ en: 'no HttpOnly (any script on the page can read it)', zh: '没有 HttpOnly（页面上的任何脚本都能读到它）' });
  if (!/^(lax|strict)$/i.test(parsed.sameSite ?? '')) {
    missing.push({ en: `SameSite ${parsed.sameSite ? `is ${parsed.sameSite}` : 'is not set'}, not Lax`, zh: `SameSite ${parsed.sameSite ? `是 ${parsed.sameSite}` : '没有设置'}，不是 Lax` });
  }
  if (!parsed.secure) missing.push({ en: 'no Secure although the request came over HTTPS', zh: '请求经由 HTTPS 而来，Cookie 却没有 Secure' });
  const lifetime = lifetimeSeconds(parsed, new Date());
  if (lifetime === undefined) missing.push({ en: 'no Max-Age or Expires: it lasts as long as the browser runs', zh: '没有 Max-Age 或 Expires：浏览器开多久，它就活多久' });
  else if (lifetime < MIN_SESSION_SECONDS) {
    missing.push({ en: `it lasts ${lifetime} s: maxAge is in milliseconds, not seconds`, zh: `它只活 ${lifetime} 秒：maxAge 的单位是毫秒，不是秒` });
  } else if (lifetime > MAX_SESSION_SECONDS) {
    const days = (lifetime / 86_400).toFixed(0);
    missing.push({ en: `it lasts ${days} days`, zh: `它的有效期长达 ${days} 天` });
  }
  if (missing.length > 0) {
    fail(
      expected,
      say(`the cookie ${parsed.name}: ${missing.map((m) => m.en).join('; ')} (Set-Cookie: ${session.header})`, `Cookie ${parsed.name}：${missing.map((m) => m.zh).join('；')}（Set-Cookie: ${session.header}）`),
    );
  }
  const me = await whoIs(stack, 0, session.cookie, client);
  if (me.email !== 'ana@example.com') {
    fail(expected, say(`GET /auth/me with the cookie just set: ${me.reply.transcript}; the sign-in was not kept`, `带着刚设置的 Cookie 请求 GET /auth/me：${me.reply.transcript}；登录状态没有保存下来`), await stack.logOf(0));
  }
  const last = parsed.value.at(-1) === 'A' ? 'B' : 'A';
  const tampered = `${parsed.name}=${parsed.value.slice(0, -1)}${last}`;
  const forged = await whoIs(stack, 0, tampered, client);
  if (forged.email !== undefined) {
    fail(
      expected,
      say(
        `the cookie with its last character changed (${tampered}) still signs in as ${forged.email}: the cookie is not signed, or its signature is not checked`,
        `把 Cookie 的最后一个字符改掉（${tampered}）后，仍然以 ${forged.email} 的身份登录：这个 Cookie 没有签名，或者签名没有被校验`,
      ),
    );
  }
}

export async function newSessionOnLogin(stack: SessionStack): Promise<void> {
  const client = '192.0.2.11';
  const expected = say(
    'a browser holding a signed-in cookie (ana@example.com) that signs in as bo@example.com gets a new session: the old cookie is not signed in as bo@example.com',
    '浏览器持有一个已登录的 Cookie（ana@example.com），再以 bo@example.com 登录时，得到的是一个新会话：旧 Cookie 不会变成 bo@example.com 的登录状态',
  );
  const before = await signedIn(stack, 0, 'ana@example.com', client, expected);
  // On the same replica: the question is what becomes of the old id, wherever sessions are kept.
  await signedIn(stack, 0, 'bo@example.com', client, expected, before.cookie);
  const old = await whoIs(stack, 0, before.cookie, client);
  if (old.email === 'bo@example.com') {
    fail(
      expected,
      say(
        `the cookie from before the sign-in (${before.cookie.slice(0, 40)}…) is now signed in as bo@example.com: the session kept its id, so whoever planted that cookie is now signed in as the victim (session fixation)`,
        `登录之前的那个 Cookie（${before.cookie.slice(0, 40)}…）现在以 bo@example.com 的身份登录了：会话沿用了原来的 id，谁事先把这个 Cookie 塞进浏览器，谁现在就以受害者的身份登录了（会话固定攻击）`,
      ),
    );
  }
}

export async function sharedSessions(stack: SessionStack): Promise<void> {
  const client = '192.0.2.12';
  const days = MAX_SESSION_SECONDS / 86_400;
  const expected = say(
    `a session started on replica 1 is signed in on replica 2 as well; Redis holds it under a key that names its id and expires within ${days} days; after \`docker restart\` of replica 1 the cookie still signs in there`,
    `在副本 1 上开启的会话，在副本 2 上也处于登录状态；Redis 以一个含有会话 id 的键保存它，并在 ${days} 天内过期；对副本 1 执行 \`docker restart\` 之后，这个 Cookie 在它上面依然有效`,
  );
  const session = await signedIn(stack, 0, 'ana@example.com', client, expected);
  const other = await whoIs(stack, 1, session.cookie, client);
  if (other.email !== 'ana@example.com') {
    fail(
      expected,
      say(
        `signed in on replica 1, then GET /auth/me on replica 2: ${other.reply.transcript}; each replica keeps its own sessions, in its own memory`,
        `在副本 1 上登录，然后在副本 2 上 GET /auth/me：${other.reply.transcript}；每个副本各自在自己的内存里保存会话`,
      ),
    );
  }
  const { key, keys } = await sessionKey(stack, session);
  if (!key) {
    const seen = keys.slice(0, 6).map((k) => k.key).join(', ');
    fail(
      expected,
      say(
        `no key in Redis names the session id of the cookie ${session.cookie.slice(0, 40)}… (keys: ${seen || 'none'}): the session is not kept in Redis`,
        `Redis 里没有任何键含有 Cookie ${session.cookie.slice(0, 40)}… 的会话 id（现有的键：${seen || '一个都没有'}）：会话没有保存在 Redis 里`,
      ),
    );
  }
  if (key.pttl < 0) {
    fail(expected, say(`the session's key ${key.key} never expires: a stolen cookie would work for good`, `会话的键 ${key.key} 永不过期：被偷走的 Cookie 会永远有效`));
  }
  if (key.pttl > MAX_SESSION_SECONDS * 1000) {
    const keyDays = (key.pttl / 86_400_000).toFixed(0);
    fail(expected, say(`the session's key ${key.key} expires in ${keyDays} days`, `会话的键 ${key.key} 要 ${keyDays} 天后才过期`));
  }
  await stack.restart(0);
  const after = await whoIs(stack, 0, session.cookie, client);
  if (after.email !== 'ana@example.com') {
    fail(
      expected,
      say(`after \`docker restart\` of replica 1, GET /auth/me with the same cookie: ${after.reply.transcript}; a restart signed the user out`, `对副本 1 执行 \`docker restart\` 之后，带同一个 Cookie 请求 GET /auth/me：${after.reply.transcript}；一次重启就让用户掉线了`),
      await stack.logOf(0),
    );
  }
}

export async function logout(stack: SessionStack): Promise<void> {
  const client = '192.0.2.13';
  const expected = say(
    'after POST /auth/logout on replica 2, the cookie of a session started on replica 1 is no longer signed in on either replica, and its key is gone from Redis',
    '在副本 2 上 POST /auth/logout 之后，在副本 1 上开启的会话的 Cookie，在两个副本上都不再处于登录状态，它在 Redis 里的键也不见了',
  );
  const session = await signedIn(stack, 0, 'ana@example.com', client, expected);
  const { key } = await sessionKey(stack, session);
  const out = await stack.request(1, '/auth/logout', { client, method: 'POST', cookie: session.cookie });
  if (!out.ok || out.status >= 400) {
    fail(expected, say(`POST /auth/logout: ${out.transcript}`, `POST /auth/logout：${out.transcript}`), await stack.logOf(1));
  }
  for (const index of [0, 1] as const) {
    const replay = await whoIs(stack, index, session.cookie, client);
    if (replay.email !== undefined) {
      fail(
        expected,
        say(
          `after ${out.transcript}, the same cookie replayed on ${replicaName(index)} is still signed in as ${replay.email}: the session was not ended where it is stored, and anyone who copied the cookie is still in`,
          `${out.transcript} 之后，在${replicaZh(index)}上重放同一个 Cookie，仍然以 ${replay.email} 的身份登录：会话没有在它的存储处结束，任何复制了这个 Cookie 的人都还能进来`,
        ),
      );
    }
  }
  if (key) {
    const { keys } = await redisKeys((await stack.redis()).containerId);
    if (keys.some((k) => k.key === key.key)) {
      fail(expected, say(`after ${out.transcript}, Redis still holds the session's key ${key.key}`, `${out.transcript} 之后，Redis 里仍然保存着会话的键 ${key.key}`));
    }
  }
}
