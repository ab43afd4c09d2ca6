import { setTimeout as sleep } from 'node:timers/promises';
import { needs } from '../../src/exercise.js';
import type { ReceivedRequest } from '../../src/fixtures/receiver.js';
import { say } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import { fail } from '../../src/verdict.js';
import { eventMentions, exceptionsOf, sentryEvents } from './envelopes.js';
import { around } from './log-lines.js';
import { probeId, type LogsStack } from './stack.js';
import { assignedId, CAUSE, everyday, idNote, incident, secretHeaders, type Sent } from './traffic.js';

/** What a client must never read in an error: a stack frame, a source path, the cause inside. */
const INTERNALS: [RegExp, Text][] = [
  [/\n\s+at |\bat [\w.<>]+ \(/, say('a stack trace', '堆栈信息')],
  [/node_modules|\/app\/|file:\/\/|\.[cm]?js:\d+/, say('a source file path', '源文件路径')],
];
/** What only a 500 could show: the cause inside, here PostgreSQL's own message. */
const CAUSE_SHOWN: [RegExp, Text] = [new RegExp(`relation .*${CAUSE}`), say(`the database's own message ("relation … ${CAUSE}")`, `数据库自己的错误消息（"relation … ${CAUSE}"）`)];

function judgeProblem(sent: Sent, status: number): void {
  const what = `${sent.method} ${sent.path}`;
  const expected = say(
    `${what} → ${status} as application/problem+json with a matching "status" and a "title" or "detail"`,
    `${what} 返回 ${status}，类型为 application/problem+json，"status" 与状态码一致，并有 "title" 或 "detail"`,
  );
  if (!sent.reply.ok) fail(expected, sent.reply.sentence);
  const { reply } = sent;
  const seen = `${reply.status} ${reply.headers['content-type'] ?? '(no content-type)'} ${reply.body.slice(0, 200)}`;
  if (reply.status !== status) fail(expected, say(`it answered ${seen}`, `它返回了 ${seen}`));
  if (!/^application\/problem\+json\b/i.test(reply.headers['content-type'] ?? '')) {
    fail(expected, say(`content-type: ${reply.headers['content-type'] ?? 'none'} (${reply.body.slice(0, 120)})`, `content-type：${reply.headers['content-type'] ?? '无'}（${reply.body.slice(0, 120)}）`));
  }
  let problem: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(reply.body);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) problem = parsed as Record<string, unknown>;
  } catch {
    // judged below
  }
  if (!problem) fail(expected, say(`the body is not a JSON object: ${reply.body.slice(0, 160)}`, `响应体不是 JSON 对象：${reply.body.slice(0, 160)}`));
  if (problem.status !== status) fail(expected, say(`"status" is ${JSON.stringify(problem.status)}: ${reply.body.slice(0, 160)}`, `"status" 是 ${JSON.stringify(problem.status)}：${reply.body.slice(0, 160)}`));
  const said = [problem.title, problem.detail].some((v) => typeof v === 'string' && v.trim() !== '');
  if (!said) fail(expected, say(`neither "title" nor "detail" says anything: ${reply.body.slice(0, 160)}`, `"title" 和 "detail" 都没有内容：${reply.body.slice(0, 160)}`));
  if (problem.type !== undefined && typeof problem.type !== 'string') fail(expected, say(`"type" is not a URI string: ${reply.body.slice(0, 160)}`, `"type" 不是 URI 字符串：${reply.body.slice(0, 160)}`));
  for (const [pattern, name] of status === 500 ? [...INTERNALS, CAUSE_SHOWN] : INTERNALS) {
    if (pattern.test(reply.body)) {
      fail(
        say(`${what} → ${status} without internals: they belong in the log`, `${what} 返回 ${status}，不暴露内部细节：它们应该写进日志`),
        say(`the body shows ${name.en}: ${reply.body.slice(0, 200)}`, `响应体暴露了${name['zh-Hans']}：${reply.body.slice(0, 200)}`),
      );
    }
  }
}

export async function problemDetails(stack: LogsStack): Promise<void> {
  const sent = await needs('image-builds', () => everyday(stack));
  const byKind = (prefix: string): Sent => sent.find((s) => s.id.startsWith(`shipshape-${prefix}-`)) as Sent;
  judgeProblem(byKind('missing'), 404);
  judgeProblem(byKind('invalid'), 400);
  judgeProblem(byKind('malformed'), 400);
  judgeProblem(await incident(stack), 500);
}

/** How long an event may take from the app to the tracker: the SDK sends in the background. */
const DELIVERY_MS = 6000;
/** How long after the awaited event the others sent before it may still arrive. */
const SETTLE_MS = 1500;

