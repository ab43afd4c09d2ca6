// The checks that imagine runs of the workflow: its own expressions evaluated for a push to main
// and for pull requests, to see which group a run joins and what it would push.
import { joinSaid, say } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import { fail } from '../../src/verdict.js';
import { COMMIT_SHA, conditionHolds, inputIsTrue, interpolate, runContexts, stepEnv, type EventName, type RunContexts } from './expressions.js';
import { actionName, buildsImage } from './step-kinds.js';
import type { Job, Step, Workflow } from './workflow.js';

/** Evaluates, or fails naming the expression GitHub would not evaluate either. */
function safely<T>(line: number, what: string, work: () => T): T {
  try {
    return work();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return fail(say(`the expression in ${what} to evaluate`, `${what} 里的表达式能够求值`), say(`line ${line}: ${message}`, `第 ${line} 行：${message}`));
  }
}

interface Concurrency {
  group: string;
  cancel: string | undefined;
  line: number;
}

function concurrencyOf(value: unknown, line: number): Concurrency | undefined {
  if (typeof value === 'string') return { group: value, cancel: undefined, line };
  if (value && typeof value === 'object') {
    const { group, 'cancel-in-progress': cancel } = value as Record<string, unknown>;
    if (typeof group === 'string') return { group, cancel: cancel === undefined ? undefined : String(cancel), line };
  }
  return undefined;
}

/** Two pull requests from two branches, and a second run of the first: the runs a group must tell apart. */
function pullRequest(number: number, branch: string, sha: string): RunContexts {
  const base = runContexts('pull_request');
  return {
    ...base,
    github: {
      ...base.github,
      ref: `refs/pull/${number}/merge`,
      ref_name: `${number}/merge`,
      head_ref: branch,
      sha,
      run_id: `${4242 + number}${sha.slice(0, 2)}`,
      event: { number, pull_request: { number, head: { sha, ref: branch }, base: { ref: 'main' } } },
    },
  };
}

export function concurrencyGroup(workflow: Workflow): void {
  const expected = say(
    'a concurrency group per branch or pull request (e.g. ${{ github.workflow }}-${{ github.ref }}) that cancels the run a new push makes obsolete',
    '按分支或拉取请求划分的并发组（例如 ${{ github.workflow }}-${{ github.ref }}），新的推送会取消已经过时的运行',
  );
  const top = concurrencyOf(workflow.concurrency, workflow.concurrencyLine ?? 1);
  const perJob = workflow.jobs.map((job) => concurrencyOf(job.concurrency, job.line));
  const groups = top ? [top] : perJob.every((c) => c) ? (perJob as Concurrency[]) : [];
  if (groups.length === 0) fail(expected, say('there is no top-level concurrency: (and not every job has its own)', '没有顶层的 concurrency:（也不是每个 job 都有自己的）'));

  const problems: Text[] = [];
  for (const c of groups) {
    const first = pullRequest(7, 'feature/new-report', COMMIT_SHA);
    const again = pullRequest(7, 'feature/new-report', 'ab'.repeat(20));
    const other = pullRequest(8, 'fix/typo', 'cd'.repeat(20));
    const [a, b, o] = [first, again, other].map((ctx) => safely(c.line, 'concurrency.group', () => interpolate(c.group, ctx)));
    if (a !== b) problems.push(say(`line ${c.line}: two pushes to the same pull request get different groups ("${a}", "${b}"), so neither cancels the other`, `第 ${c.line} 行：同一个拉取请求的两次推送分到了不同的组（"${a}"、"${b}"），谁也取消不了谁`));
    else if (a === o) problems.push(say(`line ${c.line}: every pull request shares the group "${a}", so one branch's run cancels or waits for another's`, `第 ${c.line} 行：所有拉取请求都共用组 "${a}"，一个分支的运行会取消或等待另一个分支的`));
    const cancels = c.cancel !== undefined && safely(c.line, 'cancel-in-progress', () => inputIsTrue(c.cancel, first));
    if (!cancels) problems.push(say(`line ${c.line}: cancel-in-progress is not true for a pull request, so an obsolete run goes on to the end`, `第 ${c.line} 行：拉取请求的 cancel-in-progress 不为 true，过时的运行会一直跑完`));
  }
  if (problems.length) fail(expected, joinSaid(problems, say('; ', '；')));
}

export interface Push {
  job: Job;
  step: Step;
  tags: string[];
  cached: boolean;
  /** What it builds, relative to the repository: build-push-action's context, file and target. */
  context: string;
  file: string | undefined;
  target: string | undefined;
}

