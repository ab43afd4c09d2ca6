// A different but correct answer: no pino-http. A hand-written middleware logs each finished
// request in ECS-like field names, level names instead of numbers, ISO times, and `message`.
import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { pino } from 'pino';

export const logger = pino({
  messageKey: 'message',
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  // Secrets are removed, not masked.
  redact: { paths: ['headers.authorization', 'headers.cookie', '*.password', '*.token', 'password', 'token'], remove: true },
});

const SAFE_ID = /^[A-Za-z0-9-]{8,64}$/;

export function requestIdOf(res: { locals: Record<string, unknown> }): string {
  return String(res.locals.requestId ?? 'unknown');
}

function template(req: Request): string | undefined {
  const path: unknown = req.route?.path;
  return typeof path === 'string' ? req.baseUrl + path : undefined;
}

export function requestLogger(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.set('x-request-id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'info' : 'info';
      logger[level](
        {
          requestId,
          http: { request: { method: req.method }, response: { status_code: status } },
          url: { path: req.originalUrl.split('?')[0] },
          route: template(req),
          event: { duration_ms: Number(process.hrtime.bigint() - started) / 1e6 },
        },
        'request finished',
      );
    });
    next();
  };
}
