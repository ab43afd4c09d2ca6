// HTTP probes from the host and from inside a container, both answering with one Reply.
import { performance } from 'node:perf_hooks';
import { run } from '../docker/cli.js';
import {
  MAX_BODY_BYTES,
  errorCode,
  hostDestination,
  replyFailed,
  replyOk,
  type Destination,
  type Reply,
  type RequestLine,
} from './reply.js';

export interface ProbeOptions {
  method?: string;
  /** A string is sent as is; anything else as JSON (with a JSON content-type unless one is given). */
  body?: string | object;
  headers?: Record<string, string>;
  /** The whole request, body included; always applies. */
  timeoutMs?: number;
  /** Bytes of the reply body kept; the rest is not read. */
  maxBodyBytes?: number;
}

export interface ContainerProbeOptions extends ProbeOptions {
  /** The port inside the container, e.g. 3000; by default the container's own PORT variable (else 3000), as the app reads it. */
  port?: number;
  path?: string;
  /** 127.0.0.1 is the container itself; another name (db, redis) is resolved on the container's networks. */
  host?: string;
}

const DEFAULT_TIMEOUT_MS = 5000;

function encodeBody(body: string | object | undefined, headers: Record<string, string>): string | undefined {
  if (body === undefined || typeof body === 'string') return body;
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  return JSON.stringify(body);
}

/** Reads at most `max` bytes and stops there, so a server streaming forever cannot fill memory. */
async function readCapped(stream: ReadableStream<Uint8Array> | null, max: number): Promise<{ body: string; truncated: boolean }> {
  if (!stream) return { body: '', truncated: false };
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = max - size;
    chunks.push(value.subarray(0, room));
    size += Math.min(room, value.byteLength);
    if (value.byteLength > room) {
      truncated = true;
      await reader.cancel().catch(() => {});
      break;
    }
  }
  return { body: Buffer.concat(chunks).toString('utf8'), truncated };
}

