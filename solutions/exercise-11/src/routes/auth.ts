import { Router, type Request } from 'express';
import { accountById, findAccount } from '../accounts.js';
import type { Db } from '../db.js';
import { HttpError } from '../http-errors.js';
import type { LoginLimits } from '../login-limits.js';
import { NO_ACCOUNT_HASH, verifyPassword } from '../passwords.js';
import { requireString } from './validate.js';

/** express-session's callbacks, as promises. */
const regenerate = (req: Request): Promise<void> => new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
const destroy = (req: Request): Promise<void> => new Promise((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));

/** POST /auth/login, POST /auth/logout, GET /auth/me; `limits` guard the login. */
export function authRoutes(db: Db, limits: LoginLimits): Router {
  const router = Router();

  router.post('/auth/login', limits.guard, async (req, res) => {
    const email = requireString(req.body, 'email');
    const password = requireString(req.body, 'password');
    const account = await findAccount(db, email);
    // As slow for an unknown email as for a wrong password: the time must not tell them apart.
    const valid = await verifyPassword(password, account?.passwordHash ?? NO_ACCOUNT_HASH);
    if (!account || !valid) {
      await limits.failed(email);
      throw new HttpError(401, 'wrong email or password');
    }
    // A new session id at sign-in: an id planted in the browser before (session fixation)
    // must not become a signed-in session.
    await regenerate(req);
    req.session.accountId = account.id;
    res.json({ email: account.email });
  });

  router.post('/auth/logout', async (req, res) => {
    // Gone from Redis, not only from the browser: a copied cookie must stop working too.
    await destroy(req);
    res.clearCookie('hr.sid');
    res.status(204).end();
  });

  router.get('/auth/me', async (req, res) => {
    const account = req.session.accountId === undefined ? undefined : await accountById(db, req.session.accountId);
    if (!account) throw new HttpError(401, 'not signed in');
    res.json({ email: account.email });
  });

  return router;
}
