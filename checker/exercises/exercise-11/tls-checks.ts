// TLS from outside, as a browser meets it: the run's certificate, the versions nginx speaks,
// plain HTTP sent on to HTTPS, and HSTS so that the browser never tries plain HTTP again.
import { CLAUSES, joinSaid, say } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import type { Handshake } from '../../src/probes/wire.js';
import { fail } from '../../src/verdict.js';
import { outdatedProtocols } from './nginx-config.js';
import { unanswered } from './proxy-checks.js';
import { SITE, type ProxyStack } from './stack.js';

/** 180 days, the least HSTS preload lists and scanners accept. */
const HSTS_MIN_SECONDS = 180 * 24 * 60 * 60;

function handshakeFailure(label: string, result: Handshake): Text {
  if (result.ok) return say(`${label}: ok`, `${label}：成功`);
  // OpenSSL's messages run over several lines: one line in a verdict.
  const detail = result.detail.replace(/\s+/g, ' ').trim();
  return say(`${label} failed (${result.code}: ${detail})`, `${label} 失败（${result.code}：${detail}）`);
}

export async function tls(stack: ProxyStack): Promise<void> {
  const expected = say(
    `TLS 1.2 and TLS 1.3 handshakes on port 443 succeed with the certificate issued for ${SITE} in this run, and ssl_protocols allows nothing older`,
    `在 443 端口上，用本次运行为 ${SITE} 签发的证书，TLS 1.2 和 TLS 1.3 握手都成功，并且 ssl_protocols 不允许任何更老的版本`,
  );
  const cert = await stack.certificate();
  const problems: Text[] = [];
  for (const version of ['TLSv1.3', 'TLSv1.2'] as const) {
    const result = await stack.handshake({ minVersion: version, maxVersion: version });
    if (!result.ok) {
      // Docker's port forwarding accepts the connection and drops it when nothing listens inside.
      const refused = result.code === 'ECONNREFUSED' || result.code === 'ECONNRESET';
      problems.push(
        refused
          ? say(`nothing answers TLS on port 443 (${result.code}): a server with \`listen 443 ssl;\``, `443 端口上没有程序应答 TLS（${result.code}）：需要一个带 \`listen 443 ssl;\` 的 server`)
          : handshakeFailure(`a ${version} handshake`, result),
      );
      if (refused) break;
    } else if (result.session.fingerprint256 !== cert.fingerprint256) {
      problems.push(
        say(
          `the ${version} handshake presented another certificate than the one in /etc/nginx/certs/tls.crt (ssl_certificate)`,
          `${version} 握手时出示的证书不是 /etc/nginx/certs/tls.crt 里的那张（ssl_certificate）`,
        ),
      );
    }
  }
  // OpenSSL 3 on this side refuses TLS 1.1 at its default level: lower it, so that a server
  // that still speaks 1.1 is caught by a real handshake.
  const old = await stack.handshake({ minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' });
  if (old.ok) problems.push(say(`a ${old.session.protocol} handshake succeeded`, `${old.session.protocol} 握手成功了`));
  const outdated = outdatedProtocols((await stack.configTest()).output);
  if (outdated === 'unset') {
    problems.push(say('no ssl_protocols in nginx.conf: nginx 1.22 then speaks TLSv1, TLSv1.1 and TLSv1.2, and not TLS 1.3', 'nginx.conf 里没有 ssl_protocols：这样 nginx 1.22 支持的是 TLSv1、TLSv1.1 和 TLSv1.2，却不支持 TLS 1.3'));
  } else if (outdated.length > 0) {
    problems.push(say(`ssl_protocols allows ${outdated.join(' ')}`, `ssl_protocols 允许了 ${outdated.join(' ')}`));
  }
  if (problems.length > 0) fail(expected, joinSaid(problems, CLAUSES), await stack.nginxLog());
}

/** max-age of a Strict-Transport-Security value, in seconds; undefined without one. */
export function hstsMaxAge(value: string | undefined): number | undefined {
  const match = /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?/i.exec(value ?? '');
  return match ? Number(match[1]) : undefined;
}

export async function httpsOnly(stack: ProxyStack): Promise<void> {
  const path = '/employees?page=2&sort=name';
  const expected = say(
    `GET http://${SITE}${path} answers 301 or 308 with Location: https://${SITE}${path}, and HTTPS replies carry Strict-Transport-Security with max-age of at least ${HSTS_MIN_SECONDS} (180 days)`,
    `GET http://${SITE}${path} 回应 301 或 308，Location 为 https://${SITE}${path}；HTTPS 响应带有 max-age 至少为 ${HSTS_MIN_SECONDS}（180 天）的 Strict-Transport-Security`,
  );
  const plain = await stack.request(path, { scheme: 'http' });
  if (!plain.ok) fail(expected, unanswered(plain), await stack.nginxLog());
  const location = plain.headers.location;
  if (plain.status !== 301 && plain.status !== 308) {
    const temporary = plain.status === 302 || plain.status === 307;
    fail(
      expected,
      temporary
        ? say(`over HTTP, ${plain.transcript}: a temporary redirect, which browsers do not remember (301)`, `通过 HTTP：${plain.transcript}：这是临时重定向，浏览器不会记住它（应该用 301）`)
        : say(`over HTTP, ${plain.transcript}: plain HTTP is served instead of sent to HTTPS`, `通过 HTTP：${plain.transcript}：明文 HTTP 被直接处理了，而不是转到 HTTPS`),
    );
  }
  let target: URL | undefined;
  try {
    target = location ? new URL(location, `http://${SITE}`) : undefined;
  } catch {
    target = undefined;
  }
  if (!target || target.protocol !== 'https:' || target.hostname !== SITE || `${target.pathname}${target.search}` !== path) {
    fail(
      expected,
      say(
        `over HTTP, ${plain.transcript} to ${location ?? 'nowhere (no Location)'}: not the same URL on https://${SITE} (\`return 301 https://$host$request_uri;\`)`,
        `通过 HTTP：${plain.transcript}，指向 ${location ?? '（没有 Location）'}：不是 https://${SITE} 上的同一个 URL（\`return 301 https://$host$request_uri;\`）`,
      ),
    );
  }
  const entry = await stack.entry();
  if (entry.scheme !== 'https') {
    fail(expected, say('the redirect is right, but HTTPS on port 443 does not work yet (see tls)', '重定向没问题，但 443 端口上的 HTTPS 还不能用（见 tls）'));
  }
  const secure = await stack.request('/employees');
  if (!secure.ok) fail(expected, unanswered(secure), await stack.nginxLog());
  const hsts = secure.headers['strict-transport-security'];
  const maxAge = hstsMaxAge(hsts);
  if (maxAge === undefined || maxAge < HSTS_MIN_SECONDS) {
    fail(
      expected,
      say(
        `over HTTPS, ${secure.transcript} with ${hsts ? `Strict-Transport-Security: ${hsts}` : 'no Strict-Transport-Security'}`,
        `通过 HTTPS：${secure.transcript}，${hsts ? `Strict-Transport-Security 是 ${hsts}` : '没有 Strict-Transport-Security'}`,
      ),
    );
  }
}
