import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CheckFailure } from '../../src/verdict.js';
import { concurrencyGroup, judgeDelivery } from './delivery-checks.js';
import { actionsPinned, leastPrivilege, pipelineGates, workflowValid } from './static-checks.js';
import { parseWorkflow, type Workflow } from './workflow.js';

const solution = readFileSync('course/exercise-4/solution/.github/workflows/ci.yml', 'utf8');
const starter = readFileSync('course/exercise-4/starter/.github/workflows/ci.yml', 'utf8');

type Rule = (w: Workflow) => unknown;
const rules: Record<string, Rule> = { pipelineGates, leastPrivilege, actionsPinned, concurrencyGroup, judgeDelivery, workflowValid };

/** The verdict's "saw" sentence, or undefined when the rule passes. */
async function saw(rule: Rule, text: string): Promise<string | undefined> {
  try {
    await rule(parseWorkflow(text));
    return undefined;
  } catch (err) {
    if (err instanceof CheckFailure) return err.verdict.actual + (err.verdict.log ? `\n${err.verdict.log.lines.join('\n')}` : '');
    throw err;
  }
}

const edit = (text: string, find: string | RegExp, replace: string): string => {
  const out = text.replace(find, replace);
  if (out === text) throw new Error(`edit did not apply: ${String(find)}`);
  return out;
};

describe('the reference workflow', () => {
  for (const [name, rule] of Object.entries(rules)) {
    it(`passes ${name}`, async () => expect(await saw(rule, solution)).toBeUndefined());
  }
});

describe('the starter', () => {
  it('is valid for actionlint', async () => expect(await saw(workflowValid, starter)).toBeUndefined());
  it('fails each rule its TODOs are about, saying where', async () => {
    expect(await saw(pipelineGates, starter)).toMatch(/does not run on a push to main|audit/);
    expect(await saw(leastPrivilege, starter)).toMatch(/no top-level permissions/);
    expect(await saw(actionsPinned, starter)).toMatch(/line \d+: actions\/checkout@v4/);
    expect(await saw(concurrencyGroup, starter)).toMatch(/no top-level concurrency/);
    expect(await saw(judgeDelivery, starter)).toMatch(/pushes no image/);
  });
});

