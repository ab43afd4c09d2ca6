// The checker speaks the learner's language all the way: every sentence of a verdict or a
// progress line is written in English and in Chinese, side by side (`say(en, zh)`). The types
// make `fail()`, `verdict()`, `within()` and `progress()` refuse a plain string; this file
// catches what types cannot: a Chinese argument that is missing, empty, or the English pasted
// twice, and it runs the checks that need no Docker on real inputs to read their verdicts.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageStack } from '../exercises/exercise-1/stack.js';
import { dockerignore, pinnedBase } from '../exercises/exercise-1/static-checks.js';
import { literalSecrets } from '../exercises/exercise-2/static-checks.js';
import { buildFailure, parseBuildSteps } from './docker/build.js';
import type { CheckContext } from './exercise.js';
import { needs } from './exercise.js';
import { ComposeFixture } from './fixtures/compose-project.js';
import { readDockerfile } from './fixtures/learner-image.js';
import { RunScope } from './fixtures/run-scope.js';
import { repoRoot, type Text } from './manifest.js';
import { CheckFailure, verdictIn, within, type LocalizedVerdict } from './verdict.js';

/** Han characters or CJK punctuation: the mark of a Chinese sentence, even one that is mostly a command. */
const CHINESE = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;
const checkerDir = join(repoRoot, 'checker');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    // A scenario's files are a learner's answer, not the checker's words.
    if (entry.isDirectory()) return entry.name === 'scenarios' || entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The text a string or template literal (or a `+` of them) writes, its `${…}` parts left out; undefined for anything else. */
function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join('…');
  if (ts.isParenthesizedExpression(node)) return literalText(node.expression);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const [left, right] = [literalText(node.left), literalText(node.right)];
    return left === undefined || right === undefined ? undefined : left + right;
  }
  return undefined;
}

interface Pair {
  where: string;
  en: ts.Node | undefined;
  zh: ts.Node | undefined;
}

