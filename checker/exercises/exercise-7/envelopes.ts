// What a Sentry SDK sends: envelopes, one header line and then an item header and a payload per
// item (https://develop.sentry.dev/sdk/data-model/envelopes/). Errors travel as `event` items.
import type { ReceivedRequest } from '../../src/fixtures/receiver.js';

export interface SentryEvent {
  /** The parsed payload of an `event` item. */
  event: Record<string, unknown>;
  /** The whole request body it came in, for searching. */
  raw: string;
}

function parse(line: string | undefined): Record<string, unknown> | undefined {
  if (line === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The events in every envelope the receiver got; other requests and item types are skipped. */
export function sentryEvents(requests: ReceivedRequest[]): SentryEvent[] {
  const events: SentryEvent[] = [];
  for (const request of requests) {
    if (request.method !== 'POST' || !/\/api\/[^/]+\/envelope\/?/.test(request.path)) continue;
    // Line 0 is the envelope's header; then item header, payload, item header, payload…
    const lines = request.body.split('\n');
    for (let i = 1; i + 1 < lines.length; i += 2) {
      const header = parse(lines[i]);
      const payload = parse(lines[i + 1]);
      if (header?.type === 'event' && payload) events.push({ event: payload, raw: request.body });
    }
  }
  return events;
}

/**
 * Whether the event holds `value` anywhere the app put it: a tag, an extra, a context. The
 * request's headers, which the SDK copies in by itself, don't count: an X-Request-Id header
 * there says what the client sent, not that the report was tagged.
 */
export function eventMentions(event: SentryEvent, value: string): boolean {
  const { request, ...rest } = event.event;
  const withoutHeaders = typeof request === 'object' && request !== null ? { ...request, headers: undefined } : request;
  return JSON.stringify({ ...rest, request: withoutHeaders }).includes(value);
}

export interface ReportedException {
  type: string;
  value: string;
  /** Made up by the SDK around a message (captureMessage), not an error the app caught. */
  synthetic: boolean;
}

/** The exceptions an event carries, the error and its causes, as Sentry lists them. */
export function exceptionsOf(event: SentryEvent): ReportedException[] {
  const values = (event.event.exception as { values?: { type?: unknown; value?: unknown; mechanism?: { synthetic?: unknown } }[] } | undefined)?.values ?? [];
  return values
    .filter((v) => typeof v.type === 'string' || typeof v.value === 'string')
    .map((v) => ({ type: String(v.type ?? ''), value: String(v.value ?? ''), synthetic: v.mechanism?.synthetic === true }));
}
