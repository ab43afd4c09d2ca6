import { needs, oncePerStack } from '../../src/exercise.js';
import { say } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import { APP_LOG } from '../../src/fixtures/app-container.js';
import { fail, tail } from '../../src/verdict.js';
import { around, firstUnstructured, hasDuration, hasMethod, hasRoute, hasStatus, levelOf, linesWith, pathTo, quote, type LogLine } from './log-lines.js';
import { probeId, type LogsStack } from './stack.js';
import { assignedId, CAUSE, everyday, idNote, incident, type Sent } from './traffic.js';

/** The log excerpt under a verdict: the last lines, as printed. */
function excerpt(lines: LogLine[]): { title: Text; lines: string[] } {
  return { title: APP_LOG, lines: tail(lines.map((l) => quote(l, 400)).join('\n'), 12) };
}

const statusOf = (sent: Sent): number => (sent.reply.ok ? sent.reply.status : 0);

/** The everyday traffic has been answered, and its lines (those that carry an id) have reached the log. */
const everydayLogged = oncePerStack(async (stack: LogsStack): Promise<{ sent: Sent[]; lines: LogLine[] }> => {
  const sent = await everyday(stack);
  const broken = sent.find((s) => !s.reply.ok);
  if (broken && !broken.reply.ok) fail(say(`${broken.method} ${broken.path} to be answered`, `${broken.method} ${broken.path} 得到响应`), broken.reply.sentence);
  const app = await stack.app();
  const lines = await stack.logUntil(app, (all) => sent.every((s) => linesWith(all, assignedId(s)).some((l) => hasStatus(l, statusOf(s)))));
  return { sent, lines };
});

// Once per run, as the checks after it need its outcome and not another wait for the same lines.
export const jsonLogs = oncePerStack(async (stack: LogsStack): Promise<void> => {
  await everydayLogged(stack);
  // An unexpected error too: the error handler is where a stray console.error hides.
  const failed = await incident(stack);
  const lines = await stack.logUntil(await stack.app(), (all) => linesWith(all, assignedId(failed)).length > 0 || all.some((l) => !l.json));
  const wrong = firstUnstructured(lines);
  if (!wrong) return;
  const lacks: Record<typeof wrong.lacks, Text> = {
    json: say('it is not a JSON object', '它不是一个 JSON 对象'),
    level: say('it has no level (a `level` such as 30 or "info")', '它没有级别（`level`，例如 30 或 "info"）'),
    time: say('it has no time (a `time` in epoch milliseconds or an ISO 8601 string)', '它没有时间（`time`，毫秒时间戳或 ISO 8601 字符串）'),
  };
  fail(
    say('every line on stdout and stderr to be one JSON object with a level and a time', 'stdout 和 stderr 上的每一行都是一个带级别和时间的 JSON 对象'),
    say(`line ${lines.indexOf(wrong.line) + 1} of ${lines.length}: ${lacks[wrong.lacks].en}: ${quote(wrong.line)}`, `第 ${lines.indexOf(wrong.line) + 1} 行（共 ${lines.length} 行）：${lacks[wrong.lacks]['zh-Hans']}：${quote(wrong.line)}`),
    excerpt(lines),
  );
});

export const requestLog = oncePerStack(async (stack: LogsStack): Promise<void> => {
  await needs('json-logs', () => jsonLogs(stack));
  const { sent, lines } = await everydayLogged(stack);
  for (const s of sent) {
    const status = statusOf(s);
    const request = say(`${s.method} ${s.path} (${idNote(s)}, answered ${status})`, `${s.method} ${s.path}（${idNote(s)}，响应 ${status}）`);
    const expected = say(
      `one line for ${request.en} with its method, route, status, duration and request id`,
      `${request['zh-Hans']} 有一行日志，包含方法、路由、状态码、耗时和请求 ID`,
    );
    const withId = linesWith(lines, assignedId(s));
    const finished = withId.filter((l) => hasStatus(l, status));
    if (finished.length === 0) {
      fail(
        expected,
        withId.length === 0
          ? say('no line holds that request id as a value', '没有哪一行把这个请求 ID 作为字段值')
          : say(`the lines with its id have no status ${status}: ${quote(withId[0] as LogLine)}`, `带这个 ID 的行里没有状态码 ${status}：${quote(withId[0] as LogLine)}`),
        excerpt(lines),
      );
    }
    if (finished.length > 1) {
      fail(expected, say(`${finished.length} lines, each with the status: ${finished.map((l) => quote(l, 120)).join(' | ')}`, `有 ${finished.length} 行都带着状态码：${finished.map((l) => quote(l, 120)).join(' | ')}`));
    }
    const line = finished[0] as LogLine;
    const missing: Text[] = [];
    if (!hasMethod(line, s.method)) missing.push(say(`the method ${s.method}`, `方法 ${s.method}`));
    if (!hasRoute(line, s.path, s.template)) missing.push(say(`the path or route (${s.template})`, `路径或路由（${s.template}）`));
    if (!hasDuration(line)) missing.push(say('a duration (a number under a key such as responseTime or duration_ms)', '耗时（在 responseTime、duration_ms 这类字段下的数字）'));
    if (missing.length) {
      fail(
        expected,
        say(`it lacks ${missing.map((m) => m.en).join(', ')}: ${quote(line)}`, `缺少${missing.map((m) => m['zh-Hans']).join('、')}：${quote(line)}`),
      );
    }
  }
});

