import { describe, expect, it } from 'vitest';
import type { ReceivedRequest } from '../../src/fixtures/receiver.js';
import { eventMentions, exceptionsOf, sentryEvents } from './envelopes.js';

const request = (body: string, path = '/api/1/envelope/?sentry_key=k'): ReceivedRequest => ({ method: 'POST', path, headers: {}, body, at: 0 });
const event = { exception: { values: [{ type: 'error', value: 'relation "employees" does not exist' }] }, tags: { request_id: 'abc-1' } };
const envelope = [JSON.stringify({ event_id: '1' }), JSON.stringify({ type: 'event' }), JSON.stringify(event)].join('\n');

describe('sentryEvents', () => {
  it('reads the event items of envelopes, as @sentry/node sends them', () => {
    const [found] = sentryEvents([request(envelope)]);
    expect(found && exceptionsOf(found)).toEqual([{ type: 'error', value: 'relation "employees" does not exist', synthetic: false }]);
    expect(found && eventMentions(found, 'abc-1')).toBe(true);
  });

  it('skips sessions, other paths and unreadable payloads', () => {
    const session = [JSON.stringify({}), JSON.stringify({ type: 'session' }), JSON.stringify({ sid: 'x' })].join('\n');
    const broken = [JSON.stringify({}), JSON.stringify({ type: 'event' }), '{not json'].join('\n');
    expect(sentryEvents([request(session), request(envelope, '/alerts'), request(broken)])).toEqual([]);
  });

  it('has no exception for a message event, and marks the one the SDK makes up for captureMessage', () => {
    const message = [JSON.stringify({}), JSON.stringify({ type: 'event' }), JSON.stringify({ message: 'hello' })].join('\n');
    const synthetic = { exception: { values: [{ type: 'Error', value: 'boom', mechanism: { type: 'generic', synthetic: true } }] } };
    const made = [JSON.stringify({}), JSON.stringify({ type: 'event' }), JSON.stringify(synthetic)].join('\n');
    const [plain, madeUp] = sentryEvents([request(message), request(made)]);
    expect(plain && exceptionsOf(plain)).toEqual([]);
    expect(madeUp && exceptionsOf(madeUp)).toEqual([{ type: 'Error', value: 'boom', synthetic: true }]);
  });

  it("doesn't count the request id in the request headers the SDK copies in by itself", () => {
    const untagged = { exception: event.exception, request: { url: 'http://app/employees', headers: { 'x-request-id': 'abc-1' } } };
    const body = [JSON.stringify({}), JSON.stringify({ type: 'event' }), JSON.stringify(untagged)].join('\n');
    const [found] = sentryEvents([request(body)]);
    expect(found && eventMentions(found, 'abc-1')).toBe(false);
    expect(found && eventMentions(found, 'http://app/employees')).toBe(true);
  });
});
