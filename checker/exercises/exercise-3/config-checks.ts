import { needs, type CheckContext } from '../../src/exercise.js';
import { APP_LOG, startApp } from '../../src/fixtures/app-container.js';
import { httpFromHost } from '../../src/probes/http.js';
import { CLAUSES, joinSaid, say, verbatim } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import { APP_PORT } from '../../src/service-ports.js';
import { CheckFailure, fail, tail, verdict, type LogExcerpt } from '../../src/verdict.js';
import { ALL_AT_ONCE, BAD_CONFIGS, names, VALID } from './config-probe.js';
import type { Tried } from './config-probes.js';
import type { EnvironmentsStack } from './stack.js';

/** What went wrong with one bad configuration, or nothing when the app stopped as it should. */
function judgeStop({ config, run }: Tried, withinSeconds: number): Text | undefined {
  const at = config.shown;
  if (run.listened) return say(`${at}: the app started and answered on port ${APP_PORT}`, `${at}：应用照常启动，并在 ${APP_PORT} 端口上应答`);
  if (!run.exited) return busy(say(`${at}: still running after ${run.seconds} s`, `${at}：${run.seconds} 秒后还在运行`));
  if (run.exitCode === 0) return say(`${at}: exited with code 0, as if all were well`, `${at}：以退出码 0 退出，好像一切正常`);
  const seconds = run.seconds.toFixed(1);
  if (run.seconds > withinSeconds) return say(`${at}: exited, but only after ${seconds} s`, `${at}：退出了，但过了 ${seconds} 秒才退出`);
  if (!names(run.output, config.variable)) {
    return say(`${at}: exited, but the message does not name ${config.variable}`, `${at}：退出了，但消息里没有写出 ${config.variable}`);
  }
  return undefined;
}

function outputOf({ config, run }: Tried): LogExcerpt {
  const title = config.variable === '' ? say('app output with a valid configuration', '配置有效时的应用输出') : say(`app output with ${config.shown}`, `${config.shown} 时的应用输出`);
  return { title, lines: tail(run.output, 20) };
}

/** A watch that ran out while the output below already shows the app got there: a machine too busy to tell. */
const BUSY = say(
  ' (if its output below says otherwise, the machine was too busy to start it in time: run the check again when it is quieter)',
  '（如果下面的输出显示并非如此，那是机器太忙，应用没能及时启动：等机器空闲些再运行一次检查）',
);
const busy = (t: Text): Text => joinSaid([t, BUSY], verbatim(''));

const shownValid = Object.entries(VALID).map(([k, v]) => `${k}=${v}`).join(' ');

export async function failsFast(stack: EnvironmentsStack, ctx: CheckContext): Promise<void> {
  const within = ctx.params.exitWithinSeconds ?? 10;
  const [control, bad] = await Promise.all([stack.probes.valid(), stack.probes.bad()]);
  if (!control.run.listened) {
    fail(
      say(
        `the app to start with a valid configuration (${shownValid}), so that a configuration error can be told from a crash`,
        `配置有效（${shownValid}）时应用能正常启动，这样才能把配置错误和崩溃区分开`,
      ),
      control.run.exited
        ? say(`it exited with code ${control.run.exitCode}`, `它以退出码 ${control.run.exitCode} 退出了`)
        : busy(say(`it did not answer on port ${APP_PORT} within ${control.run.seconds} s`, `它在 ${control.run.seconds} 秒内没有在 ${APP_PORT} 端口上应答`)),
      outputOf(control),
    );
  }
  const problems = bad.flatMap((tried) => {
    const problem = judgeStop(tried, within);
    return problem ? [{ problem, tried }] : [];
  });
  const first = problems[0];
  if (first) {
    const cases = BAD_CONFIGS.map((b) => b.shown);
    throw new CheckFailure(
      verdict(
        say(
          `for each of ${cases.join(', ')}: a non-zero exit within ${within} s, before listening, with a message naming the variable`,
          `在 ${cases.join('、')} 每一种情况下：${within} 秒内以非零退出码退出，不开始监听，并且消息里写出出问题的变量`,
        ),
        joinSaid(problems.map((p) => p.problem), CLAUSES),
        outputOf(first.tried),
      ),
    );
  }
}

