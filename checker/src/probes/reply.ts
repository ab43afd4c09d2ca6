// One reply shape for every HTTP probe, from the host or from inside a container, so that a
// verdict shows the same kind of line and sentence whichever way the request went.
import { say } from '../locale.js';
import type { Locale, Text } from '../manifest.js';

/** What a failure amounts to for a verdict; the load generator counts by these too. */
export type FailureKind = 'refused' | 'timeout' | 'reset' | 'dns' | 'unreachable' | 'container' | 'other';

export interface ReplyOk {
  ok: true;
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** At most the probe's body cap, decoded as UTF-8. */
  body: string;
  /** The server sent more than the cap; `body` is the beginning. */
  truncated: boolean;
  ms: number;
  /** e.g. `GET /health -> 503 after 12 ms` */
  transcript: string;
}

export interface ReplyFailed {
  ok: false;
  /** A machine code: ECONNREFUSED, ETIMEDOUT, ECONNRESET, UND_ERR_SOCKET, ENOTFOUND, CONTAINER_PAUSED... */
  error: string;
  kind: FailureKind;
  /** For the learner, in both languages, e.g. "nothing listens on port 3000 in the container". */
  sentence: Text;
  ms: number;
  /** e.g. `GET /health -> connection refused after 3 ms` */
  transcript: string;
}

export type Reply = ReplyOk | ReplyFailed;

/** Where a request went, so that a failure can say where nothing answered. */
export interface Destination {
  /** The host asked from the checker's machine, or from inside a container (127.0.0.1 there is the container itself). */
  from: 'host' | 'container';
  host: string;
  port: number;
}

/** Where a request from the checker's machine to `url` went. */
export function hostDestination(url: URL): Destination {
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return { from: 'host', host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port };
}

export interface RequestLine {
  method: string;
  /** Path and query, as the verdict shows it. */
  path: string;
}

/** Bytes of a reply body a probe keeps: enough for any health or JSON answer, bounded for a runaway one. */
export const MAX_BODY_BYTES = 64 * 1024;

const KINDS: Record<string, FailureKind> = {
  ECONNREFUSED: 'refused',
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  // undici's "other side closed": the server hung up before (or while) replying.
  UND_ERR_SOCKET: 'reset',
  ECONNABORTED: 'reset',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
  EAI_FAIL: 'dns',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  EHOSTDOWN: 'unreachable',
  CONTAINER_PAUSED: 'container',
  CONTAINER_NOT_RUNNING: 'container',
  NO_SUCH_CONTAINER: 'container',
  NO_NODE: 'container',
  EXEC_FAILED: 'container',
};

export function failureKind(code: string): FailureKind {
  return KINDS[code] ?? 'other';
}

/** "12 ms" under a second, "5 s" or "1.5 s" above (in Chinese 12 毫秒, 5 秒): what a learner reads at a glance. */
export function formatDuration(ms: number, locale: Locale = 'en'): string {
  const [millis, seconds] = locale === 'en' ? ['ms', 's'] : ['毫秒', '秒'];
  if (ms < 1000) return `${Math.round(ms)} ${millis}`;
  const s = ms / 1000;
  return Number.isInteger(s) ? `${s} ${seconds}` : `${s.toFixed(1)} ${seconds}`;
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '[::1]';
}

function address({ host, port }: Destination): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * The learner-facing sentence for a low-level error code, in both languages. `timeoutMs` is the
 * probe's deadline, `detail` what the error said, for codes this function has no sentence of its own for.
 */