/** The id the app answered with, or a verdict if it sent none. */
function echoed(sent: Sent, expected: Text): string {
  if (!sent.reply.ok) fail(expected, sent.reply.sentence);
  const id = sent.reply.headers['x-request-id'];
  if (!id) fail(expected, say(`${sent.method} ${sent.path} → ${statusOf(sent)} with no X-Request-Id header`, `${sent.method} ${sent.path} 返回 ${statusOf(sent)}，没有 X-Request-Id 响应头`));
  return id;
}

export async function requestId(stack: LogsStack): Promise<void> {
  await needs('request-log', () => requestLog(stack));
  const app = await stack.app();
  const kept = probeId('kept');
  const overlong = `shipshape-${'x'.repeat(490)}`;
  const send = async (id?: string): Promise<Sent> => ({ id: id ?? '', method: 'GET', path: '/employees', template: '/employees', reply: await stack.request(app, '/employees', { id }) });
  const withId = await send(kept);
  const first = await send();
  const second = await send();
  const tooLong = await send(overlong);

  const keep = say('the X-Request-Id a client sends to come back in the response', '客户端发来的 X-Request-Id 原样出现在响应里');
  const got = echoed(withId, keep);
  if (got !== kept) fail(keep, say(`sent ${kept}, got back ${got}`, `发送的是 ${kept}，收到的是 ${got}`));

  const generate = say('a request without X-Request-Id to get a new id of its own in the response', '没有 X-Request-Id 的请求在响应里拿到一个新生成的 ID');
  const a = echoed(first, generate);
  const b = echoed(second, generate);
  if (a === b) fail(generate, say(`two requests both got ${a}`, `两个请求拿到的都是 ${a}`));

  const replace = say('an id of 500 characters not to be trusted: the response carries a new one', '长达 500 个字符的 ID 不被信任：响应里换成一个新的');
  const c = echoed(tooLong, replace);
  if (c === overlong || c.length > 200) fail(replace, say(`the response carries an id of ${c.length} characters`, `响应里的 ID 长达 ${c.length} 个字符`));

  const lines = await stack.logUntil(app, (all) => [kept, a, b, c].every((id) => linesWith(all, id).length > 0));
  const unlogged = [kept, a, b, c].find((id) => linesWith(lines, id).length === 0);
  if (unlogged) {
    fail(
      say('each request\'s log line to carry the id its response did', '每个请求的日志行都带着它响应里的那个 ID'),
      say(`no line holds ${unlogged}`, `没有哪一行带着 ${unlogged}`),
      excerpt(lines),
    );
  }
}

const WARN = 40;
const ERROR = 50;

