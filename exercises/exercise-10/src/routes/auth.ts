// Signing in and out. The password check and the limits are done for you; what happens to the
// session when someone signs in or out is yours.
// 登录与退出。密码校验和限流调用都已经写好；有人登录或退出时会话该怎么处理，由你来写。
import { Router } from 'express';
import { accountById, findAccount } from '../accounts.js';
import type { Db } from '../db.js';
import { HttpError } from '../http-errors.js';
import type { LoginLimits } from '../login-limits.js';
import { NO_ACCOUNT_HASH, verifyPassword } from '../passwords.js';
import { requireString } from './validate.js';

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
    // TODO 4: start a new session before storing who signed in (req.session.regenerate), so that a
    //         session id planted in the browser before the sign-in never becomes a signed-in one.
    // 待办 4：在记下谁登录之前先开一个新会话（req.session.regenerate），这样登录前被塞进浏览器的
    //         会话 id 永远不会变成已登录的会话。
    req.session.accountId = account.id;
    res.json({ email: account.email });
  });

  router.post('/auth/logout', async (_req, res) => {
    // TODO 5: end the session where it is stored (req.session.destroy), not only in the browser,
    //         and clear the cookie: a copied cookie must stop working too.
    // 待办 5：在会话的存储处结束它（req.session.destroy），而不只是在浏览器里，再清掉 Cookie：
    //         被复制走的 Cookie 也必须失效。
    res.status(204).end();
  });

  router.get('/auth/me', async (req, res) => {
    const account = req.session.accountId === undefined ? undefined : await accountById(db, req.session.accountId);
    if (!account) throw new HttpError(401, 'not signed in');
    res.json({ email: account.email });
  });

  return router;
}
