// Unexpected errors go to Sentry (or anything that speaks its protocol), where they are
// grouped, counted and kept with the request that failed. Without SENTRY_DSN nothing is sent
// and the log is the only record.
import * as Sentry from '@sentry/node';
import type { Request } from 'express';
import type { Config } from './config.js';

export function initErrorTracking(config: Config): void {
  if (!config.sentryDsn) return;
  Sentry.init({
    dsn: config.sentryDsn,
    environment: config.nodeEnv,
    dataCollection: {
      // The SDK filters the authorization and cookie headers by itself, but sends a request's
      // body as it came, password and all: this API's bodies stay out of error reports.
      httpBodies: [],
      userInfo: false,
    },
  });
}

/** Reports an error that ends in a 500, tagged with the request's id to find its log line. */
export function reportError(err: unknown, req: Request): void {
  Sentry.withScope((scope) => {
    scope.setTag('request_id', String(req.id));
    Sentry.captureException(err);
  });
}

/** Sends what is still queued, for at most two seconds: called before the process exits. */
export async function closeErrorTracking(): Promise<void> {
  await Sentry.close(2000);
}
