// A different but correct answer: problems without `type` (RFC 9457 reads it as about:blank),
// with the request id as an extension member, and the error logged here.
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { reportError } from './error-tracking.js';
import { logger, requestIdOf } from './logger.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const TITLES: Record<number, string> = { 400: 'Invalid request', 404: 'Not found', 413: 'Body too large', 500: 'Something went wrong on our side' };

function problem(res: Response, status: number, detail?: string): void {
  res.status(status).set('content-type', 'application/problem+json').send(
    JSON.stringify({ title: TITLES[status] ?? 'Request failed', status, detail, requestId: requestIdOf(res) }),
  );
}

export const notFound: RequestHandler = (req, res) => problem(res, 404, `${req.method} ${req.path} does not exist`);

export const errorHandler: ErrorRequestHandler = (err: unknown, _req, res, _next) => {
  if (err instanceof HttpError) return problem(res, err.status, err.message);
  const status = (err as { status?: number }).status;
  if (typeof status === 'number' && status < 500 && status >= 400) return problem(res, status, 'the request body is not valid JSON');
  const requestId = requestIdOf(res);
  logger.error({ requestId, err }, 'unexpected error');
  reportError(err, requestId);
  problem(res, 500);
};
