import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspectImage, imageHistory } from '../../src/docker/cli.js';
import { finalBase } from '../../src/docker/dockerfile.js';
import { needs, type CheckContext } from '../../src/exercise.js';
import { CLAUSES, joinSaid, say } from '../../src/locale.js';
import { fail } from '../../src/verdict.js';
import { findSecrets } from '../../src/secrets.js';
import type { ImageStack } from './stack.js';

export async function noSecrets(stack: ImageStack): Promise<void> {
  const { build, info } = await needs('image-builds', stack.image);
  const findings = findSecrets(info.Config.Env ?? [], await imageHistory(build.tag));
  if (findings.length > 0) {
    fail(
      say(
        'no passwords, tokens or keys in the image (anyone who pulls it can read ENV, ARG and build history)',
        '镜像里没有密码、令牌或密钥（任何能拉取镜像的人都能读到 ENV、ARG 和构建历史）',
      ),
      joinSaid(
        findings.map((f) => say(`${f.what.en} (${f.where.en})`, `${f.what['zh-Hans']}（${f.where['zh-Hans']}）`)),
        CLAUSES,
      ),
    );
  }
}

const MB = 1_000_000;

export async function imageSize(stack: ImageStack, ctx: CheckContext): Promise<void> {
  const { info, dockerfile } = await needs('image-builds', stack.image);
  const base = finalBase(dockerfile);
  // Measured as bytes added on top of the base image, so the budget means the same with an
  // official node image and with a locally built stand-in of a different size.
  const baseInfo = base && base.ref !== 'scratch' ? await inspectImage(base.ref) : undefined;
  const added = info.Size - (baseInfo?.Size ?? 0);
  const budget = (ctx.params.budgetMB ?? 40) * MB;
  if (added > budget) {
    const [adds, whole] = [(added / MB).toFixed(1), (info.Size / MB).toFixed(1)];
    fail(
      say(
        `the final stage to add at most ${budget / MB} MB on top of ${base?.ref ?? 'its base image'}`,
        `最终阶段在 ${base?.ref ?? '基础镜像'} 之上最多增加 ${budget / MB} MB`,
      ),
      say(`it adds ${adds} MB (the whole image is ${whole} MB)`, `增加了 ${adds} MB（整个镜像 ${whole} MB）`),
    );
  }
}

interface LockEntry {
  dev?: boolean;
}

/** Packages the lockfile marks dev-only: needed to build, never to run. */
async function devOnlyPackages(dir: string): Promise<Set<string>> {
  const lock = JSON.parse(await readFile(join(dir, 'package-lock.json'), 'utf8')) as {
    packages?: Record<string, LockEntry>;
  };
  const names = new Set<string>();
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    const name = /node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(path)?.[1];
    if (name && entry.dev) names.add(name);
  }
  return names;
}

export async function noDevDependencies(stack: ImageStack, ctx: CheckContext): Promise<void> {
  const app = await needs('health-endpoint', stack.app);
  const devOnly = await devOnlyPackages(ctx.dir);
  // Every installed package's manifest, wherever the learner put the app; npm's own bundled
  // dependencies in the base image are not the app's.
  const listing = await app.container.exec(
    ['sh', '-c', "find / -xdev \\( -path /proc -o -path /sys -o -path '/usr/local/lib/node_modules/npm' \\) -prune -o -type f -path '*/node_modules/*/package.json' -print 2>/dev/null"],
    { user: '0' },
  );
  if (listing.exitCode !== 0 && listing.stdout.trim() === '') {
    fail(
      say('to list the packages installed in the image', '能列出镜像里安装的包'),
      say(`\`sh -c find\` failed in the container: ${listing.output.trim()}`, `\`sh -c find\` 在容器里执行失败：${listing.output.trim()}`),
    );
  }
  const found = new Map<string, string>();
  for (const file of listing.stdout.split('\n')) {
    const match = /^(.*\/node_modules\/((?:@[^/]+\/)?[^/]+))\/package\.json$/.exec(file);
    if (match?.[2] && devOnly.has(match[2]) && !found.has(match[2])) found.set(match[2], match[1] ?? '');
  }
  if (found.size > 0) {
    const names = [...found.keys()];
    const shown = names.slice(0, 6).map((n) => (n === 'typescript' ? `typescript (${found.get(n)})` : n));
    const more = names.length > 6;
    fail(
      say('only production dependencies in the final image', '最终镜像里只有生产依赖'),
      say(
        `${names.length} dev-only package(s) installed: ${shown.join(', ')}${more ? ', …' : ''}`,
        `装了 ${names.length} 个只用于开发的包：${shown.join('、')}${more ? ' 等' : ''}`,
      ),
    );
  }
}

const ROOT_USERS = new Set(['', 'root', '0', 'root:root', '0:0']);

export async function nonRoot(stack: ImageStack): Promise<void> {
  const { info } = await needs('image-builds', stack.image);
  const user = info.Config.User ?? '';
  if (ROOT_USERS.has(user)) {
    fail(
      say('a USER instruction that switches to a non-root user', '用一条 USER 指令切换到非 root 用户'),
      user === '' ? say('no USER: the app runs as root', '没有 USER 指令：应用以 root 身份运行') : say(`USER ${user} is root`, `USER ${user} 就是 root`),
    );
  }
  const app = await needs('health-endpoint', stack.app);
  const id = await app.container.exec(['id', '-u']);
  const uid = id.stdout.trim();
  if (id.exitCode !== 0) fail(say('`id -u` to run in the container', '`id -u` 能在容器里运行'), say(`it failed: ${id.output.trim()}`, `执行失败：${id.output.trim()}`));
  if (uid === '0') {
    fail(say('the app process to run with a uid other than 0', '应用进程以非 0 的 uid 运行'), say(`USER ${user} resolves to uid 0`, `USER ${user} 对应的 uid 是 0`));
  }
}
