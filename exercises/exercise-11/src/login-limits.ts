// Guessing passwords, slowed down: a client may try a few times, an account may be tried a
// few times from anywhere. The counts live in Redis, so that every replica sees the same ones
// and an attacker gains nothing by landing on another.
import type { RequestHandler, Response } from 'express';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { normalizeEmail } from './accounts.js';
import { HttpError } from './http-errors.js';

const WINDOW_SECONDS = 15 * 60;
/** Sign-in attempts per client address per window, whatever their outcome. */
const PER_CLIENT = 10;
/** Failed sign-ins per account per window, from anywhere. */
const PER_ACCOUNT = 10;

export interface LoginLimits {
  /** Before the password is checked: refuses a client or an account that has used up its tries. */
  guard: RequestHandler;
  /** After a wrong password: counts it against the account. */
  failed(email: string): Promise<void>;
}

function limiter(redis: Redis | undefined, keyPrefix: string, points: number): RateLimiterAbstract {
  // Without Redis (before Stage 4) each process counts on its own: better than no limit at all.
  return redis ? new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration: WINDOW_SECONDS }) : new RateLimiterMemory({ keyPrefix, points, duration: WINDOW_SECONDS });
}

/** 429 with the seconds until the window lets this key try again. */
function refuse(res: Response, state: RateLimiterRes): never {
  res.setHeader('Retry-After', String(Math.max(1, Math.ceil(state.msBeforeNext / 1000))));
  throw new HttpError(429, 'too many sign-in attempts; try again later');
}

export function loginLimits(redis: Redis | undefined): LoginLimits {
  const clients = limiter(redis, 'hr:login:client', PER_CLIENT);
  const accounts = limiter(redis, 'hr:login:account', PER_ACCOUNT);
  return {
    guard: async (req, res, next) => {
      // req.ip: the client's address as the trusted proxy saw it ('trust proxy' in session.ts).
      try {
        await clients.consume(req.ip ?? 'unknown');
      } catch (err) {
        if (err instanceof RateLimiterRes) refuse(res, err);
        throw err;
      }
      const email: unknown = (req.body as { email?: unknown } | undefined)?.email;
      if (typeof email === 'string') {
        const account = await accounts.get(normalizeEmail(email));
        if (account && account.remainingPoints <= 0) refuse(res, account);
      }
      next();
    },
    async failed(email) {
      await accounts.penalty(normalizeEmail(email));
    },
  };
}