/** Every `say(en, zh)` call and every `{ en: '…', 'zh-Hans': '…' }` literal of the checker's code. */
function bilingualPairs(): { calls: Pair[]; literals: Pair[] } {
  const calls: Pair[] = [];
  const literals: Pair[] = [];
  for (const file of sourceFiles(checkerDir)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const where = (node: ts.Node): string =>
      `${relative(repoRoot, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'say') {
        calls.push({ where: where(node), en: node.arguments[0], zh: node.arguments.length === 2 ? node.arguments[1] : undefined });
      }
      if (ts.isObjectLiteralExpression(node)) {
        const prop = (name: string): ts.Expression | undefined =>
          node.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === name)
            ?.initializer;
        const en = prop('en');
        const zh = prop('zh-Hans');
        if (en && zh && literalText(en) !== undefined) literals.push({ where: where(node), en, zh });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { calls, literals };
}

/** What is wrong with one pair, or undefined. */
function problem({ en, zh }: Pair): string | undefined {
  if (!en || !zh) return 'needs exactly two arguments: the English, then the Chinese';
  // The English may be a value (Docker's own words, framed in Chinese); the Chinese is written here.
  const english = literalText(en);
  const chinese = literalText(zh);
  if (chinese === undefined) return 'write the Chinese sentence at the call, as a string or template literal';
  if (!CHINESE.test(chinese)) return `its Chinese version has no Chinese in it: ${JSON.stringify(chinese)}`;
  if (chinese === english) return 'its Chinese version is the English one';
  if (english !== undefined && /\p{Script=Han}/u.test(english)) return `its English version has Chinese in it: ${JSON.stringify(english)}`;
  return undefined;
}

describe('every learner-facing sentence of the checker', () => {
  const { calls, literals } = bilingualPairs();

  it('is written with say(en, zh), and the zh is Chinese', () => {
    // Verdicts and progress lines of two exercises: a handful would mean the scan found nothing.
    expect(calls.length).toBeGreaterThan(80);
    const problems = calls.flatMap((pair) => {
      const p = problem(pair);
      return p ? [`${pair.where}: say() ${p}`] : [];
    });
    expect(problems).toEqual([]);
  });

  it('has a Chinese version in every { en, zh-Hans } literal too', () => {
    const problems = literals.flatMap((pair) => {
      const p = problem(pair);
      return p ? [`${pair.where}: ${p}`] : [];
    });
    expect(problems).toEqual([]);
  });
});

/** The verdict a step fails with; fails the test when it does not fail with one. */
async function verdictOf(step: () => unknown): Promise<LocalizedVerdict> {
  try {
    await step();
  } catch (err) {
    if (err instanceof CheckFailure) return err.verdict;
    throw err;
  }
  throw new Error('expected a CheckFailure');
}

function expectBilingual(v: LocalizedVerdict): void {
  const texts: [string, Text | undefined][] = [
    ['expected', v.localized.expected],
    ['actual', v.localized.actual],
    ['log title', v.log ? v.localized.logTitle : undefined],
  ];
  for (const [what, text] of texts) {
    if (what === 'log title' && !v.log) continue;
    expect(text, what).toBeDefined();
    expect(text!['zh-Hans'], what).toMatch(CHINESE);
    expect(text!['zh-Hans'], what).not.toBe(text!.en);
  }
  // The English stays where scripts read it: verify's `seen:` reads `actual`.
  expect(v.expected).toBe(v.localized.expected.en);
  expect(v.actual).toBe(v.localized.actual.en);
  expect(verdictIn(v, 'zh-Hans').actual).toBe(v.localized.actual['zh-Hans']);
}

describe('verdicts of the steps that need no Docker, in Chinese', () => {
  let dir: string;
  const run = { exerciseId: 'exercise-1', runId: 'bilingual-test' };
  const ctx = (folder: string): CheckContext => ({ ...run, dir: folder, params: {}, progress: () => undefined });
  const stack = (folder: string): ImageStack => new ImageStack({ ...run, dir: folder }, () => undefined);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shipshape-bilingual-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("exercise 1's starter: no .dockerignore, a Dockerfile of comments", async () => {
    const starter = join(repoRoot, 'exercises', 'exercise-1');
    const missing = await verdictOf(() => dockerignore(stack(starter), ctx(starter)));
    expectBilingual(missing);
    expect(missing.localized.expected['zh-Hans']).toBe('Dockerfile 旁边有一个 .dockerignore 文件');
    const empty = await verdictOf(() => readDockerfile(starter));
    expectBilingual(empty);
    expect(empty.actual).toBe('the Dockerfile has only comments so far: follow its TODO steps');
  });

  it('a floating base, a .dockerignore that misses things, no Dockerfile at all', async () => {
    const folder = join(dir, 'floating');
    await mkdir(folder);
    await writeFile(join(folder, 'Dockerfile'), 'FROM node AS build\nRUN true\nFROM node:latest\nCMD ["node"]\n');
    await writeFile(join(folder, '.dockerignore'), 'node_modules\n');
    const floating = await verdictOf(() => pinnedBase(stack(folder)));
    expectBilingual(floating);
    expect(floating.localized.actual['zh-Hans']).toBe('第 1 行：FROM node（不写标签就是 latest）；第 3 行：FROM node:latest');
    expectBilingual(await verdictOf(() => dockerignore(stack(folder), ctx(folder))));
    expectBilingual(await verdictOf(() => readDockerfile(join(dir, 'nowhere'))));
  });

  it('a blocked check keeps the sentences of its cause, without the log', async () => {
    const blocked = await verdictOf(() => needs('image-builds', () => readDockerfile(join(dir, 'nowhere'))));
    expect(blocked.blockedBy).toBe('image-builds');
    expect(blocked.localized.expected['zh-Hans']).toMatch(CHINESE);
    expect(blocked.localized.logTitle).toBeUndefined();
  });

  it('every kind of build failure', async () => {
    const failedStep = [
      '#9 [build 5/5] RUN npm run compile',
      '#9 ERROR: executor failed running [/bin/sh -c npm run compile]: exit code: 1',
      'ERROR: failed to solve: executor failed running [/bin/sh -c npm run compile]: exit code: 1',
    ].join('\n');
    const frontend = '#3 resolve image config for docker.io/docker/dockerfile:1\n#3 ERROR: no such host\nERROR: failed to solve';
    const baseImage = '#4 [internal] load metadata for docker.io/library/node:latest\n#4 ERROR: no such host\nERROR: failed to solve';
    const message = 'ERROR: failed to solve: the Dockerfile cannot be empty';
    const cases = [
      { output: failedStep, timedOut: false },
      { output: frontend, timedOut: false },
      { output: baseImage, timedOut: false },
      { output: message, timedOut: false },
      { output: '', timedOut: true },
    ];
    const verdicts = cases.map((c) => buildFailure({ ...c, steps: parseBuildSteps(c.output) }, 600_000));
    for (const v of verdicts) expectBilingual(v);
    expect(verdicts[0]!.actual).toBe('step [build 5/5] RUN npm run compile exited with code 1');
    expect(verdicts[0]!.localized.actual['zh-Hans']).toBe('步骤 [build 5/5] RUN npm run compile 失败，退出码是 1');
    expect(verdicts[3]!.localized.actual['zh-Hans']).toBe('构建失败：the Dockerfile cannot be empty');
  });

  it('a compose file that asks for power over the machine', async () => {
    const fixture = new ComposeFixture(dir, new RunScope(run.runId), () => undefined);
    const source = 'services:\n  app:\n    build: .\n    privileged: true\n    network_mode: host\n';
    const config = { services: { app: { build: { context: dir }, privileged: true, network_mode: 'host' } } };
    const refused = await verdictOf(() =>
      fixture.refuseHostile({ file: 'compose.yaml', files: ['compose.yaml'], source, sources: [{ file: 'compose.yaml', source }], profiles: [], config, env: {} }),
    );
    expectBilingual(refused);
    expect(refused.actual).toContain('compose.yaml:4 app.privileged: a privileged container');
    expect(refused.localized.actual['zh-Hans']).toContain('compose.yaml:4 app.privileged：特权容器');
  });

  it('literal secrets in a compose file', () => {
    const source = 'services:\n  app:\n    environment:\n      DATABASE_URL: postgres://hr:s3cret@db/hr\n      API_KEY: abc\n';
    expect(literalSecrets(source)).toEqual([
      { en: 'app: DATABASE_URL (password inside the URL)', 'zh-Hans': 'app: DATABASE_URL（URL 里带着密码）' },
      { en: 'app: API_KEY', 'zh-Hans': 'app: API_KEY' },
    ]);
  });

  it('a phase that runs out of time', async () => {
    const timedOut = await verdictOf(() => within(10, { en: 'the health check command', 'zh-Hans': '健康检查命令' }, sleep(1000)));
    expectBilingual(timedOut);
    expect(timedOut.localized.expected['zh-Hans']).toBe('健康检查命令在 0.01 秒内完成');
  });
});
