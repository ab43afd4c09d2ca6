// Where unexpected errors are reported: Sentry, or anything that speaks its protocol.
// server.ts calls initErrorTracking() at start and closeErrorTracking() before it exits.
import type { Request } from 'express';
import type { Config } from './config.js';

// TODO 7: when config.sentryDsn is set, start the Sentry SDK (`Sentry.init` from @sentry/node),
//         and keep secrets out of its events: it sends the request body as it came.
export function initErrorTracking(_config: Config): void {}

// TODO 8: report the error to Sentry, tagged with the request's id.
export function reportError(_err: unknown, _req: Request): void {}

/** Sends what is still queued before the process exits. */
export async function closeErrorTracking(): Promise<void> {}
