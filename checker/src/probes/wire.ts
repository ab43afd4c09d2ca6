// HTTP and HTTPS as they go over the wire, for checks of what a proxy does to a request and a
// reply: a Host header of the check's choosing, the body as sent (gzip stays gzip), the TLS
// version and certificate the server presented, a trust store of one CA. fetch decodes bodies,
// pools connections and keeps its own Host, so these probes use node:http and node:https.
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import { errorCode, hostDestination, MAX_BODY_BYTES, replyFailed, replyOk, type Reply } from './reply.js';

export interface WireOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** For https://: the CA the server's certificate must chain to (PEM). */
  ca?: string;
  /** For https://: the name asked for in the handshake and checked on the certificate. */
  servername?: string;
  timeoutMs?: number;
  /**
   * Reuse connections through this agent (keepAlive), e.g. to send a series of requests on one
   * connection as a browser would. Without it, each request has a connection of its own.
   */
  agent?: http.Agent;
}

export interface TlsSession {
  /** 'TLSv1.3', 'TLSv1.2'... */
  protocol: string;
  /** Of the certificate the server presented. */
  fingerprint256: string;
}

export type WireReply = Reply & {
  /** Set for a reply over HTTPS. */
  tls?: TlsSession;
  /** The body's bytes as they arrived (not decoded), up to the cap. */
  raw?: Buffer;
};

/** Repeated headers joined with ", ", except Set-Cookie, whose values may hold commas: joined with "\n". */
function flatHeaders(res: http.IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(name === 'set-cookie' ? '\n' : ', ') : value;
  }
  return headers;
}

/** One request on a connection of its own, e.g. wire('https://localhost:8443/employees', { ca, headers: { host: 'shipshape.test' } }). */
export function wire(url: string, options: WireOptions = {}): Promise<WireReply> {
  const target = new URL(url);
  const { method = 'GET', timeoutMs = 5000 } = options;
  const line = { method, path: `${target.pathname}${target.search}` };
  const secure = target.protocol === 'https:';
  const started = performance.now();
  const ms = (): number => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (reply: WireReply): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(reply);
    };
    const fail = (err: unknown): void => {
      const { code, detail } = errorCode(err);
      finish(replyFailed(line, hostDestination(target), code, ms(), { timeoutMs, detail }));
    };
    const request = secure ? https.request : http.request;
    const req = request(
      {
        hostname: target.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: target.port || (secure ? 443 : 80),
        path: line.path,
        method,
        headers: { ...(options.agent ? {} : { connection: 'close' }), ...options.headers },
        agent: options.agent ?? false,
        ...(secure ? { ca: options.ca, servername: options.servername } : {}),
      },
      (res) => {
        const socket = res.socket as tls.TLSSocket;
        const session: TlsSession | undefined = secure
          ? { protocol: socket.getProtocol?.() ?? '', fingerprint256: socket.getPeerCertificate?.().fingerprint256 ?? '' }
          : undefined;
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        res.on('data', (chunk: Buffer) => {
          if (size >= MAX_BODY_BYTES) {
            truncated = true;
            return;
          }
          chunks.push(chunk.subarray(0, MAX_BODY_BYTES - size));
          size += Math.min(chunk.length, MAX_BODY_BYTES - size);
        });
        res.on('error', fail);
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const got = { status: res.statusCode ?? 0, headers: flatHeaders(res), body: raw.toString('utf8'), truncated, ms: ms() };
          finish({ ...replyOk(line, got), raw, ...(session ? { tls: session } : {}) });
        });
      },
    );
    req.on('error', fail);
    const timer = setTimeout(() => {
      fail(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }));
      req.destroy();
    }, timeoutMs);
    req.end(options.body);
  });
}

export type Handshake = { ok: true; session: TlsSession } | { ok: false; code: string; detail: string };

export interface HandshakeOptions {
  ca?: string;
  servername?: string;
  minVersion?: tls.SecureVersion;
  maxVersion?: tls.SecureVersion;
  /** OpenSSL's cipher list, e.g. 'DEFAULT:@SECLEVEL=0' to let the client offer TLS 1.1 at all. */
  ciphers?: string;
  timeoutMs?: number;
}

/**
 * A TLS handshake and nothing else, limited to the versions given: e.g. { minVersion: 'TLSv1.2',
 * maxVersion: 'TLSv1.2' } tells whether the server speaks TLS 1.2 with the certificate asked for.
 */
export function handshake(
  host: string,
  port: number,
  options: HandshakeOptions,
): Promise<Handshake> {
  const { timeoutMs = 5000, ...tlsOptions } = options;
  return new Promise((resolve) => {
    const socket = tls.connect({ host, port, ...tlsOptions }, () => {
      resolve({ ok: true, session: { protocol: socket.getProtocol() ?? '', fingerprint256: socket.getPeerCertificate().fingerprint256 } });
      socket.destroy();
    });
    socket.setTimeout(timeoutMs, () => {
      resolve({ ok: false, code: 'ETIMEDOUT', detail: `no handshake within ${timeoutMs} ms` });
      socket.destroy();
    });
    socket.on('error', (err) => {
      const { code, detail } = errorCode(err);
      resolve({ ok: false, code, detail });
    });
  });
}
