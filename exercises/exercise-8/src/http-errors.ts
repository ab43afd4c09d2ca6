// Every error the API answers is an RFC 9457 problem document (application/problem+json): a
// status, a short title, and for a client's mistake a detail the client can act on. What went
// wrong inside the server goes to the log and to error tracking, never into a response.
import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { reportError } from './error-tracking.js';

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
  // TODO 6: a statement PostgreSQL cancelled for running too long (error code 57014) is not a
  //         bug: answer 503 with a problem document and a Retry-After header, and leave it out
  //         of error tracking.
  // 待办 6：被 PostgreSQL 因运行超时而取消的语句（错误码 57014）不是程序缺陷：用问题详情文档回应
  //         503，带上 Retry-After 响应头，也不要上报给错误追踪。
  // pino-http logs the request line with this error and its stack; the tracker gets it too.
  res.err = err instanceof Error ? err : new Error(String(err));
  reportError(err, req);
  sendProblem(req, res, { status: 500 });
};
