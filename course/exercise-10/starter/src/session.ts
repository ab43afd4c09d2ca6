// Who is signed in. express-session gives every signed-in browser a cookie holding a signed
// session id, and keeps the session's data on the server. Where it keeps it, and what the
// cookie allows, is what this file decides.
// 谁已经登录。express-session 给每个已登录的浏览器发一个 Cookie，里面是签了名的会话 id，
// 会话数据则保存在服务器端。保存在哪里、这个 Cookie 允许做什么，由这个文件决定。
import type { Express } from 'express';
import session from 'express-session';
import type { Redis } from 'ioredis';
// For TODO 2: import { RedisStore } from 'connect-redis';

declare module 'express-session' {
  interface SessionData {
    accountId: number;
  }
}

export function useSessions(app: Express, redis: Redis | undefined, secret: string): void {
  // TODO 1: the API runs behind one proxy that ends TLS (nginx, a load balancer). Trust that one
  //         hop, so that req.secure and req.ip describe the client, not the proxy: app.set('trust proxy', 1).
  // 待办 1：API 跑在一层终结 TLS 的代理后面（nginx、负载均衡器）。信任这一跳，让 req.secure 和 req.ip
  //         描述的是客户端而不是代理：app.set('trust proxy', 1)。
  // TODO 2: keep sessions in Redis, not in this process's memory, under a prefix of your own,
  //         so that every replica sees them and a restart signs nobody out (connect-redis's RedisStore).
  // 待办 2：把会话存进 Redis，而不是这个进程的内存，键加上你自己的前缀，让每个副本都能读到，
  //         重启也不会让任何人掉线（connect-redis 的 RedisStore）。
  // TODO 3: the cookie: HttpOnly (no script may read it), SameSite=Lax, Secure when the request came
  //         over HTTPS, and a bounded lifetime (maxAge), e.g. a working day.
  // 待办 3：Cookie 的属性：HttpOnly（脚本读不到）、SameSite=Lax、请求经由 HTTPS 时加 Secure，
  //         以及有限的有效期（maxAge），比如一个工作日。
  void redis;
  app.use(session({ secret, resave: false, saveUninitialized: false }));
}