export async function everyProblemAtOnce(stack: EnvironmentsStack): Promise<void> {
  const tried = await stack.probes.allAtOnce();
  const { run } = tried;
  const wanted = ALL_AT_ONCE.variables;
  const expected = say(
    `with ${ALL_AT_ONCE.shown}, one message naming ${wanted.join(', ')}`,
    `在 ${ALL_AT_ONCE.shown} 下，一条消息同时写出 ${wanted.join('、')}`,
  );
  if (!run.exited) {
    fail(expected, run.listened ? say('the app started as if all were well', '应用照常启动了，好像一切正常') : busy(say(`the app was still running after ${run.seconds} s`, `${run.seconds} 秒后应用还在运行`)), outputOf(tried));
  }
  const missing = wanted.filter((v) => !names(run.output, v));
  if (missing.length) {
    const named = wanted.filter((v) => !missing.includes(v));
    fail(
      expected,
      say(
        `it stopped naming ${named.join(', ') || 'none of them'}; not named: ${missing.join(', ')}`,
        `它退出时写出的是 ${named.join('、') || '（一个都没有）'}；没写出：${missing.join('、')}`,
      ),
      outputOf(tried),
    );
  }
}

export async function noSecretInErrors(stack: EnvironmentsStack): Promise<void> {
  const secret = stack.probes.leakSecret;
  const leaked = (await stack.probes.leaks()).filter((t) => t.run.output.includes(secret));
  const first = leaked[0];
  if (first) {
    // The value is the checker's own throw-away secret: showing the line proves the point.
    fail(
      say('configuration errors that name the variable without printing its value', '配置错误只写出变量名，不打印变量的值'),
      say(`the secret was printed with: ${leaked.map((t) => t.config.shown).join('; ')}`, `以下配置下密钥被打印了出来：${leaked.map((t) => t.config.shown).join('；')}`),
      outputOf(first),
    );
  }
}

/** Starts the app with a secret from a file and asks /health: 200 means it reached the database with it. */
async function reachesDatabase(stack: EnvironmentsStack, alias: string, env: Record<string, string>, file: { content: string; target: string }): Promise<Text | undefined> {
  const image = await needs('image-builds', stack.image);
  const shown = Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ');
  let baseUrl: string;
  try {
    ({ baseUrl } = await startApp({ image, scope: stack.scope, alias, port: APP_PORT, env: { ...env, PORT: String(APP_PORT), MIGRATE_ON_START: 'false' }, files: [file] }));
  } catch (err) {
    if (!(err instanceof CheckFailure)) throw err;
    const { actual } = err.verdict.localized;
    // The same verdict, said of this configuration.
    throw new CheckFailure(verdict(say(`with ${shown}, the app to start`, `在 ${shown} 下应用能启动`), say(`${shown}: ${actual.en}`, `${shown}：${actual['zh-Hans']}`), err.verdict.log && { title: APP_LOG, lines: err.verdict.log.lines }));
  }
  const health = await httpFromHost(`${baseUrl}/health`, { timeoutMs: 5000 });
  if (health.ok && health.status === 200) return undefined;
  return health.ok
    ? say(`${shown}: GET /health → ${health.status} ${health.body.slice(0, 100)}`, `${shown}：GET /health 返回 ${health.status} ${health.body.slice(0, 100)}`)
    : say(`${shown}: ${health.sentence.en}`, `${shown}：${health.sentence['zh-Hans']}`);
}

export async function secretFiles(stack: EnvironmentsStack): Promise<void> {
  const db = await stack.database();
  const withoutPassword = new URL(db.url);
  withoutPassword.password = '';
  const [fromUrlFile, fromPasswordFile, unreadable] = await Promise.all([
    reachesDatabase(stack, 'url-from-file', { DATABASE_URL_FILE: '/run/secrets/database_url' }, { content: `${db.url}\n`, target: '/run/secrets/database_url' }),
    reachesDatabase(
      stack,
      'password-from-file',
      { DATABASE_URL: withoutPassword.href, DATABASE_PASSWORD_FILE: '/run/secrets/db_password' },
      { content: `${db.password}\n`, target: '/run/secrets/db_password' },
    ),
    stack.probes.unreadableFile(),
  ]);
  const stop = judgeStop(unreadable, 10);
  // The URL survives a trailing newline (new URL() drops it); a password does not.
  const newline = !fromUrlFile && fromPasswordFile ? say(' (is the file’s trailing newline dropped?)', '（文件末尾的换行去掉了吗？）') : undefined;
  const password = fromPasswordFile && newline ? joinSaid([fromPasswordFile, newline], verbatim('')) : fromPasswordFile;
  const problems = [fromUrlFile, password, stop].filter((p): p is Text => p !== undefined);
  if (problems.length) {
    fail(
      say(
        'the app to reach the database with DATABASE_URL_FILE, and with DATABASE_URL plus DATABASE_PASSWORD_FILE (files ending in a newline), and to stop naming DATABASE_URL_FILE when that file is missing',
        '应用用 DATABASE_URL_FILE，或用 DATABASE_URL 加 DATABASE_PASSWORD_FILE（文件以换行结尾）都能连上数据库；DATABASE_URL_FILE 指向的文件不存在时，应用停下来并写出 DATABASE_URL_FILE',
      ),
      joinSaid(problems, CLAUSES),
      stop ? outputOf(unreadable) : undefined,
    );
  }
}

