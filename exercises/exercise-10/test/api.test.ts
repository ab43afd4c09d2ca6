// The service's tests run against a real PostgreSQL and Redis, named by DATABASE_URL and
// REDIS_URL: on a laptop the compose stack's, in CI the job's service containers.
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createDb, type Db } from '../src/db.js';
import { migrate } from '../src/migrate.js';
import { createRedis } from '../src/redis.js';

let db: Db;
let redis: Redis;
let server: Server;
let base: string;

beforeAll(async () => {
  const config = loadConfig();
  if (!config.redisUrl) throw new Error('REDIS_URL is not set: the tests need a Redis to talk to');
  await migrate(config.databaseUrl);
  db = createDb(config.databaseUrl);
  redis = createRedis(config.redisUrl);
  const app = createApp({ db, redis, reportDelayMs: 0, sessionSecret: 'a-session-secret-for-the-tests-only' });
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, () => resolve(listening));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await redisReady(redis);
});

// Whatever beforeAll got to before it failed: a hook that waits on what never started would
// bury the real error under a timeout.
afterAll(async () => {
  if (server) await new Promise((resolve) => server.close(resolve));
  await db?.end();
  await redis?.quit();
});

/**
 * ioredis connects in the background and, with its offline queue off (src/redis.ts), refuses
 * every command until it is ready: without this wait, a first test can meet a Redis that is
 * still connecting and see it "down".
 */
function redisReady(client: Redis, withinMs = 10_000): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    let lastError = 'no answer';
    const noteError = (err: Error): void => {
      lastError = err.message;
    };
    const timer = setTimeout(() => {
      client.off('error', noteError);
      reject(new Error(`Redis at REDIS_URL was not ready within ${withinMs / 1000} s: ${lastError}`));
    }, withinMs);
    client.on('error', noteError);
    client.once('ready', () => {
      clearTimeout(timer);
      client.off('error', noteError);
      resolve();
    });
  });
}

/** A new address for every run: the database outlives a run on a laptop. */
const uniqueEmail = (): string => `${randomUUID()}@example.test`;

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('health', () => {
  test('reports the database and Redis up', async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'up', redis: 'up' });
  });
});

describe('employees', () => {
  test('are created and read back', async () => {
    const email = uniqueEmail();
    const created = await post('/employees', { name: 'Ada Lovelace', email });
    expect(created.status).toBe(201);
    const employee = (await created.json()) as { id: number; email: string; role: string };
    expect(employee).toMatchObject({ email, role: 'staff' });

    const read = await fetch(`${base}/employees/${employee.id}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(employee);
  });

  test('refuse an email that is already in use', async () => {
    const email = uniqueEmail();
    expect((await post('/employees', { name: 'First', email })).status).toBe(201);
    expect((await post('/employees', { name: 'Second', email })).status).toBe(409);
  });

  test('refuse a body without a name', async () => {
    const res = await post('/employees', { email: uniqueEmail() });
    expect(res.status).toBe(400);
  });
});

test('an unknown path is a 404', async () => {
  expect((await fetch(`${base}/no-such-path`)).status).toBe(404);
});
