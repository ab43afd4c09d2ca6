import { once } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { issueRunCertificate } from '../fixtures/tls-certificate.js';
import { handshake, wire } from './wire.js';

describe('wire', () => {
  it('sends the Host it is given and keeps a gzip body and every Set-Cookie as they came', async () => {
    const server = http.createServer((req, res) => {
      res.setHeader('set-cookie', ['a=1; Expires=Wed, 09 Jun 2027 10:18:14 GMT', 'b=2']);
      res.setHeader('content-encoding', 'gzip');
      res.end(gzipSync(`host=${req.headers.host}`));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const reply = await wire(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`, { headers: { host: 'shipshape.test' } });
      expect(reply.ok).toBe(true);
      if (!reply.ok) return;
      expect(reply.headers['set-cookie']).toBe('a=1; Expires=Wed, 09 Jun 2027 10:18:14 GMT\nb=2');
      expect(reply.raw?.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
      expect(reply.tls).toBeUndefined();
    } finally {
      server.close();
    }
  });

  it('reports the TLS version and certificate, and a handshake limited to versions the server lacks fails', async () => {
    const cert = await issueRunCertificate(['localhost']);
    const server = https.createServer({ cert: cert.certPem, key: cert.keyPem, minVersion: 'TLSv1.3' }, (_req, res) => res.end('ok'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    try {
      const reply = await wire(`https://localhost:${port}/`, { ca: cert.caPem });
      expect(reply.ok && reply.tls).toEqual({ protocol: 'TLSv1.3', fingerprint256: cert.fingerprint256 });
      expect(await handshake('127.0.0.1', port, { ca: cert.caPem, servername: 'localhost', minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' })).toMatchObject({ ok: true });
      expect(await handshake('127.0.0.1', port, { ca: cert.caPem, servername: 'localhost', minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' })).toMatchObject({ ok: false });
      // Untrusted: no CA given.
      expect(await wire(`https://localhost:${port}/`)).toMatchObject({ ok: false });
    } finally {
      server.close();
    }
  });
});
