import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { courseImages } from '../../../infra/images.js';
import { run } from '../docker/cli.js';
import { removeRun } from '../docker/cleanup.js';
import { newRunId, runLabels } from '../docker/labels.js';
import { httpFromHost, httpInContainer } from './http.js';
import type { Reply } from './reply.js';

// One route per case, on the host (node:http here) and in a container (the same routes as a node -e script).
function handler(q: http.IncomingMessage, s: http.ServerResponse): void {
  if (q.url === '/hang') return;
  if (q.url === '/destroy') return void q.socket.destroy();
  if (q.url === '/fail') return void s.writeHead(503, { 'content-type': 'text/plain' }).end('down');
  if (q.url === '/big') return void s.end('x'.repeat(200_000));
  if (q.url === '/stream') {
    const timer = setInterval(() => s.write('y'.repeat(4096)), 1);
    return void s.on('close', () => clearInterval(timer));
  }
  if (q.url === '/echo') {
    let body = '';
    q.on('data', (c: Buffer) => (body += c.toString()));
    return void q.on('end', () => s.end(JSON.stringify({ method: q.method, type: q.headers['content-type'] ?? '', body })));
  }
  s.setHeader('x-probe', 'yes');
  s.end('ok');
}

const CONTAINER_SERVER = `
require('node:http').createServer((q, s) => {
  if (q.url === '/hang') return;
  if (q.url === '/destroy') return q.socket.destroy();
  if (q.url === '/fail') return s.writeHead(503, { 'content-type': 'text/plain' }).end('down');
  if (q.url === '/big') return s.end('x'.repeat(200000));
  if (q.url === '/echo') {
    let body = '';
    q.on('data', (c) => (body += c));
    return q.on('end', () => s.end(JSON.stringify({ method: q.method, type: q.headers['content-type'] || '', body })));
  }
  s.setHeader('x-probe', 'yes');
  s.end('ok');
}).listen(3000);`;

function hostServer(): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port })));
}

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function failure(reply: Reply) {
  if (reply.ok) throw new Error(`expected a failure, got ${reply.transcript}`);
  return reply;
}

function success(reply: Reply) {
  if (!reply.ok) throw new Error(`expected a reply, got ${reply.transcript}: ${reply.sentence.en}`);
  return reply;
}

describe('httpFromHost', () => {
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    const started = await hostServer();
    server = started.server;
    base = `http://127.0.0.1:${started.port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('returns status, headers, body and a transcript', async () => {
    const reply = success(await httpFromHost(`${base}/health?x=1`));
    expect(reply).toMatchObject({ status: 200, body: 'ok', truncated: false });
    expect(reply.headers['x-probe']).toBe('yes');
    expect(reply.transcript).toMatch(/^GET \/health\?x=1 -> 200 after \d+ ms$/);
  });

  it('opens a new connection per probe, so a stale kept-alive one cannot fail it', async () => {
    let connections = 0;
    const count = (): void => void (connections += 1);
    server.on('connection', count);
    try {
      for (let i = 0; i < 3; i++) success(await httpFromHost(`${base}/health`));
    } finally {
      server.off('connection', count);
    }
    expect(connections).toBe(3);
  });

  it('sends an object body as JSON', async () => {
    const reply = success(await httpFromHost(`${base}/echo`, { method: 'POST', body: { a: 1 } }));
    expect(JSON.parse(reply.body)).toEqual({ method: 'POST', type: 'application/json', body: '{"a":1}' });
  });

  it('reports a 503 as a reply, not a failure', async () => {
    const reply = success(await httpFromHost(`${base}/fail`));
    expect(reply.status).toBe(503);
    expect(reply.transcript).toMatch(/^GET \/fail -> 503 after/);
  });

  it('reports a destroyed socket as a reset', async () => {
    const reply = failure(await httpFromHost(`${base}/destroy`));
    expect(reply).toMatchObject({ kind: 'reset', error: 'UND_ERR_SOCKET', sentence: { en: 'the connection was closed before a reply' } });
    expect(reply.transcript).toMatch(/^GET \/destroy -> connection closed after \d+ ms$/);
  });

  it('gives up on a server that never answers at the deadline', async () => {
    const reply = failure(await httpFromHost(`${base}/hang`, { timeoutMs: 300 }));
    expect(reply).toMatchObject({ kind: 'timeout', error: 'ETIMEDOUT', sentence: { en: 'no answer within 300 ms' } });
    expect(reply.ms).toBeGreaterThanOrEqual(290);
    expect(reply.ms).toBeLessThan(2000);
  });

  it('says nothing listens where nothing does', async () => {
    const port = await freePort();
    const reply = failure(await httpFromHost(`http://127.0.0.1:${port}/health`));
    expect(reply).toMatchObject({ kind: 'refused', error: 'ECONNREFUSED', sentence: { en: `nothing listens on 127.0.0.1:${port}` } });
    expect(reply.transcript).toMatch(/^GET \/health -> connection refused after \d+ ms$/);
  });

  it('keeps at most the body cap, even of an endless body', async () => {
    const big = success(await httpFromHost(`${base}/big`));
    expect(big.body.length).toBe(64 * 1024);
    expect(big.truncated).toBe(true);
    const endless = success(await httpFromHost(`${base}/stream`, { maxBodyBytes: 10_000, timeoutMs: 2000 }));
    expect(endless.body.length).toBe(10_000);
    expect(endless.truncated).toBe(true);
  });
});