export async function errorReported(stack: LogsStack): Promise<void> {
  const app = await needs('image-builds', stack.app);
  const tracker = await stack.tracker();
  // Client mistakes, each with a path no other request uses: none of them is the server's error.
  const mistakes = [`/${probeId('no-such-page')}`, `/employees/${probeId('not-an-id')}`];
  for (const path of mistakes) await stack.request(app, path, { headers: secretHeaders(stack) });
  const failed = await incident(stack);
  const expected = say(
    `an event at the DSN for the unexpected error of POST /employees (${idNote(failed)}) within ${DELIVERY_MS / 1000} s`,
    `POST /employees（${idNote(failed)}）的意外错误在 ${DELIVERY_MS / 1000} 秒内以事件形式送到 DSN`,
  );
  const id = assignedId(failed);
  // This failure's event, by its request id or by its cause: one that came without the id
  // fails as surely now as after the rest of DELIVERY_MS.
  const arrived = (r: ReceivedRequest[]): boolean => sentryEvents(r).some((e) => eventMentions(e, id) || exceptionsOf(e).some((x) => x.value.includes(CAUSE)));
  // The SDK sends events side by side: once this one is in, one reported before may still be on its way.
  if (arrived(await tracker.receivedUntil(arrived, DELIVERY_MS))) await sleep(SETTLE_MS);
  const requests = await tracker.received();
  const events = sentryEvents(requests);
  const event = events.find((e) => eventMentions(e, id));
  if (!event) {
    fail(
      expected,
      events.length === 0
        ? requests.length === 0
          ? say('nothing arrived: is Sentry.init() called with config.sentryDsn?', '什么都没收到：是否用 config.sentryDsn 调用了 Sentry.init()？')
          : say(`${requests.length} requests arrived, none with an event in it`, `收到了 ${requests.length} 个请求，里面没有事件`)
        : say(`${events.length} events arrived, none with that request id (set it as a tag)`, `收到了 ${events.length} 个事件，都不带这个请求 ID（请把它设为标签）`),
    );
  }
  const exceptions = exceptionsOf(event);
  const caught = exceptions.filter((e) => !e.synthetic);
  if (caught.length === 0) {
    fail(
      expected,
      exceptions.length
        ? say(`the event's exception was made up by the SDK around a message (captureMessage instead of captureException?): ${exceptions[0]?.value}`, `事件里的异常是 SDK 围绕一条消息编出来的（用了 captureMessage 而不是 captureException？）：${exceptions[0]?.value}`)
        : say(`the event has no exception (captureMessage instead of captureException?): ${event.raw.slice(0, 200)}`, `事件里没有异常（用了 captureMessage 而不是 captureException？）：${event.raw.slice(0, 200)}`),
    );
  }
  if (!caught.some((e) => e.value.includes(CAUSE))) {
    const shown = caught.map((e) => `${e.type}: ${e.value}`).join(' | ');
    fail(
      expected,
      say(`the event's exception is not the error that happened (PostgreSQL's "relation … ${CAUSE}", or an error with it as its cause): ${shown}`, `事件里的异常不是实际发生的那个错误（PostgreSQL 的 "relation … ${CAUSE}"，或者以它为 cause 的错误）：${shown}`),
    );
  }
  const secrets = Object.entries(stack.secrets);
  for (const [name, secret] of secrets) {
    const leaked = requests.find((r) => r.body.includes(secret));
    if (leaked) {
      fail(
        say('no secret in what reaches the error tracker', '送到错误追踪的内容里没有秘密'),
        sentryEvents([leaked]).some((e) => JSON.stringify((e.event.request as { data?: unknown } | undefined)?.data ?? '').includes(secret))
          ? say(
              `the ${name} the checker sent is in the request body the SDK attached (event.request.data): ${around(leaked.body, secret)}`,
              `检查器发送的 ${name} 出现在 SDK 附带的请求体里（event.request.data）：${around(leaked.body, secret)}`,
            )
          : say(`the ${name} the checker sent is in an envelope: ${around(leaked.body, secret)}`, `检查器发送的 ${name} 出现在 envelope 里：${around(leaked.body, secret)}`),
      );
    }
  }
  const noisy = mistakes.find((path) => requests.some((r) => r.body.includes(path.slice(1))));
  if (noisy) {
    fail(
      say('only unexpected errors reported: a 4xx is the client\'s mistake', '只上报意外错误：4xx 是客户端的错'),
      say(`GET ${noisy} (answered ${noisy.includes('not-an-id') ? 400 : 404}) was reported too`, `GET ${noisy}（返回 ${noisy.includes('not-an-id') ? 400 : 404}）也被上报了`),
    );
  }
}
