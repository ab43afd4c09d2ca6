// What the API writes about itself. Today: plain text through console, which a person can read
// and no log system can search. server.ts sets `logger.level` from LOG_LEVEL (this stand-in
// ignores it); app.ts mounts requestLogger() before everything else.
import type { RequestHandler } from 'express';

type LogFn = (objOrMessage: object | string, message?: string) => void;

function write(print: (text: string) => void): LogFn {
  return (objOrMessage, message) => {
    if (typeof objOrMessage === 'string') print(objOrMessage);
    else print(`${message ?? ''} ${JSON.stringify(objOrMessage)}`);
  };
}

// TODO 1: replace this stand-in with a pino logger: `export const logger = pino({ … })`.
//         Every line becomes one JSON object with a level, a time and a message.
// 待办 1：用一个 pino 日志器替换这个临时替身：`export const logger = pino({ … })`。
//         每一行日志都成为一个 JSON 对象，包含级别、时间和消息。
// TODO 4: redact what must never reach a log: the authorization and cookie request headers,
//         set-cookie response headers, and any password or token field (pino's `redact`).
// 待办 4：过滤掉绝不能进入日志的内容：请求头 authorization 和 cookie、响应头 set-cookie，
//         以及任何 password 或 token 字段（用 pino 的 `redact`）。
export const logger = {
  level: 'info',
  fatal: write(console.error),
  error: write(console.error),
  warn: write(console.warn),
  info: write(console.log),
  debug: write(console.log),
  trace: write(console.log),
};

// TODO 2: return pino-http's middleware: one line per request when its response is sent, with
//         method, route, status, duration and the request's id.
// 待办 2：返回 pino-http 的中间件：每个请求在响应发出时记一行日志，包含 method、route、status、
//         耗时和这个请求的 id。
// TODO 3: the request id: take X-Request-Id from the request when it looks like an id, generate
//         one otherwise, and send it back in the response's X-Request-Id header.
// 待办 3：请求 id：如果请求里的 X-Request-Id 看起来像一个 id，就沿用它，否则生成一个新的，
//         并通过响应头 X-Request-Id 返回。
export function requestLogger(): RequestHandler {
  return (_req, _res, next) => next();
}
