// The requests the checks send, each tagged with its own request id. Most carry the secrets a
// careless app would log or report: a bearer token, a session cookie, a password and a token
// in the body.
import { oncePerStack } from '../../src/exercise.js';
import type { Reply } from '../../src/probes/reply.js';
import { probeId, type LogsStack } from './stack.js';

export interface Sent {
  /** The X-Request-Id the checker sent. */
  id: string;
  method: string;
  path: string;
  /** The route template the path matches, or the path when none does. */
  template: string;
  reply: Reply;
}

/**
 * The id the app gave the request: the one its response carried in X-Request-Id, or the one the
 * checker sent when the response carried none. This is the id that must be in its log line and
 * its error report, since it is the one the client sees.
 */
export function assignedId(sent: { id: string; reply: Reply }): string {
  return (sent.reply.ok ? sent.reply.headers['x-request-id'] : undefined) || sent.id;
}

/** How a verdict names a request's id: the one sent, and the one answered if it differs. */
export function idNote(sent: { id: string; reply: Reply }): string {
  const assigned = assignedId(sent);
  return assigned === sent.id ? `X-Request-Id: ${sent.id}` : `X-Request-Id: ${sent.id} → ${assigned}`;
}

export function secretHeaders(stack: LogsStack): Record<string, string> {
  return { authorization: `Bearer ${stack.secrets.authorization}`, cookie: `sid=${stack.secrets.cookie}` };
}

function secretBody(stack: LogsStack, email = `${probeId('person')}@example.com`): object {
  return { name: 'Probe Person', email, role: 'staff', password: stack.secrets.password, token: stack.secrets.token };
}

/** One of each kind of answer from the debug app: 200 twice (list, one by id), 201, 400 twice, 404. */
export const everyday = oncePerStack(async (stack: LogsStack): Promise<Sent[]> => {
  const app = await stack.app();
  const headers = secretHeaders(stack);
  const plan = [
    { kind: 'list', method: 'GET', path: '/employees', template: '/employees' },
    { kind: 'one', method: 'GET', path: '/employees/1', template: '/employees/:id' },
    { kind: 'create', method: 'POST', path: '/employees', template: '/employees', body: secretBody(stack) },
    { kind: 'invalid', method: 'POST', path: '/employees', template: '/employees', body: { name: 'No Email', password: stack.secrets.password } },
    { kind: 'malformed', method: 'POST', path: '/employees', template: '/employees', body: `{"password":"${stack.secrets.password}",` },
    { kind: 'missing', method: 'GET', path: `/${probeId('no-such-page')}`, template: '' },
  ];
  const sent: Sent[] = [];
  for (const { kind, method, path, template, body } of plan) {
    const id = probeId(kind);
    const reply = await stack.request(app, path, {
      method,
      id,
      headers: typeof body === 'string' ? { ...headers, 'content-type': 'application/json' } : headers,
      body,
    });
    sent.push({ id, method, path, template: template || path, reply });
  }
  return sent;
});

/** A request that meets an error nobody planned for: the employees table is gone. */
export const incident = oncePerStack(async (stack: LogsStack): Promise<Sent> => {
  const app = await stack.app();
  const id = probeId('error');
  const reply = await stack.withBrokenDatabase(() =>
    stack.request(app, '/employees', { method: 'POST', id, headers: secretHeaders(stack), body: secretBody(stack) }),
  );
  return { id, method: 'POST', path: '/employees', template: '/employees', reply };
});

/** What the database error says, which a 500 must not show and the log and the tracker should. */
export const CAUSE = 'does not exist';