export function failureSentence(
  code: string,
  where: Destination,
  { timeoutMs, detail }: { timeoutMs?: number; detail?: string } = {},
): Text {
  const inside = where.from === 'container';
  const at = address(where);
  switch (failureKind(code)) {
    case 'refused':
      if (inside && isLoopback(where.host)) return say(`nothing listens on port ${where.port} in the container`, `容器里没有程序在监听 ${where.port} 端口`);
      return inside
        ? say(`nothing listens on ${at} (asked from inside the container)`, `${at} 上没有程序在监听（从容器内部访问）`)
        : say(`nothing listens on ${at}`, `${at} 上没有程序在监听`);
    case 'timeout':
      return timeoutMs === undefined
        ? say('no answer in time', '没能及时得到响应')
        : say(`no answer within ${formatDuration(timeoutMs)}`, `${formatDuration(timeoutMs, 'zh-Hans')}内没有得到响应`);
    case 'reset':
      return say('the connection was closed before a reply', '还没收到响应，连接就被关闭了');
    case 'dns':
      return inside
        ? say(`the name ${where.host} does not resolve inside the container`, `在容器里解析不了主机名 ${where.host}`)
        : say(`the name ${where.host} does not resolve`, `解析不了主机名 ${where.host}`);
    case 'unreachable':
      return say(`there is no route to ${where.host}`, `没有通往 ${where.host} 的路由`);
    case 'container':
      if (code === 'CONTAINER_PAUSED') return say('the container is paused', '容器处于暂停状态');
      if (code === 'CONTAINER_NOT_RUNNING') return say('the container is not running', '容器没有在运行');
      if (code === 'NO_SUCH_CONTAINER') return say('the container no longer exists', '容器已经不存在了');
      if (code === 'NO_NODE') return say('the image has no node to make the request with', '镜像里没有 node，发不出请求');
      return detail ? say(`docker exec failed: ${detail}`, `docker exec 执行失败：${detail}`) : say('docker exec failed', 'docker exec 执行失败');
    case 'other':
      return detail ? say(`the request failed (${code}: ${detail})`, `请求失败（${code}：${detail}）`) : say(`the request failed (${code})`, `请求失败（${code}）`);
  }
}

/** The few words a transcript line uses for a failure. */
function failureWords(code: string): string {
  switch (failureKind(code)) {
    case 'refused':
      return 'connection refused';
    case 'timeout':
      return 'no answer';
    case 'reset':
      return 'connection closed';
    case 'dns':
      return 'name not resolved';
    case 'unreachable':
      return 'no route';
    default:
      return code;
  }
}

export function transcriptLine(req: RequestLine, outcome: string, ms: number): string {
  return `${req.method} ${req.path} -> ${outcome} after ${formatDuration(ms)}`;
}

export function replyOk(
  req: RequestLine,
  got: { status: number; headers: Record<string, string>; body: string; truncated: boolean; ms: number },
): ReplyOk {
  return { ok: true, ...got, transcript: transcriptLine(req, String(got.status), got.ms) };
}

export function replyFailed(
  req: RequestLine,
  where: Destination,
  code: string,
  ms: number,
  context: { timeoutMs?: number; detail?: string } = {},
): ReplyFailed {
  return {
    ok: false,
    error: code,
    kind: failureKind(code),
    sentence: failureSentence(code, where, context),
    ms,
    transcript: transcriptLine(req, failureWords(code), ms),
  };
}

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

function asErrorLike(value: unknown): ErrorLike | undefined {
  return typeof value === 'object' && value !== null ? (value as ErrorLike) : undefined;
}

/**
 * The machine code and message behind an error from fetch (undici wraps the socket error in
 * `cause`), node:http, or an aborted signal (AbortSignal.timeout rejects with a TimeoutError
 * that has no code). Connecting to a name with several addresses fails with an AggregateError.
 */
export function errorCode(err: unknown): { code: string; detail: string } {
  const top = asErrorLike(err);
  if (top?.name === 'TimeoutError') return { code: 'ETIMEDOUT', detail: 'timed out' };
  for (const candidate of [top?.cause, err]) {
    const e = asErrorLike(candidate);
    if (!e) continue;
    const first = Array.isArray(e.errors) ? asErrorLike(e.errors[0]) : undefined;
    const code = typeof e.code === 'string' ? e.code : typeof first?.code === 'string' ? first.code : undefined;
    if (code) return { code, detail: typeof e.message === 'string' ? e.message : code };
    if (e.name === 'TimeoutError') return { code: 'ETIMEDOUT', detail: 'timed out' };
  }
  const cause = asErrorLike(top?.cause);
  const message = typeof cause?.message === 'string' ? cause.message : typeof top?.message === 'string' ? top.message : String(err);
  return { code: 'EUNKNOWN', detail: message };
}