export async function logLevel(stack: LogsStack): Promise<void> {
  await needs('request-log', () => requestLog(stack));
  const app = await stack.quietApp();
  const quiet: Sent[] = [];
  for (const id of [probeId('quiet'), probeId('quiet')]) {
    const reply = await stack.request(app, '/employees', { id });
    if (!reply.ok) fail(say('GET /employees to be answered', 'GET /employees 得到响应'), reply.sentence);
    quiet.push({ id, method: 'GET', path: '/employees', template: '/employees', reply });
  }
  const sentId = probeId('quiet-error');
  const reply = await stack.withBrokenDatabase(() => stack.request(app, '/employees', { method: 'POST', id: sentId, body: { name: 'Probe', email: `${sentId}@example.com` } }));
  const failed: Sent = { id: sentId, method: 'POST', path: '/employees', template: '/employees', reply };
  const failing = assignedId(failed);
  const lines = await stack.logUntil(app, (all) => linesWith(all, failing).length > 0);

  const at = say('at LOG_LEVEL=warn', 'LOG_LEVEL=warn 时');
  const chatty = lines.find((l) => (levelOf(l) ?? WARN) < WARN);
  if (chatty) {
    fail(
      say(`${at.en}, no line below warn`, `${at['zh-Hans']}，没有低于 warn 级别的行`),
      say(`a line at level ${levelOf(chatty)}: ${quote(chatty)}`, `有一行的级别是 ${levelOf(chatty)}：${quote(chatty)}`),
      excerpt(lines),
    );
  }
  const logged = quiet.map(assignedId).find((id) => linesWith(lines, id).length > 0);
  if (logged) {
    fail(say(`${at.en}, a successful GET /employees to write nothing`, `${at['zh-Hans']}，成功的 GET /employees 不写日志`), say(`a line for ${logged}: ${quote(linesWith(lines, logged)[0] as LogLine)}`, `${logged} 有一行日志：${quote(linesWith(lines, logged)[0] as LogLine)}`));
  }
  const expected = say(
    `${at.en}, the unexpected error of POST /employees (${idNote(failed)}) to be logged at error level with its cause and stack`,
    `${at['zh-Hans']}，POST /employees（${idNote(failed)}）的意外错误以 error 级别记进日志，连同原因和堆栈`,
  );
  if (!reply.ok) fail(expected, reply.sentence);
  const errorLines = linesWith(lines, failing);
  if (errorLines.length === 0) fail(expected, say(`no line holds that id (the app answered ${reply.status})`, `没有哪一行带着这个 ID（应用返回了 ${reply.status}）`), excerpt(lines));
  const first = errorLines[0] as LogLine;
  if (!errorLines.some((l) => l.text.includes(CAUSE))) {
    fail(
      expected,
      say(`its lines don't say what failed (PostgreSQL's "relation … ${CAUSE}"): ${quote(first)}`, `这些行没有说明出了什么错（PostgreSQL 的 "relation … ${CAUSE}"）：${quote(first)}`),
    );
  }
  const told = errorLines.filter((l) => l.text.includes(CAUSE));
  if (!told.some((l) => (levelOf(l) ?? 0) >= ERROR)) {
    fail(expected, say(`the cause is logged below error level (${levelOf(first)}): ${quote(first)}`, `原因是以低于 error 的级别（${levelOf(first)}）记录的：${quote(first)}`));
  }
  // A stack frame, as JSON escapes it: "…\n    at …". Without one, nobody can tell where it failed.
  if (!told.some((l) => /\\n\s+at /.test(l.text))) {
    fail(expected, say(`the error is logged without its stack (log the error object, e.g. { err }): ${quote(first)}`, `错误记录里没有堆栈（要记录错误对象本身，例如 { err }）：${quote(first)}`));
  }
}

export async function redacted(stack: LogsStack): Promise<void> {
  await needs('request-log', () => requestLog(stack));
  const { sent } = await everydayLogged(stack);
  const failed = await incident(stack);
  const app = await stack.app();
  const lines = await stack.logUntil(app, (all) => linesWith(all, assignedId(failed)).length > 0);
  const { password: databasePassword } = await stack.database();
  const planted: [Text, string][] = [
    [say('the Authorization header', 'Authorization 请求头'), stack.secrets.authorization],
    [say('the session cookie', '会话 Cookie'), stack.secrets.cookie],
    [say('the password in a request body', '请求体里的 password'), stack.secrets.password],
    [say('the token in a request body', '请求体里的 token'), stack.secrets.token],
    [say('the database password in DATABASE_URL', 'DATABASE_URL 里的数据库密码'), databasePassword],
  ];
  for (const [what, secret] of planted) {
    const leak = lines.find((l) => l.text.includes(secret));
    if (leak) {
      const path = pathTo(leak, secret);
      const at = { en: path ? ` at ${path}` : '', zh: path ? `（位置 ${path}）` : '' };
      fail(
        say(`no secret in the log, after ${sent.length + 1} requests that carried some`, `日志里没有秘密（之前发了 ${sent.length + 1} 个带秘密的请求）`),
        say(
          `${what.en} appears in line ${lines.indexOf(leak) + 1}${at.en}: ${around(leak.text, secret)}`,
          `第 ${lines.indexOf(leak) + 1} 行出现了${what['zh-Hans']}${at.zh}：${around(leak.text, secret)}`,
        ),
      );
    }
  }
}