/** What a run of `event` would push: every image step that runs and pushes, with its tags. */
function pushesOn(workflow: Workflow, event: EventName): Push[] {
  const pushes: Push[] = [];
  for (const job of workflow.jobs) {
    const jobContexts = stepEnv(workflow, job, undefined, runContexts(event));
    if (!safely(job.line, `jobs.${job.id}.if`, () => conditionHolds(job.if, jobContexts))) continue;
    for (const step of job.steps) {
      if (!buildsImage(step)) continue;
      const contexts = stepEnv(workflow, job, step, runContexts(event));
      if (!safely(step.line, 'if:', () => conditionHolds(step.if, contexts))) continue;
      if (actionName(step) === 'docker/build-push-action') {
        if (!safely(step.line, 'push:', () => inputIsTrue(step.with.push, contexts))) continue;
        const input = (name: string): string | undefined => (step.with[name] === undefined ? undefined : safely(step.line, `${name}:`, () => interpolate(step.with[name]!, contexts)));
        pushes.push({
          job,
          step,
          tags: safely(step.line, 'tags:', () => tagsOf(job, step, contexts)),
          // A cache read but never written stays empty: both halves make a cache.
          cached: Boolean(step.with['cache-from'] && step.with['cache-to']),
          context: input('context') ?? '.',
          file: input('file'),
          target: input('target'),
        });
      } else {
        const script = safely(step.line, 'run:', () => interpolate(step.run ?? '', contexts));
        if (!/\bdocker (image )?push\b|--push\b/.test(script)) continue;
        // The tag is somewhere in the script; the build is taken to be the folder's Dockerfile.
        pushes.push({ job, step, tags: [script.replace(/\$\{?GITHUB_SHA\}?/g, COMMIT_SHA)], cached: /--cache-from\b/.test(script), context: '.', file: undefined, target: undefined });
      }
    }
  }
  return pushes;
}

/** The tags of a build-push-action step; docker/metadata-action's are read from its own tags: input. */
function tagsOf(job: Job, step: Step, contexts: RunContexts): string[] {
  const raw = step.with.tags ?? '';
  const fromMeta = /steps\.([\w-]+)\.outputs\.tags/.exec(raw);
  if (fromMeta) {
    const meta = job.steps.find((s) => s.id === fromMeta[1] && actionName(s) === 'docker/metadata-action');
    // type=sha (short or long) is the commit; other types (ref, raw, semver…) name something that moves.
    const rules = (meta?.with.tags ?? 'type=ref,event=branch\ntype=ref,event=pr').split(/\n/).map((r) => r.trim()).filter(Boolean);
    return rules.map((rule) => (/type=sha\b/.test(rule) ? `image:sha-${COMMIT_SHA}` : `image:${rule}`));
  }
  return interpolate(raw, contexts).split(/[\n,]/).map((t) => t.trim()).filter(Boolean);
}

const names = (pushes: Push[]): string => pushes.map((p) => `line ${p.step.line} (job ${p.job.id})`).join(', ');

/** Judges what a push to main and a pull request would push; returns main's first push, to build. */
export function judgeDelivery(workflow: Workflow): Push {
  const expected = say(
    'on a push to main, the image pushed under a tag of the commit SHA, built with a layer cache; on a pull request, nothing pushed',
    '推送到 main 时，镜像以提交 SHA 为标签推送，构建使用层缓存；拉取请求时什么都不推送',
  );
  const onMain = pushesOn(workflow, 'push');
  if (onMain.length === 0) {
    fail(expected, say('a push to main pushes no image (no build step with push: true, or docker push, runs for it)', '推送到 main 时没有推送任何镜像（没有哪个带 push: true 的构建步骤或 docker push 会运行）'));
  }
  const problems: Text[] = [];
  const short = COMMIT_SHA.slice(0, 7);
  for (const p of onMain) {
    if (!p.tags.some((tag) => tag.includes(short))) {
      const shown = p.tags.join(', ') || '(none)';
      problems.push(say(`line ${p.step.line}: on main the image is tagged ${shown}: no tag names the commit (github.sha)`, `第 ${p.step.line} 行：在 main 上镜像的标签是 ${shown}：没有哪个标签写明是哪次提交（github.sha）`));
    }
    if (!p.cached) problems.push(say(`line ${p.step.line}: the build has no layer cache (cache-from: and cache-to:, e.g. type=gha)`, `第 ${p.step.line} 行：构建没有使用层缓存（cache-from: 和 cache-to:，例如 type=gha）`));
  }
  const onPullRequest = pushesOn(workflow, 'pull_request');
  if (onPullRequest.length) {
    problems.push(say(`a pull request pushes an image too: ${names(onPullRequest)}; anyone who opens one could publish what they like`, `拉取请求也会推送镜像：${names(onPullRequest)}；谁开个拉取请求，就能发布他想发布的东西`));
  }
  if (problems.length) fail(expected, joinSaid(problems, say('; ', '；')));
  return onMain[0]!;
}
