// The headers nginx puts on its replies: security headers on every kind of reply, and caching
// and compression on the static files it serves itself.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { CLAUSES, joinSaid, say, verbatim } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import type { WireReply } from '../../src/probes/wire.js';
import { fail } from '../../src/verdict.js';
import { notProxied, reachedApp, unanswered } from './proxy-checks.js';
import { PUBLIC_DIR, type ProxyStack } from './stack.js';

const REFERRER_POLICIES = new Set([
  'no-referrer',
  'no-referrer-when-downgrade',
  'origin',
  'origin-when-cross-origin',
  'same-origin',
  'strict-origin',
  'strict-origin-when-cross-origin',
  'unsafe-url',
]);
/** What a browser may keep a fingerprinted file for, at least. */
const ASSET_MIN_SECONDS = 7 * 24 * 60 * 60;
/** What a page that names those files may be kept for, at most: a deploy reaches users within the hour. */
const PAGE_MAX_SECONDS = 60 * 60;
/** What an API reply may be kept for, at most. */
const API_MAX_SECONDS = 60;

/** The security headers a reply lacks, in the words of a verdict; empty when it has them all. */
export function missingSecurityHeaders(headers: Record<string, string>): string[] {
  const missing: string[] = [];
  if (headers['x-content-type-options']?.trim().toLowerCase() !== 'nosniff') missing.push('X-Content-Type-Options: nosniff');
  const frame = headers['x-frame-options']?.trim().toUpperCase();
  const csp = headers['content-security-policy'] ?? '';
  if (frame !== 'DENY' && frame !== 'SAMEORIGIN' && !/frame-ancestors/i.test(csp)) missing.push('X-Frame-Options (or a CSP frame-ancestors)');
  const referrer = (headers['referrer-policy'] ?? '').split(',').map((p) => p.trim().toLowerCase());
  if (!referrer.some((p) => REFERRER_POLICIES.has(p))) missing.push('Referrer-Policy');
  if (/\d/.test(headers.server ?? '')) missing.push(`a Server header without a version (it says "${headers.server}")`);
  return missing;
}

/** The asset files public/assets holds that the checks can ask for: CSS and JavaScript. */
export async function assetPaths(dir: string): Promise<string[]> {
  const assets = path.join(dir, PUBLIC_DIR, 'assets');
  const names = await readdir(assets).catch(() => [] as string[]);
  return names.filter((name) => /\.(css|js)$/.test(name)).sort().map((name) => `/assets/${name}`);
}

export async function securityHeaders(stack: ProxyStack): Promise<void> {
  const assets = await assetPaths(stack.ctx.dir);
  const expected = say(
    'X-Content-Type-Options: nosniff, X-Frame-Options, a Referrer-Policy, and no version in Server, on an API reply, a static file and an error',
    'API 响应、静态文件和错误响应上都有 X-Content-Type-Options: nosniff、X-Frame-Options、Referrer-Policy，并且 Server 头里没有版本号',
  );
  const asked: [Text, string][] = [
    [say('the API', 'API 响应'), '/employees'],
    ...(assets[0] ? ([[say('a static file', '静态文件'), assets[0]]] as [Text, string][]) : []),
    [say('an error', '错误响应'), `${stack.mark}-missing`],
  ];
  const lacking: { what: Text; transcript: string; missing: string[] }[] = [];
  for (const [what, where] of asked) {
    const reply = await stack.request(where);
    if (!reply.ok) fail(expected, unanswered(reply), await stack.nginxLog());
    const missing = missingSecurityHeaders(reply.headers);
    if (missing.length > 0) lacking.push({ what, transcript: reply.transcript, missing });
  }
  // Said once when every reply lacks the same headers, reply by reply otherwise.
  const same = lacking.length === asked.length && lacking.every((l) => l.missing.join() === lacking[0]!.missing.join());
  const problems: Text[] = same
    ? [say(`no reply had ${lacking[0]!.missing.join(', ')}`, `没有一个响应带有 ${lacking[0]!.missing.join('、')}`)]
    : lacking.map(({ what, transcript, missing }) => say(`${what.en} (${transcript}) lacks ${missing.join(', ')}`, `${what['zh-Hans']}（${transcript}）缺少 ${missing.join('、')}`));
  if (problems.length > 0) {
    const some = lacking.length < asked.length || !same;
    const why = some
      ? [say('a location with an add_header of its own inherits none from server, and without `always` nginx adds nothing to 4xx and 5xx replies', 'location 里只要有自己的 add_header，就不再继承 server 里的任何一条；不加 `always` 的话，nginx 不会给 4xx 和 5xx 响应加头')]
      : [];
    fail(expected, joinSaid([...problems, ...why], CLAUSES));
  }
}

