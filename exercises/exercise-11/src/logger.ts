// What the API writes about itself: one JSON object per line on stdout, for whatever collects
// container logs to parse, filter and search. server.ts sets the level from LOG_LEVEL; app.ts
// mounts requestLogger() before everything else.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { pino } from 'pino';
import { pinoHttp } from 'pino-http';

export const logger = pino({
  // Wherever these appear in a logged object, the value never reaches the log. A `*` stands
  // for exactly one level, so each depth a secret can sit at is listed.
  redact: {
    paths: [
      'req.headers.authorization',
      'req.headers.cookie',
      'res.headers["set-cookie"]',
      'password',
      'token',
      '*.password',
      '*.token',
      '*.*.password',
      '*.*.token',
      'databaseUrl',
      '*.databaseUrl',
    ],
    censor: '[redacted]',
  },
});

/** An incoming id is trusted only if it looks like one: it is copied into every log line. */
const USABLE_ID = /^[\w.-]{1,128}$/;

function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && USABLE_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/** The route template Express matched (/employees/:id), known once the response is sent. */
function routeOf(req: IncomingMessage): string | undefined {
  const { baseUrl, route } = req as IncomingMessage & { baseUrl?: string; route?: { path?: unknown } };
  return typeof route?.path === 'string' ? `${baseUrl ?? ''}${route.path}` : undefined;
}

/** One line per request, written when its response is sent, with the request's id. */
export function requestLogger(): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: requestId,
    // Health checks and scrapes arrive every few seconds and say nothing about users.
    autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    customSuccessMessage: (req, res) => `${req.method} ${routeOf(req) ?? req.url} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${routeOf(req) ?? req.url} ${res.statusCode}`,
    customProps: (req) => ({ route: routeOf(req) }),
    // The request as the log needs it: no body, no query values, headers redacted above. The
    // peer is the hop that connected: behind nginx, nginx itself (the client is in the
    // X-Forwarded-For header); with keep-alive, many requests share one peer port.
    serializers: {
      req: (req: { id: unknown; method: string; url: string; headers: Record<string, unknown>; remoteAddress?: string; remotePort?: number }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split('?')[0],
        headers: req.headers,
        peer: { address: req.remoteAddress, port: req.remotePort },
      }),
    },
  });
}
