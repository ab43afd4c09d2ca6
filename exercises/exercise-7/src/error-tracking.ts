// Where unexpected errors are reported: Sentry, or anything that speaks its protocol.
// server.ts calls initErrorTracking() at start and closeErrorTracking() before it exits.
import type { Request } from 'express';
import type { Config } from './config.js';

// TODO 7: when config.sentryDsn is set, start the Sentry SDK (`Sentry.init` from @sentry/node),
//         and keep secrets out of its events: it sends the request body as it came.
// 待办 7：设置了 config.sentryDsn 时，启动 Sentry SDK（@sentry/node 的 `Sentry.init`），
//         并且不让密钥进入它上报的事件：它会把请求体原样发出去。
export function initErrorTracking(_config: Config): void {}

// TODO 8: report the error to Sentry, tagged with the request's id.
// 待办 8：把错误上报给 Sentry，并打上这个请求的 id 作为标签。
export function reportError(_err: unknown, _req: Request): void {}

/** Sends what is still queued before the process exits. */
export async function closeErrorTracking(): Promise<void> {}
