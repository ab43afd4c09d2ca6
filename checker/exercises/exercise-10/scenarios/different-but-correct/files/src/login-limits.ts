// A different answer, written by hand: fixed windows counted with INCR and EXPIRE in one Lua
// call, no library, a Retry-After given as an HTTP date, and other numbers.
import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import { normalizeEmail } from './accounts.js';
import { HttpError } from './http-errors.js';

const WINDOW_SECONDS = 600;
const MAX_TRIES = 8;
const MAX_FAILURES = 5;

export interface LoginLimits {
  guard: RequestHandler;
  failed(email: string): Promise<void>;
}

/** Counts one more in the key's window; the first count starts the window. */
const BUMP = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return { n, redis.call('TTL', KEYS[1]) }`;

export function loginLimits(redis: Redis | undefined): LoginLimits {
  if (!redis) return { guard: (_req, _res, next) => next(), async failed() {} };
  const tooMany = (ttl: number): HttpError & { retryAt: string } =>
    Object.assign(new HttpError(429, 'slow down'), { retryAt: new Date(Date.now() + Math.max(ttl, 1) * 1000).toUTCString() });
  return {
    guard: async (req, res, next) => {
      const [tries, ttl] = (await redis.eval(BUMP, 1, `limits:ip:${req.ip}`, WINDOW_SECONDS)) as [number, number];
      if (tries > MAX_TRIES) {
        const err = tooMany(ttl);
        res.setHeader('Retry-After', err.retryAt);
        throw err;
      }
      const email: unknown = (req.body as { email?: unknown } | undefined)?.email;
      if (typeof email === 'string') {
        const key = `limits:account:${normalizeEmail(email)}`;
        const [failures, left] = await Promise.all([redis.get(key), redis.ttl(key)]);
        if (Number(failures ?? 0) >= MAX_FAILURES) {
          const err = tooMany(left);
          res.setHeader('Retry-After', err.retryAt);
          throw err;
        }
      }
      next();
    },
    async failed(email) {
      await redis.eval(BUMP, 1, `limits:account:${normalizeEmail(email)}`, WINDOW_SECONDS);
    },
  };
}
