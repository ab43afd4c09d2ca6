// Who is signed in, kept in Redis rather than in the process: every replica reads the same
// sessions, and a restart or a deploy signs nobody out. The browser holds only a signed id.
import { RedisStore } from 'connect-redis';
import type { Express } from 'express';
import session from 'express-session';
import type { Redis } from 'ioredis';

/** A working day and then some: a stolen cookie is worth nothing by tomorrow. */
const SESSION_SECONDS = 8 * 60 * 60;

declare module 'express-session' {
  interface SessionData {
    accountId: number;
  }
}

export function useSessions(app: Express, redis: Redis | undefined, secret: string): void {
  // The API runs behind one proxy (nginx, a load balancer) that ends TLS: trust the one hop
  // in front, so that req.secure and req.ip describe the client and not the proxy. A client's
  // own X-Forwarded-For entries stay untrusted: the proxy appends the address it saw.
  app.set('trust proxy', 1);
  app.use(
    session({
      name: 'hr.sid',
      secret,
      store: redis ? new RedisStore({ client: redis, prefix: 'hr:sess:', ttl: SESSION_SECONDS }) : undefined,
      resave: false,
      // No session, and no cookie, until someone signs in.
      saveUninitialized: false,
      cookie: {
        httpOnly: true,
        sameSite: 'lax',
        // Secure whenever the request came over HTTPS (as the proxy says): over plain HTTP on
        // a laptop the cookie still works.
        secure: 'auto',
        maxAge: SESSION_SECONDS * 1000,
      },
    }),
  );
}
