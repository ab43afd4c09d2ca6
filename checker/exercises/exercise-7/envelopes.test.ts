import { describe, expect, it } from 'vitest';
import type { ReceivedRequest } from '../../src/fixtures/receiver.js';
import { eventMentions, exceptionOf, sentryEvents } from './envelopes.js';

const request = (body: string, path = '/api/1/envelope/?sentry_key=k'): ReceivedRequest => ({ method: 'POST', path, headers: {}, body, at: 0 });
const event = { exception: { values: [{ type: 'error', value: 'relation "employees" does not exist' }] }, tags: { request_id: 'abc-1' } };
const envelope = [JSON.stringify({ event_id: '1' }), JSON.stringify({ type: 'event' }), JSON.stringify(event)].join('\n');

describe('sentryEvents', () => {
  it('reads the event items of envelopes, as @sentry/node sends them', () => {
    const [found] = sentryEvents([request(envelope)]);
    expect(found && exceptionOf(found)).toEqual({ type: 'error', value: 'relation "employees" does not exist' });
    expect(found && eventMentions(found, 'abc-1')).toBe(true);
  });

  it('skips sessions, other paths and unreadable payloads', () => {
    const session = [JSON.stringify({}), JSON.stringify({ type: 'session' }), JSON.stringify({ sid: 'x' })].join('\n');
    const broken = [JSON.stringify({}), JSON.stringify({ type: 'event' }), '{not json'].join('\n');
    expect(sentryEvents([request(session), request(envelope, '/alerts'), request(broken)])).toEqual([]);
  });

  it('has no exception for a message event', () => {
    const message = [JSON.stringify({}), JSON.stringify({ type: 'event' }), JSON.stringify({ message: 'hello' })].join('\n');
    const [found] = sentryEvents([request(message)]);
    expect(found && exceptionOf(found)).toBeUndefined();
  });
});
