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
// TODO 4: redact what must never reach a log: the authorization and cookie request headers,
//         set-cookie response headers, and any password or token field (pino's `redact`).
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
// TODO 3: the request id: take X-Request-Id from the request when it looks like an id, generate
//         one otherwise, and send it back in the response's X-Request-Id header.
export function requestLogger(): RequestHandler {
  return (_req, _res, next) => next();
}