/** One request from the checker's machine, e.g. to a port the learner's container publishes. */
export async function httpFromHost(url: string, options: ProbeOptions = {}): Promise<Reply> {
  const { method = 'GET', timeoutMs = DEFAULT_TIMEOUT_MS, maxBodyBytes = MAX_BODY_BYTES } = options;
  const target = new URL(url);
  const line: RequestLine = { method, path: `${target.pathname}${target.search}` };
  const headers = { ...options.headers };
  // A new connection per probe, as the load generator does by default: a kept-alive connection
  // that nginx closes on reload (or a restarted container drops) would fail the next probe for
  // a reason that is the client's, not the learner's.
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'connection')) headers.connection = 'close';
  const body = encodeBody(options.body, headers);
  const started = performance.now();
  try {
    // redirect: 'manual' so that a verdict sees the 301 the learner configured, not where it leads.
    const res = await fetch(target, { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    const read = await readCapped(res.body, maxBodyBytes);
    const ms = Math.round(performance.now() - started);
    return replyOk(line, { status: res.status, headers: Object.fromEntries(res.headers), ...read, ms });
  } catch (err) {
    const { code, detail } = errorCode(err);
    return replyFailed(line, hostDestination(target), code, Math.round(performance.now() - started), { timeoutMs, detail });
  }
}

// Runs inside the container with the node the app image has: the app needs no published port,
// and every replica can be asked directly. It always prints one JSON line, and bounds itself
// (deadline and body cap) so that nothing is left running in the learner's container.
const IN_CONTAINER_SCRIPT = `
const o = JSON.parse(process.argv[1]);
const port = o.port ?? Number(process.env.PORT || 3000);
const url = 'http://' + o.host + ':' + port + o.path;
const t0 = performance.now();
const ms = () => Math.round(performance.now() - t0);
const out = (v) => process.stdout.write(JSON.stringify(v) + '\\n');
(async () => {
  try {
    const res = await fetch(url, { method: o.method, headers: o.headers, body: o.body, redirect: 'manual', signal: AbortSignal.timeout(o.timeoutMs) });
    const chunks = []; let size = 0; let truncated = false;
    if (res.body) {
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const room = o.max - size;
        chunks.push(value.subarray(0, room)); size += Math.min(room, value.byteLength);
        if (value.byteLength > room) { truncated = true; await reader.cancel().catch(() => {}); break; }
      }
    }
    out({ ok: true, port, status: res.status, headers: Object.fromEntries(res.headers), body: Buffer.concat(chunks).toString('utf8'), truncated, ms: ms() });
  } catch (e) {
    const c = e && e.cause;
    const code = e && e.name === 'TimeoutError' ? 'ETIMEDOUT'
      : (c && (c.code || (c.errors && c.errors[0] && c.errors[0].code))) || (e && e.code) || 'EUNKNOWN';
    out({ ok: false, port, code, detail: String((c && c.message) || (e && e.message) || e), ms: ms() });
  }
  process.exit(0);
})();`;

interface ScriptResult {
  ok: boolean;
  port?: number;
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  truncated?: boolean;
  code?: string;
  detail?: string;
  ms?: number;
}

/** docker exec's own failures, before the request was ever made. */
function execFailure(output: string): { code: string; detail: string } {
  const detail = output.trim().split('\n').find(Boolean)?.replace(/^Error response from daemon: /, '').slice(0, 200) ?? '';
  if (/is paused/i.test(output)) return { code: 'CONTAINER_PAUSED', detail };
  if (/is not running/i.test(output)) return { code: 'CONTAINER_NOT_RUNNING', detail };
  if (/no such container/i.test(output)) return { code: 'NO_SUCH_CONTAINER', detail };
  if (/"node": executable file not found|node: not found/i.test(output)) return { code: 'NO_NODE', detail };
  return { code: 'EXEC_FAILED', detail: detail || 'docker exec failed' };
}

/** The time docker exec gets beyond the request's own deadline: starting node in a container takes a while. */
const EXEC_SLACK_MS = 15_000;

/**
 * One request made from inside a container (`docker exec <id> node -e ...`), to the container
 * itself (127.0.0.1, the default) or to a name on its networks. `ms` is measured inside the
 * container, so it is the request's time, not docker exec's.
 */
export async function httpInContainer(containerId: string, options: ContainerProbeOptions): Promise<Reply> {
  const { method = 'GET', timeoutMs = DEFAULT_TIMEOUT_MS, maxBodyBytes = MAX_BODY_BYTES, host = '127.0.0.1', port } = options;
  const path = options.path ?? '/';
  const line: RequestLine = { method, path };
  const where: Destination = { from: 'container', host, port: port ?? 3000 };
  const headers = { ...options.headers };
  const body = encodeBody(options.body, headers);
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const args = JSON.stringify({ host: hostPart, port: port ?? null, path, method, headers, body, timeoutMs, max: maxBodyBytes });

  const started = performance.now();
  const execLimit = timeoutMs + EXEC_SLACK_MS;
  const res = await run(['exec', containerId, 'node', '-e', IN_CONTAINER_SCRIPT, args], execLimit);
  const outerMs = Math.round(performance.now() - started);
  const last = res.stdout.trim().split('\n').at(-1) ?? '';
  let result: ScriptResult | undefined;
  try {
    result = JSON.parse(last) as ScriptResult;
  } catch {
    result = undefined;
  }
  if (!result) {
    // No line from the script: docker exec itself failed, or was stopped at its own deadline.
    if (outerMs >= execLimit) return replyFailed(line, where, 'ETIMEDOUT', outerMs, { timeoutMs: execLimit });
    const { code, detail } = execFailure(`${res.stderr}\n${res.stdout}`);
    return replyFailed(line, where, code, outerMs, { detail });
  }
  const ms = result.ms ?? outerMs;
  if (result.port) where.port = result.port;
  if (result.ok && typeof result.status === 'number') {
    return replyOk(line, {
      status: result.status,
      headers: result.headers ?? {},
      body: result.body ?? '',
      truncated: result.truncated ?? false,
      ms,
    });
  }
  return replyFailed(line, where, result.code ?? 'EUNKNOWN', ms, { timeoutMs, detail: result.detail });
}

/**
 * Asks the same request inside a container until `done` accepts a reply or `withinMs` has
 * passed, a short pause between tries; returns the last reply either way. For an app that is
 * restarting or still starting, where one refused connection means nothing yet.
 */
export async function askUntil(containerId: string, options: ContainerProbeOptions, withinMs: number, done: (reply: Reply) => boolean): Promise<Reply> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const reply = await httpInContainer(containerId, options);
    if (done(reply) || Date.now() >= deadline) return reply;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}