describe('httpInContainer', () => {
  const runId = newRunId();
  let id = '';

  beforeAll(async () => {
    // Fail, never skip: a probe test that passes without Docker proves nothing.
    const version = await run(['version', '--format', '{{.Server.Version}}'], 15_000);
    if (!version.ok) throw new Error(`Docker is not reachable: ${version.stderr.trim()}`);
    const { node: image } = await courseImages();
    if (!image) throw new Error('infra/images/Dockerfile names no node image');
    if (!(await run(['image', 'ls', '-q', image])).stdout.trim()) {
      throw new Error(`the image ${image} is not here; build it with npm run images`);
    }
    const labels = Object.entries(runLabels(runId)).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
    const started = await run(['run', '-d', ...labels, image, 'node', '-e', CONTAINER_SERVER]);
    if (!started.ok) throw new Error(`could not start the test container: ${started.stderr}`);
    id = started.stdout.trim();
    for (let attempt = 0; attempt < 20; attempt++) {
      if ((await httpInContainer(id, { port: 3000, timeoutMs: 1000 })).ok) return;
      await sleep(250);
    }
    throw new Error('the test server in the container did not answer within about 10 s');
  });

  afterAll(async () => {
    await removeRun(runId);
  });

  it('returns the same reply shape as from the host', async () => {
    const reply = success(await httpInContainer(id, { port: 3000, path: '/health' }));
    expect(reply).toMatchObject({ status: 200, body: 'ok', truncated: false });
    expect(reply.headers['x-probe']).toBe('yes');
    expect(reply.transcript).toMatch(/^GET \/health -> 200 after \d+ ms$/);
  });

  it('sends a JSON body and reports a 503', async () => {
    const echo = success(await httpInContainer(id, { port: 3000, path: '/echo', method: 'POST', body: { a: 1 } }));
    expect(JSON.parse(echo.body)).toEqual({ method: 'POST', type: 'application/json', body: '{"a":1}' });
    expect(success(await httpInContainer(id, { port: 3000, path: '/fail' })).status).toBe(503);
  });

  it('says nothing listens on a port in the container', async () => {
    const reply = failure(await httpInContainer(id, { port: 3001, path: '/health' }));
    expect(reply).toMatchObject({ kind: 'refused', error: 'ECONNREFUSED', sentence: { en: 'nothing listens on port 3001 in the container' } });
  });

  it('reports a reset, a timeout and a capped body', async () => {
    const [reset, timeout, big] = await Promise.all([
      httpInContainer(id, { port: 3000, path: '/destroy' }),
      httpInContainer(id, { port: 3000, path: '/hang', timeoutMs: 500 }),
      httpInContainer(id, { port: 3000, path: '/big', maxBodyBytes: 1000 }),
    ]);
    expect(failure(reset)).toMatchObject({ kind: 'reset', error: 'UND_ERR_SOCKET' });
    expect(failure(timeout)).toMatchObject({ kind: 'timeout', error: 'ETIMEDOUT', sentence: { en: 'no answer within 500 ms' } });
    expect(success(big)).toMatchObject({ truncated: true, body: 'x'.repeat(1000) });
  });

  it('names a name that does not resolve from inside the container', async () => {
    const reply = failure(await httpInContainer(id, { host: 'db.invalid', port: 5432, timeoutMs: 3000 }));
    expect(reply.kind).toBe('dns');
    expect(reply.sentence.en).toBe('the name db.invalid does not resolve inside the container');
  });

  it("reports docker exec's own failure as a container failure", async () => {
    const reply = failure(await httpInContainer(`shipshape-no-such-${runId}`, { port: 3000 }));
    expect(reply).toMatchObject({ kind: 'container', error: 'NO_SUCH_CONTAINER', sentence: { en: 'the container no longer exists' } });
  });
});
