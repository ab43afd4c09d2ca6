import { readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { needs, type CheckContext } from '../../src/exercise.js';
import { say, verbatim } from '../../src/locale.js';
import { askUntil } from '../../src/probes/http.js';
import { fail } from '../../src/verdict.js';
import { appContainer, type EnvironmentsStack, type Variant } from './stack.js';

/** The file the checker edits: the service's own, which no exercise asks the learner to change. */
export const EDITED_FILE = 'src/routes/health.ts';
/** How long the development app may take to answer at all after `up` (it may compile on start). */
const FIRST_ANSWER_MS = 45_000;


/** Each try's own bound: generous, as a learner's machine may be busy building something else. */
const HEALTH = { path: '/health', timeoutMs: 5000 };


/**
 * Whether an edit of EDITED_FILE on the host can reach the development app at all: a bind mount
 * of its folder or one above it. Without one, no watcher can see the edit, and the check says so
 * before starting the stack and waiting out the reload. (Compose's develop.watch rules act only
 * under `docker compose watch`, which the checker does not run: the docs say so.)
 */
export function editCanReachApp(v: Variant): boolean {
  const app = v.learner.config.services[v.roles.app];
  const edited = join(v.dir, EDITED_FILE);
  const inside = (folder: string): boolean => {
    const rel = relative(folder, edited);
    return rel !== '' && !rel.startsWith('..') && !rel.startsWith('/');
  };
  return (app?.volumes ?? []).some((m) => m.type === 'bind' && m.source !== undefined && inside(m.source));
}

export async function devReload(stack: EnvironmentsStack, ctx: CheckContext): Promise<void> {
  const withinMs = (ctx.params.reloadWithinSeconds ?? 20) * 1000;
  await needs('compose-safe', stack.safe);
  const loaded = await stack.development();
  if (!editCanReachApp(loaded)) {
    const files = loaded.learner.file;
    const app = loaded.roles.app;
    const watch = (loaded.learner.config.services[app]?.develop?.watch?.length ?? 0) > 0;
    fail(
      say(
        `${app} in development to see your edits of ${EDITED_FILE}: ./src bind-mounted into the container, with a watcher`,
        `开发环境的 ${app} 能看到你对 ${EDITED_FILE} 的修改：把 ./src 绑定挂载进容器，再配上监视进程`,
      ),
      say(
        `no bind mount in ${files} puts src/ (or a folder above it) into ${app}${watch ? ' (develop: watch acts only under docker compose watch)' : ''}: an edit on your machine cannot reach the container, so the stack was not started`,
        `${files} 里没有任何绑定挂载把 src/（或它的上级目录）放进 ${app}${watch ? '（develop: watch 只在 docker compose watch 下才起作用）' : ''}：你机器上的修改到不了容器里，所以没有启动服务栈`,
      ),
    );
  }
  const v = await stack.developmentUp();
  const log = async () => ({ title: verbatim(`${v.env.command}; docker compose logs ${v.roles.app}`), lines: await v.fixture.logs(v.roles.app) });
  const id = await appContainer(v);
  const before = await askUntil(id, HEALTH, FIRST_ANSWER_MS, (r) => r.ok);
  if (!before.ok) {
    fail(say('the development app to answer GET /health', '开发环境的应用能应答 GET /health'), before.sentence, await log());
  }
  const path = join(v.dir, EDITED_FILE);
  const source = await readFile(path, 'utf8').catch(() => '');
  if (!source.includes(`'ok'`)) {
    fail(
      say(`${EDITED_FILE} as the course ships it (the checker edits its 'ok')`, `${EDITED_FILE} 保持课程提供的样子（检查器要修改其中的 'ok'）`),
      say(`${EDITED_FILE} has been changed: npm run reset keeps your work in .shipshape/backups/`, `${EDITED_FILE} 被改过了：npm run reset 会把你的改动备份到 .shipshape/backups/`),
    );
  }
  const marker = `ok-edited-${ctx.runId.slice(0, 8)}`;
  // Written in place (same file, new content), as an editor saves it.
  await writeFile(path, source.replace(`'ok'`, `'${marker}'`));
  const after = await askUntil(id, HEALTH, withinMs, (r) => r.ok && r.body.includes(marker));
  if (!(after.ok && after.body.includes(marker))) {
    const seconds = withinMs / 1000;
    fail(
      say(
        `after an edit of ${EDITED_FILE} (status 'ok' → '${marker}'), GET /health to answer with the new text within ${seconds} s, without a rebuild`,
        `修改 ${EDITED_FILE}（把 status 的 'ok' 改成 '${marker}'）之后，${seconds} 秒内 GET /health 不经重新构建就返回新文字`,
      ),
      after.ok
        ? say(`it still answered ${after.status} ${after.body.slice(0, 100)}: the running app never saw the change`, `它仍然返回 ${after.status} ${after.body.slice(0, 100)}：运行中的应用没有看到这次修改`)
        : say(`no answer after the edit (${after.sentence.en}): the app did not come back`, `修改之后一直没有应答（${after.sentence['zh-Hans']}）：应用没有重新起来`),
      await log(),
    );
  }
}
