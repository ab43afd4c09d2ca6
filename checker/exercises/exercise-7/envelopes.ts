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

/** Whether the event holds `value` anywhere: a tag, an extra, a context, the request. */
export function eventMentions(event: SentryEvent, value: string): boolean {
  return JSON.stringify(event.event).includes(value);
}

/** The exception's type and message as Sentry shows them, if the event carries one. */
export function exceptionOf(event: SentryEvent): { type: string; value: string } | undefined {
  const values = (event.event.exception as { values?: { type?: unknown; value?: unknown }[] } | undefined)?.values;
  const last = values?.at(-1);
  if (!last || (typeof last.type !== 'string' && typeof last.value !== 'string')) return undefined;
  return { type: String(last.type ?? ''), value: String(last.value ?? '') };
}
