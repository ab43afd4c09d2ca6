import { describe, expect, it } from 'vitest';
import { connectionsOf, requestsInLog } from './app-requests.js';

const line = (path: string, port: number, headers: Record<string, string> = {}): string =>
  JSON.stringify({ level: 40, msg: `GET ${path} 404`, req: { id: 'x', method: 'GET', path, headers, peer: { address: '172.20.0.9', port } } });

describe('requestsInLog', () => {
  it('finds the marked requests with their headers and peer, and skips everything else', () => {
    const log = [
      'Server listening on 3000',
      line('/__shipshape/abc/1', 40001, { 'x-forwarded-for': '198.51.100.7, 172.20.0.1', Host: 'shipshape.test' }),
      line('/employees', 40001),
      '{not json /__shipshape/abc/',
      line('/__shipshape/abc/2', 40001),
      line('/__shipshape/abc/3', 40002),
    ].join('\n');
    const seen = requestsInLog(log, '/__shipshape/abc/');
    expect(seen.map((r) => r.path)).toEqual(['/__shipshape/abc/1', '/__shipshape/abc/2', '/__shipshape/abc/3']);
    expect(seen[0]?.headers).toEqual({ 'x-forwarded-for': '198.51.100.7, 172.20.0.1', host: 'shipshape.test' });
    expect(connectionsOf(seen)).toBe(2);
  });

  it('counts a request whose peer is unknown as a connection of its own', () => {
    const log = [JSON.stringify({ req: { path: '/p/1' } }), JSON.stringify({ req: { path: '/p/2' } })].join('\n');
    expect(connectionsOf(requestsInLog(log, '/p/'))).toBe(2);
  });
});