/** How long a reply may be kept, in seconds, from Cache-Control's max-age or else Expires; undefined when neither says. */
export function cacheSeconds(headers: Record<string, string>): number | undefined {
  const cacheControl = headers['cache-control'] ?? '';
  if (/\b(no-store|no-cache)\b/i.test(cacheControl)) return 0;
  const maxAge = /(?:^|[,\s])max-age\s*=\s*"?(\d+)/i.exec(cacheControl);
  if (maxAge) return Number(maxAge[1]);
  const expires = Date.parse(headers.expires ?? '');
  const date = Date.parse(headers.date ?? '') || Date.now();
  return Number.isNaN(expires) ? undefined : Math.max(0, Math.round((expires - date) / 1000));
}

function lifetime(seconds: number | undefined): string {
  if (seconds === undefined) return 'no lifetime';
  if (seconds >= 86400) return `${Math.round(seconds / 86400)} days`;
  return `${seconds} s`;
}

function cachingOf(reply: WireReply & { ok: true }): string {
  const { headers } = reply;
  return [headers['cache-control'] ? `Cache-Control: ${headers['cache-control']}` : 'no Cache-Control', headers.expires ? `Expires: ${headers.expires}` : ''].filter(Boolean).join(', ');
}

export async function staticFiles(stack: ProxyStack): Promise<void> {
  const assets = (await assetPaths(stack.ctx.dir)).slice(0, 2);
  const expected = say(
    `${assets.join(' and ') || '/assets/*.css and *.js'} served with a lifetime of at least 7 days and gzip when asked for; / (index.html) and the API cached for an hour and a minute at most`,
    `${assets.join(' 和 ') || '/assets/*.css 和 *.js'} 以至少 7 天的缓存时间提供，请求时带 gzip 就压缩；/（index.html）最多缓存一小时，API 最多缓存一分钟`,
  );
  if (assets.length === 0) {
    fail(expected, say(`${PUBLIC_DIR}/assets/ has no .css or .js file to ask for: it came with the exercise`, `${PUBLIC_DIR}/assets/ 里没有可以请求的 .css 或 .js 文件：它们是练习自带的`));
  }
  const problems: Text[] = [];
  for (const asset of assets) {
    const reply = await stack.request(asset, { headers: { 'accept-encoding': 'gzip' } });
    if (!reply.ok || reply.status !== 200) {
      const said = reply.ok ? verbatim(reply.transcript) : unanswered(reply);
      fail(expected, say(`${said.en}: is \`root /usr/share/nginx/html;\` there, where compose mounts public/?`, `${said['zh-Hans']}：有没有写 \`root /usr/share/nginx/html;\`（compose 把 public/ 挂载在那里）？`), await stack.nginxLog());
    }
    const seconds = cacheSeconds(reply.headers);
    if (seconds === undefined || seconds < ASSET_MIN_SECONDS) {
      problems.push(say(`${asset} had ${lifetime(seconds)} (${cachingOf(reply)})`, `${asset} 的缓存时间是 ${lifetime(seconds)}（${cachingOf(reply)}）`));
    }
    const gzipped = reply.headers['content-encoding'] === 'gzip' && reply.raw?.[0] === 0x1f && reply.raw[1] === 0x8b;
    if (!gzipped) {
      problems.push(
        say(
          `${asset} (${reply.headers['content-type'] ?? 'no type'}) came uncompressed although the client accepts gzip (gzip_types)`,
          `客户端接受 gzip，${asset}（${reply.headers['content-type'] ?? '没有类型'}）却没有压缩（gzip_types）`,
        ),
      );
    }
  }
  const page = await stack.request('/');
  if (page.ok && page.status === 200) {
    const seconds = cacheSeconds(page.headers) ?? 0;
    if (seconds > PAGE_MAX_SECONDS || /immutable/i.test(page.headers['cache-control'] ?? '')) {
      problems.push(say(`/ (index.html) may be kept for ${lifetime(seconds)}: browsers would not see a deploy's new asset names`, `/（index.html）可以被缓存 ${lifetime(seconds)}：浏览器将看不到新部署里的新资源文件名`));
    }
  } else {
    const said = page.ok ? verbatim(page.transcript) : unanswered(page);
    problems.push(say(`${said.en}: / should serve public/index.html`, `${said['zh-Hans']}：/ 应该提供 public/index.html`));
  }
  const api = await stack.request('/employees');
  // Said with the rest, so that the files' findings are not hidden behind the API's.
  if (!reachedApp(api)) problems.push(notProxied(api));
  else if (api.ok) {
    const seconds = cacheSeconds(api.headers) ?? 0;
    if (seconds > API_MAX_SECONDS) problems.push(say(`the API's ${api.transcript} may be kept for ${lifetime(seconds)}: only /assets/ may`, `API 的 ${api.transcript} 可以被缓存 ${lifetime(seconds)}：只有 /assets/ 可以这样`));
  }
  if (problems.length > 0) fail(expected, joinSaid(problems, CLAUSES));
}
