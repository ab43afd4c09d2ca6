import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as dockerignoreModule from '@balena/dockerignore';
import type { Ignore } from '@balena/dockerignore';
import { externalBases } from '../../src/docker/dockerfile.js';
import { needs, type CheckContext } from '../../src/exercise.js';
import { CLAUSES, joinSaid, say } from '../../src/locale.js';
import { fail } from '../../src/verdict.js';
import type { ImageStack } from './stack.js';

// A CommonJS module whose typings declare an ES default export.
const ignore = (dockerignoreModule as unknown as { default: () => Ignore }).default;

/** A path inside each thing that must stay out of the build context. */
const MUST_BE_IGNORED = [
  { what: 'node_modules', probes: ['node_modules', 'node_modules/express/package.json'] },
  { what: '.git', probes: ['.git', '.git/HEAD'] },
  { what: '.env', probes: ['.env'] },
];

export async function dockerignore(_stack: ImageStack, ctx: CheckContext): Promise<void> {
  const path = join(ctx.dir, '.dockerignore');
  if (!existsSync(path)) {
    fail(
      say('a .dockerignore file next to the Dockerfile', 'Dockerfile 旁边有一个 .dockerignore 文件'),
      say(
        'no .dockerignore: the whole folder, node_modules and .env included, is sent to the build',
        '没有 .dockerignore：整个目录都会被发送给构建器，node_modules 和 .env 也不例外',
      ),
    );
  }
  // @balena/dockerignore implements Docker's own matching rules, including `!` exceptions.
  const rules = ignore().add((await readFile(path, 'utf8')).split(/\r?\n/));
  const missing = MUST_BE_IGNORED.filter(({ probes }) => !probes.every((p) => rules.ignores(p))).map((m) => m.what);
  if (missing.length > 0) {
    fail(
      say('node_modules, .git and .env to be excluded', 'node_modules、.git 和 .env 都被排除在构建上下文之外'),
      say(`.dockerignore does not exclude ${missing.join(', ')}`, `.dockerignore 没有排除 ${missing.join('、')}`),
    );
  }
}

export async function pinnedBase(stack: ImageStack): Promise<void> {
  const bases = externalBases(await needs('image-builds', stack.dockerfile));
  const floating = bases.filter((b) => !b.digest && (b.tag === undefined || b.tag === 'latest'));
  if (floating.length > 0) {
    fail(
      say('every FROM to name a fixed version (a tag other than latest, or a digest)', '每个 FROM 都指定固定的版本（latest 以外的标签，或者摘要）'),
      joinSaid(
        floating.map((b) =>
          say(`line ${b.line}: FROM ${b.ref}${b.tag ? '' : ' (no tag means latest)'}`, `第 ${b.line} 行：FROM ${b.ref}${b.tag ? '' : '（不写标签就是 latest）'}`),
        ),
        CLAUSES,
      ),
    );
  }
}
