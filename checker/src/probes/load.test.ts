import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { runLoad, validateLoad } from './load.js';
import { issueRunCertificate } from '../fixtures/tls-certificate.js';

interface TestServer {
  url: string;
  /** Connections the server destroyed on arrival. */
  drops: () => number;
  /** Requests the server received, by the second after `since` they arrived in. */
  arrivals: number[];
  mode: { status: number; hang: boolean };
  close: () => Promise<void>;
}

const servers: TestServer[] = [];

/** A server that answers `mode.status` and destroys every `dropEvery`-th connection as it arrives. */
async function startServer({ dropEvery = 0 } = {}): Promise<TestServer> {
  const mode = { status: 200, hang: false };
  const arrivals: number[] = [];
  let connections = 0;
  let drops = 0;
  let since = 0;
  const server = http.createServer((req, res) => {
    if (arrivals.length === 0 && since === 0) since = performance.now();
    const second = Math.floor((performance.now() - since) / 1000);
    arrivals[second] = (arrivals[second] ?? 0) + 1;
    if (mode.hang) return;
    res.statusCode = mode.status;
    res.end('x');
  });
  server.on('connection', (socket) => {
    connections += 1;
    if (dropEvery > 0 && connections % dropEvery === 0) {
      drops += 1;
      socket.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const s: TestServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    drops: () => drops,
    arrivals,
    mode,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  servers.push(s);
  return s;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('runLoad', () => {
  it('counts exactly the connections a server drops', async () => {
    const server = await startServer({ dropEvery: 50 });
    const report = await runLoad({ url: server.url, ratePerSecond: 200, durationMs: 2000 });
    expect(report.scheduled).toBe(400);
    expect(report.sent).toBe(400);
    expect(server.drops()).toBe(8);
    expect(report.outcomes).toEqual({ 200: 392, reset: 8 });
    expect(report.completed).toBe(392);
    expect(report.errored).toBe(8);
    expect(report.timeline.reduce((n, b) => n + b.failed, 0)).toBe(8);
    expect(report.failures).toBe(8);
    expect(report.summary()).toMatch(/^400 requests in 2 s at 200\/s: 392 x 200, 8 reset \(at 0-2 s\); p95 \d+(\.\d)? ms$/);
  });

  it('holds the rate: requests arrive on schedule, second by second', async () => {
    const server = await startServer();
    const report = await runLoad({ url: server.url, ratePerSecond: 100, durationMs: 3000 });
    expect(report.sent).toBe(300);
    expect(report.outcomes).toEqual({ 200: 300 });
    // Measured where the requests land, not where the generator thinks it sent them; the
    // last few may land just after the third second.
    expect(server.arrivals.reduce((a, b) => a + b, 0)).toBe(300);
    for (const perSecond of server.arrivals.slice(0, 3)) {
      expect(perSecond).toBeGreaterThanOrEqual(85);
      expect(perSecond).toBeLessThanOrEqual(115);
    }
    for (const bucket of report.timeline) expect(bucket.ok).toBeGreaterThanOrEqual(85);
    expect(report.maxStartLagMs).toBeLessThan(250);
    expect(report.elapsedMs).toBeLessThan(3500);
    expect(report.latency?.p50).toBeGreaterThan(0);
  });

  it('runs a hook at its offset, marks it in the timeline, and shows when failures happened', async () => {
    const server = await startServer();
    const report = await runLoad({
      url: server.url,
      ratePerSecond: 100,
      durationMs: 2000,
      during: {
        name: 'break the server',
        atMs: 1200,
        run: async () => {
          server.mode.status = 503;
          await sleep(300);
          server.mode.status = 200;
        },
      },
    });
    const [event] = report.events;
    expect(event?.startedAtMs).toBeGreaterThanOrEqual(1200);
    expect(event?.startedAtMs).toBeLessThan(1350);
    expect(event?.endedAtMs).toBeGreaterThanOrEqual(1500);
    expect(event?.endedAtMs).toBeLessThan(1800);
    expect(report.timeline[1]?.marks).toEqual(['break the server started', 'break the server ended']);
    expect(report.timeline[0]?.failed).toBe(0);
    // 300 ms of 503s at 100/s: about 30 (more if the machine is busy), all in the second second.
    expect(report.timeline[1]?.outcomes[503]).toBeGreaterThanOrEqual(20);
    expect(report.timeline[1]?.outcomes[503]).toBeLessThanOrEqual(50);
    expect(report.summary()).toMatch(/, \d+ x 503 \(at 1-2 s\); p95 .* ms; "break the server" 1\.2-1\.\d s$/);
  });

  it('waits for a hook that outlasts the load, and records one that throws', async () => {
    const server = await startServer();
    const report = await runLoad({
      url: server.url,
      ratePerSecond: 50,
      durationMs: 1000,
      during: [
        { name: 'slow', atMs: 800, run: () => sleep(600) },
        { name: 'broken', atMs: 100, run: () => Promise.reject(new Error('docker said no')) },
      ],
    });
    expect(report.elapsedMs).toBeGreaterThanOrEqual(1400);
    expect(report.events.map((e) => [e.name, e.error])).toEqual([
      ['slow', undefined],
      ['broken', 'docker said no'],
    ]);
    expect(report.timeline[0]?.marks).toContain('broken failed');
  });

  it('counts requests it could not start as dropped, and timeouts as timeouts', async () => {
    const server = await startServer();
    server.mode.hang = true;
    const report = await runLoad({ url: server.url, ratePerSecond: 50, durationMs: 1000, maxInFlight: 5, timeoutMs: 300 });
    expect(report.scheduled).toBe(50);
    expect(report.sent + report.dropped).toBe(50);
    expect(report.dropped).toBeGreaterThan(0);
    expect(report.outcomes.timeout).toBe(report.sent);
    expect(report.outcomes.dropped).toBe(report.dropped);
    expect(report.failures).toBe(50);
    expect(report.latency).toBeUndefined();
    expect(report.summary()).toMatch(/^50 requests in 1 s at 50\/s: \d+ timeout \(at 0-1 s\), \d+ dropped \(at 0-1 s\); no request completed$/);
  });

  it('counts refused connections', async () => {
    const server = await startServer();
    const url = server.url;
    await server.close();
    servers.length = 0;
    const report = await runLoad({ url, ratePerSecond: 20, durationMs: 500 });
    expect(report.outcomes).toEqual({ refused: 10 });
  });

  it('takes the paths in turn, and counts a status that is not ok as a failure', async () => {
    const asked: string[] = [];
    const server = http.createServer((req, res) => {
      asked.push(req.url ?? '');
      res.statusCode = req.url === '/b' ? 503 : 200;
      res.end('x');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ignored`;
      const report = await runLoad({ url, paths: ['/a', '/b', '/c?x=1'], ratePerSecond: 30, durationMs: 200 });
      expect(asked.sort()).toEqual(['/a', '/a', '/b', '/b', '/c?x=1', '/c?x=1']);
      expect(report.outcomes).toEqual({ 200: 4, 503: 2 });
      expect(report.failures).toBe(2);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('speaks HTTPS, trusting the CA it is given', async () => {
    const cert = await issueRunCertificate(['localhost']);
    const server = https.createServer({ cert: cert.certPem, key: cert.keyPem }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `https://localhost:${(server.address() as AddressInfo).port}/`;
      expect((await runLoad({ url, ca: cert.caPem, ratePerSecond: 20, durationMs: 250 })).outcomes).toEqual({ 200: 5 });
      expect((await runLoad({ url, ca: cert.caPem, ratePerSecond: 20, durationMs: 250, keepAlive: true })).outcomes).toEqual({ 200: 5 });
      // Without the run's CA the certificate is not trusted: every request fails, none is ok.
      const untrusted = await runLoad({ url, ratePerSecond: 20, durationMs: 250 });
      expect(untrusted.outcomes).toEqual({ other: 5 });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('reuses connections when asked to', async () => {
    let connections = 0;
    const counter = http.createServer((_req, res) => res.end('ok'));
    counter.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => counter.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://localhost:${(counter.address() as AddressInfo).port}/`;
      const reused = await runLoad({ url, ratePerSecond: 50, durationMs: 500, keepAlive: true });
      expect(reused.outcomes).toEqual({ 200: 25 });
      expect(connections).toBeLessThan(5);
      connections = 0;
      const fresh = await runLoad({ url, ratePerSecond: 50, durationMs: 500 });
      expect(fresh.outcomes).toEqual({ 200: 25 });
      expect(connections).toBe(25);
    } finally {
      counter.closeAllConnections();
      await new Promise((resolve) => counter.close(resolve));
    }
  });
});

describe('validateLoad', () => {
  const ok = { url: 'http://127.0.0.1:3000/', ratePerSecond: 10, durationMs: 1000 };

  it('refuses anything but loopback', async () => {
    for (const url of ['http://example.com/', 'http://10.0.0.1:3000/', 'http://0.0.0.0:3000/', 'http://127.0.0.2/']) {
      await expect(runLoad({ ...ok, url })).rejects.toThrow(/loopback only/);
    }
    expect(() => validateLoad({ ...ok, url: 'ftp://localhost/' })).toThrow(/only http/);
    for (const url of ['http://localhost:3000/', 'http://[::1]:3000/']) expect(() => validateLoad({ ...ok, url })).not.toThrow();
  });

  it('refuses loads over the bounds', () => {
    expect(() => validateLoad({ ...ok, durationMs: 121_000 })).toThrow(/duration/);
    expect(() => validateLoad({ ...ok, ratePerSecond: 1000, durationMs: 30_000 })).toThrow(/30000 requests is over the limit of 20000/);
    expect(() => validateLoad({ ...ok, ratePerSecond: 0 })).toThrow(/rate/);
    expect(() => validateLoad({ ...ok, paths: ['/a', 'b'] })).toThrow(/start with \//);
    expect(() => validateLoad({ ...ok, during: { name: 'late', atMs: 1000, run: async () => {} } })).toThrow(/within/);
  });
});