describe('broken answers', () => {
  it('a build that does not wait for the audit', async () => {
    expect(await saw(pipelineGates, edit(solution, 'needs: [lint, test, audit]', 'needs: [lint, test]'))).toMatch(/without waiting for job audit/);
  });
  it('an image built before the tests in the same job', async () => {
    const late = `name: CI
on:
  push: { branches: [main] }
  pull_request:
jobs:
  all:
    runs-on: ubuntu-latest
    steps:
      - run: npm ci && npm run lint && npm run typecheck && npm audit
      - run: docker build -t x .
      - run: npm test
`;
    expect(await saw(pipelineGates, late)).toMatch(/line 10: job all builds the image before it runs the tests \(npm test\) \(line 11\)/);
  });
  it('an audit step whose failure is ignored', async () => {
    expect(await saw(pipelineGates, edit(solution, '      - run: npm audit --audit-level=high --omit=dev', '      - run: npm audit --audit-level=high --omit=dev\n        continue-on-error: true'))).toMatch(/continue-on-error/);
  });
  it('write-all at the top', async () => {
    expect(await saw(leastPrivilege, edit(solution, 'permissions:\n  contents: read\n', 'permissions: write-all\n'))).toMatch(/write-all/);
  });
  it('a job that pushes nothing but may write', async () => {
    expect(await saw(leastPrivilege, edit(solution, '  lint:\n    runs-on: ubuntu-latest\n', '  lint:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: write\n'))).toMatch(/job lint pushes nothing but asks for contents: write/);
  });
  it('a pushing job left without packages: write', async () => {
    expect(await saw(leastPrivilege, edit(solution, '    permissions:\n      contents: read\n      packages: write\n', ''))).toMatch(/job build pushes to ghcr.io, but its token cannot write packages/);
  });
  it('a short SHA', async () => {
    expect(await saw(actionsPinned, edit(solution, 'docker/login-action@74a5d142397b4f367a81961eba4e8cd7edddf772', 'docker/login-action@74a5d14'))).toMatch(/docker\/login-action@74a5d14 \(a short SHA/);
  });
  it('one action on a tag', async () => {
    expect(await saw(actionsPinned, edit(solution, 'docker/login-action@74a5d142397b4f367a81961eba4e8cd7edddf772', 'docker/login-action@v3'))).toMatch(/line \d+: docker\/login-action@v3$/);
  });
  it('a concurrency group every run shares, or one per run', async () => {
    expect(await saw(concurrencyGroup, edit(solution, 'group: ${{ github.workflow }}-${{ github.ref }}', 'group: ci'))).toMatch(/every pull request shares the group "ci"/);
    expect(await saw(concurrencyGroup, edit(solution, 'group: ${{ github.workflow }}-${{ github.ref }}', 'group: ${{ github.run_id }}'))).toMatch(/get different groups/);
    expect(await saw(concurrencyGroup, edit(solution, "cancel-in-progress: ${{ github.ref != 'refs/heads/main' }}", 'cancel-in-progress: false'))).toMatch(/cancel-in-progress is not true/);
  });
  it('latest only, no cache, and a pull request that pushes', async () => {
    const latest = edit(solution, 'tags: ghcr.io/${{ github.repository }}:${{ github.sha }}', 'tags: ghcr.io/${{ github.repository }}:latest');
    expect(await saw(judgeDelivery, latest)).toMatch(/tagged ghcr.io\/learner\/hr-api:latest: no tag names the commit/);
    expect(await saw(judgeDelivery, edit(solution, '          cache-from: type=gha\n', ''))).toMatch(/no layer cache/);
    expect(await saw(judgeDelivery, edit(solution, '          cache-to: type=gha,mode=max\n', ''))).toMatch(/no layer cache/);
    expect(await saw(judgeDelivery, edit(solution, "push: ${{ env.PUSH == 'true' }}", 'push: true'))).toMatch(/a pull request pushes an image too/);
  });
  it('an expression GitHub could not evaluate', async () => {
    expect(await saw(judgeDelivery, edit(solution, "push: ${{ env.PUSH == 'true' }}", "push: ${{ env.PUSH == }}"))).toMatch(/line \d+:/);
  });
  it('a key actionlint does not know', async () => {
    expect(await saw(workflowValid, edit(solution, '    runs-on: ubuntu-latest\n', '    runs-on: ubuntu-latest\n    timeout: 10\n'))).toMatch(/ci\.yml:\d+:\d+: unexpected key "timeout"/);
  });
});

describe('different but correct answers', () => {
  it('gates in one job, in order, before the build', async () => {
    const oneJob = `name: CI
on:
  push: { branches: [main] }
  pull_request:
permissions: { contents: read, packages: write }
jobs:
  all:
    runs-on: ubuntu-latest
    steps:
      - run: npm ci && npm run lint && npm run typecheck
      - run: npm test
      - run: npm audit --audit-level=critical
      - run: docker build -t x .
`;
    expect(await saw(pipelineGates, oneJob)).toBeUndefined();
  });
  it('permissions per job instead of at the top', async () => {
    const perJob = edit(solution, 'permissions:\n  contents: read\n\n', '').replace(/  (lint|test|audit):\n    runs-on: ubuntu-latest\n/g, '  $1:\n    runs-on: ubuntu-latest\n    permissions: { contents: read }\n');
    expect(await saw(leastPrivilege, perJob)).toBeUndefined();
  });
  it('head_ref || run_id groups, and a build job that only runs on main', async () => {
    const other = edit(solution, 'group: ${{ github.workflow }}-${{ github.ref }}', 'group: ci-${{ github.head_ref || github.run_id }}');
    expect(await saw(concurrencyGroup, other)).toBeUndefined();
    const onlyMain = edit(solution, '  build:\n    needs: [lint, test, audit]\n', "  build:\n    if: github.event_name == 'push'\n    needs: [lint, test, audit]\n").replace("push: ${{ env.PUSH == 'true' }}", 'push: true');
    expect(await saw(judgeDelivery, onlyMain)).toBeUndefined();
  });
  it('docker/metadata-action with a sha tag', async () => {
    const meta = edit(
      solution,
      '          tags: ghcr.io/${{ github.repository }}:${{ github.sha }}\n',
      '          tags: ${{ steps.meta.outputs.tags }}\n',
    ).replace('      - uses: docker/build-push-action@', '      - id: meta\n        uses: docker/metadata-action@902fa8ec7d6ecbf8d84d538b9b233a880e428804 # v5.7.0\n        with:\n          images: ghcr.io/${{ github.repository }}\n          tags: |\n            type=sha,format=long\n            type=raw,value=latest\n      - uses: docker/build-push-action@');
    expect(await saw(judgeDelivery, meta)).toBeUndefined();
    expect(await saw(judgeDelivery, meta.replace('            type=sha,format=long\n', ''))).toMatch(/no tag names the commit/);
  });
});
