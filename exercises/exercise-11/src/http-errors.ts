// Every error the API answers is an RFC 9457 problem document (application/problem+json): a
// status, a short title, and for a client's mistake a detail the client can act on. What went
// wrong inside the server goes to the log and to error tracking, never into a response.
import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { reportError } from './error-tracking.js';

/** PostgreSQL's code for a statement it cancelled, e.g. after statement_timeout. */
const QUERY_CANCELED = '57014';

/** An error whose message is safe to show the client, with the HTTP status to answer. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface Problem {
  status: number;
  detail?: string;
}

function sendProblem(req: Request, res: Response, { status, detail }: Problem): void {
  res
    .status(status)
    .type('application/problem+json')
    .json({
      // No page documents our errors, so "about:blank": the status and title say it all.
      type: 'about:blank',
      title: STATUS_CODES[status] ?? 'Error',
      status,
      ...(detail ? { detail } : {}),
      // The request id lets a user's complaint be found in the logs.
      instance: `urn:request:${String(req.id)}`,
    });
}

export const notFound: RequestHandler = (req, res) => {
  sendProblem(req, res, { status: 404, detail: `no route for ${req.method} ${req.path}` });
};

export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  if (err instanceof HttpError) {
    sendProblem(req, res, { status: err.status, detail: err.message });
    return;
  }
  // express.json() marks malformed bodies with a 4xx status of its own, and a safe message.
  const status = (err as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    sendProblem(req, res, { status, detail: (err as Error).message });
    return;
  }
  // PostgreSQL cancelled the statement (statement_timeout): the database is overloaded or a
  // query ran away. Nothing the client did wrong and no bug to report: try again shortly.
  if ((err as { code?: unknown }).code === QUERY_CANCELED) {
    res.setHeader('Retry-After', '5');
    sendProblem(req, res, { status: 503, detail: 'the database took too long to answer; try again shortly' });
    return;
  }
  // pino-http logs the request line with this error and its stack; the tracker gets it too.
  res.err = err instanceof Error ? err : new Error(String(err));
  reportError(err, req);
  sendProblem(req, res, { status: 500 });
};
