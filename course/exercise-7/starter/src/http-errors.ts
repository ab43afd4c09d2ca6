// How the API answers errors. Today: `{ "error": "…" }` as plain JSON, and a 500 that tells
// nobody what happened.
import type { ErrorRequestHandler, RequestHandler } from 'express';

/** An error whose message is safe to show the client, with the HTTP status to answer. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// TODO 5: answer every error as an RFC 9457 problem document: content-type
//         application/problem+json and a body with type, title, status and (for a 4xx) detail.
// 待办 5：所有错误都以 RFC 9457 问题详情文档（problem document）作答：content-type 为
//         application/problem+json，响应体包含 type、title、status，4xx 时还要有 detail。
export const notFound: RequestHandler = (req, res) => {
  res.status(404).json({ error: `no route for ${req.method} ${req.path}` });
};

export const errorHandler: ErrorRequestHandler = (err: unknown, _req, res, _next) => {
  if (err instanceof HttpError) {
    res.status(err.status).json({ error: err.message });
    return;
  }
  // express.json() marks malformed bodies with a 4xx status of its own.
  const status = (err as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    res.status(status).json({ error: (err as Error).message });
    return;
  }
  // TODO 6: an unexpected error: log it with its stack, report it with reportError() from
  //         error-tracking.ts, and tell the client nothing about its cause.
  // 待办 6：意料之外的错误：连同堆栈一起写进日志，用 error-tracking.ts 里的 reportError() 上报，
  //         并且不向客户端透露任何出错原因。
  console.error(err);
  res.status(500).json({ error: 'internal server error' });
};
