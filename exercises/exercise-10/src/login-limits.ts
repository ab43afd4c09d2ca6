// Guessing passwords, slowed down. auth.ts calls guard() before it checks a password and
// failed() after a wrong one; what they count, and where, is yours.
// 让猜密码慢下来。auth.ts 在校验密码之前调用 guard()，密码错误之后调用 failed()；
// 它们数什么、数在哪里，由你来写。
import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
// For TODO 6 and 7: import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

export interface LoginLimits {
  /** Before the password is checked: refuses a client or an account that has used up its tries. */
  guard: RequestHandler;
  /** After a wrong password: counts it against the account. */
  failed(email: string): Promise<void>;
}

export function loginLimits(redis: Redis | undefined): LoginLimits {
  // TODO 6: at most 10 sign-in attempts per client (req.ip) in 15 minutes, counted in Redis so
  //         that every replica counts together; beyond that, 429 with a Retry-After header in seconds.
  // 待办 6：每个客户端（req.ip）15 分钟内最多尝试登录 10 次，计数放在 Redis 里，让所有副本一起数；
  //         超过就回应 429，并带上以秒为单位的 Retry-After 响应头。
  // TODO 7: at most 10 failed sign-ins per account (the email, lower-cased) in 15 minutes, from
  //         anywhere; beyond that the account answers 429 with Retry-After, even to the right password.
  // 待办 7：每个账户（转成小写的邮箱）15 分钟内最多失败 10 次，不论来自哪里；超过之后，
  //         这个账户一律回应带 Retry-After 的 429，即使密码正确也一样。
  void redis;
  return {
    guard: (_req, _res, next) => next(),
    async failed() {},
  };
}
