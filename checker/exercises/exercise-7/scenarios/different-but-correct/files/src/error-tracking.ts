// A different but correct answer: bodies dropped in beforeSend, the request id as an extra.
import * as Sentry from '@sentry/node';
import type { Config } from './config.js';

let enabled = false;

export function initErrorTracking(config: Config): void {
  if (!config.sentryDsn) return;
  enabled = true;
  Sentry.init({
    dsn: config.sentryDsn,
    environment: config.nodeEnv,
    beforeSend(event) {
      if (event.request) delete event.request.data;
      return event;
    },
  });
}

export function reportError(err: unknown, requestId: string): void {
  if (!enabled) return;
  Sentry.captureException(err, { extra: { requestId } });
}

export async function closeErrorTracking(): Promise<void> {
  if (enabled) await Sentry.flush(2000);
}
