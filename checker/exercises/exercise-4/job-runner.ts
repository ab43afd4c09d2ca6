// Runs a job of the learner's workflow here, as a hosted runner would: its `services:` from their
// images, env and health options, waited for until healthy; then its `run:` steps, in order, in
// a container of the course's Node image holding a copy of the exercise folder, with each
// service's published port forwarded to the runner's localhost (runner/forward.mjs).
import { cp } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Wait, type StartedTestContainer } from 'testcontainers';
import { learnerBudgets, type Limits } from '../../src/budgets.js';
import { courseImage } from '../../src/course-images.js';
import { inspectImage, run } from '../../src/docker/cli.js';
import { containerState, findByRole, LimitedContainer, logTail, StartedWait } from '../../src/docker/containers.js';
import { ROLE_LABEL } from '../../src/docker/labels.js';
import type { RunScope } from '../../src/fixtures/run-scope.js';
import { joinSaid, say, verbatim } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import { fail, tail } from '../../src/verdict.js';
import { COMMIT_SHA, conditionHolds, interpolate, runContexts, stepEnv, type RunContexts } from './expressions.js';
import { parseServiceOptions } from './service-options.js';
import { actionName, isGate, isSatisfiedLocally } from './step-kinds.js';
import { describeStep, type Job, type ServiceSpec, type Step, type Workflow } from './workflow.js';

/** Where actions/checkout puts the repository on a hosted runner. */
export const WORKSPACE = '/home/runner/work/hr-api/hr-api';
const SCRIPTS = '/opt/shipshape';
const HERE = fileURLToPath(new URL('./runner/', import.meta.url));
/** Not part of a checkout: what a clone of the repository would not hold. */
const NOT_COPIED = new Set(['node_modules', '.git', 'dist', '.env', 'secrets']);

/** The stand-in registry's addresses inside every runner (runner/advisory-registry.mjs). */
export const WITH_ADVISORY = 'http://127.0.0.1:4873/';
export const WITHOUT_ADVISORY = 'http://127.0.0.1:4874/';

/** A hosted runner has 7 GB and 2 cores; this is what one job may take of the learner's machine. */
const RUNNER_LIMITS: Limits = { memoryBytes: 2 * 1024 ** 3, cpus: 2, pids: 1024 };
/** One step: `npm ci` on slow Wi-Fi, or a test suite. A hung step ends here. */
export const STEP_MS = 180_000;

export interface StartedService {
  spec: ServiceSpec;
  container: StartedTestContainer;
  /** Published (runner) port → the service's own port. */
  ports: Map<number, number>;
}

export interface StepOutcome {
  step: Step;
  status: 'passed' | 'skipped' | 'satisfied' | 'not-run';
  seconds: number;
}

const alias = (service: ServiceSpec): string => `service-${service.id}`;

/** `5432:5432`, `6543:5432`, `5432` or `5432/tcp`: the runner port and the service port. */
function portPairs(service: ServiceSpec): Map<number, number> {
  const pairs = new Map<number, number>();
  for (const entry of service.ports) {
    const [left, right] = entry.replace(/\/tcp$/, '').split(':').slice(-2);
    const servicePort = Number(right ?? left);
    const runnerPort = right === undefined ? servicePort : Number(left);
    if (Number.isInteger(servicePort) && Number.isInteger(runnerPort)) pairs.set(runnerPort, servicePort);
  }
  return pairs;
}

/** The contexts of a push to main, with the job's services and its first matrix combination. */
export function jobContexts(job: Job, services: readonly StartedService[] = []): RunContexts {
  const matrix: Record<string, unknown> = {};
  if (job.matrix && typeof job.matrix === 'object') {
    for (const [key, values] of Object.entries(job.matrix as Record<string, unknown>)) {
      if (Array.isArray(values)) matrix[key] = values[0];
    }
  }
  const servicesContext = Object.fromEntries(
    services.map((s) => [s.spec.id, { id: s.container.getId(), network: 'shipshape', ports: Object.fromEntries([...s.ports].map(([runner, own]) => [String(own), String(runner)])) }]),
  );
  return runContexts('push', { job: { status: 'success', services: servicesContext }, matrix });
}

async function ensureImage(image: string, service: ServiceSpec): Promise<void> {
  if (await inspectImage(image)) return;
  // Bounded: where Docker Hub is blocked a pull hangs rather than fails.
  const pulled = await run(['pull', image], 90_000);
  if (pulled.ok) return;
  fail(
    say(`the image of service ${service.id} (line ${service.line}) on this machine`, `服务 ${service.id}（第 ${service.line} 行）的镜像在本机上`),
    say(
      `${image} is not here and could not be pulled. The course's images are ${await courseImage('postgres')} and ${await courseImage('redis')}: use those tags (npm run images builds them)`,
      `本机没有 ${image}，也拉取不下来。课程自带的镜像是 ${await courseImage('postgres')} 和 ${await courseImage('redis')}：请用这两个标签（npm run images 可以构建它们）`,
    ),
    { title: verbatim(`docker pull ${image}`), lines: tail(pulled.stderr, 5) },
  );
}

/** Starts every service of the job and waits until each reports healthy, as Actions does. */
export async function startServices(scope: RunScope, workflow: Workflow, job: Job, progress: (m: Text) => void): Promise<StartedService[]> {
  if (job.services.length === 0) {
    fail(
      say(`the test job (${job.id}, line ${job.line}) to have service containers for PostgreSQL and Redis`, `test job（${job.id}，第 ${job.line} 行）为 PostgreSQL 和 Redis 配置了服务容器`),
      say('it has no services:', '它没有 services:'),
    );
  }
  const contexts = stepEnv(workflow, job, undefined, jobContexts(job));
  const prepared = job.services.map((spec) => ({ spec, options: parseServiceOptions(spec.options) }));
  const refused = prepared.filter((p) => p.options.refused.length);
  if (refused.length) {
    const list = refused.map((p) => `${p.spec.id}: ${p.options.refused.join(' ')}`).join('; ');
    fail(say('service containers that ask for no power over the machine', '服务容器不索取对本机的特权'), say(`refused to start (line ${refused[0]!.spec.line}): ${list}`, `拒绝启动（第 ${refused[0]!.spec.line} 行）：${list}`));
  }
  const unchecked = prepared.filter((p) => !p.options.health);
  if (unchecked.length) {
    const ids = unchecked.map((p) => `${p.spec.id} (line ${p.spec.line})`).join(', ');
    fail(
      say('every service container with a health check (options: --health-cmd …), so the steps wait until it is ready', '每个服务容器都带健康检查（options: --health-cmd …），这样步骤会等它就绪再开始'),
      say(`no health check: ${ids}. Actions would start the steps as soon as the container exists, while the service inside is still starting`, `没有健康检查：${ids}。Actions 会在容器刚创建时就开始跑步骤，而这时容器里的服务还在启动`),
    );
  }
  const network = await scope.network();
  const { composeWaitMs } = learnerBudgets();
  // Settled, not raced: when one service fails, the others' starts still end before this
  // returns, so the clean-up after it finds every container it must remove.
  const outcomes = await Promise.allSettled(
    prepared.map(async ({ spec, options }): Promise<StartedService> => {
      const image = interpolate(spec.image, contexts);
      await ensureImage(image, spec);
      const env = Object.fromEntries(Object.entries({ ...spec.env, ...options.env }).map(([k, v]) => [k, interpolate(v, contexts)]));
      if (options.ignored.length) progress(say(`service ${spec.id}: not applied here: ${options.ignored.join(' ')}`, `服务 ${spec.id}：这些选项在本机不生效：${options.ignored.join(' ')}`));
      progress(say(`starting service ${spec.id} (${image})`, `正在启动服务 ${spec.id}（${image}）`));
      const container = new LimitedContainer(image, scope.runId)
        .withLabels({ [ROLE_LABEL]: alias(spec) })
        .withNetworkMode(network)
        .withNetworkAliases(alias(spec))
        .withEnvironment(env)
        .withHealthCheck(options.health!)
        .withWaitStrategy(Wait.forHealthCheck())
        .withStartupTimeout(composeWaitMs);
      try {
        return { spec, container: scope.track(await container.start()), ports: portPairs(spec) };
      } catch (err) {
        return unhealthy(scope, spec, image, err);
      }
    }),
  );
  const failed = outcomes.find((o) => o.status === 'rejected');
  if (failed) throw failed.reason;
  return outcomes.map((o) => (o as PromiseFulfilledResult<StartedService>).value);
}

async function unhealthy(scope: RunScope, spec: ServiceSpec, image: string, err: unknown): Promise<never> {
  const id = await findByRole(scope.runId, alias(spec));
  const state = id ? await containerState(id) : undefined;
  const lastProbe = state?.health?.Log?.at(-1);
  const why: Text = !state
    ? verbatim((err instanceof Error ? err.message : String(err)).split('\n')[0]!)
    : !state.running
      ? say(`it exited with code ${state.exitCode}${state.oomKilled ? ' (out of memory)' : ''}`, `它以退出码 ${state.exitCode} 退出了${state.oomKilled ? '（内存不足）' : ''}`)
      : lastProbe
        ? say(`it did not report healthy: its health command last said (exit ${lastProbe.ExitCode}) ${lastProbe.Output.trim().slice(0, 200)}`, `它一直没有报告健康：健康检查命令最后一次输出（退出码 ${lastProbe.ExitCode}）${lastProbe.Output.trim().slice(0, 200)}`)
        : say('it did not report healthy', '它一直没有报告健康');
  return fail(
    say(`service ${spec.id} (${image}, line ${spec.line}) to start and report healthy`, `服务 ${spec.id}（${image}，第 ${spec.line} 行）能启动并报告健康`),
    why,
    id ? { title: verbatim(`docker logs (service ${spec.id})`), lines: tail(await logTail(id), 20) } : undefined,
  );
}

/** A copy of the exercise folder as a checkout would hold it. */
async function checkout(scope: RunScope, dir: string): Promise<string> {
  const copy = join(await scope.tempDir('exercise-4-checkout'), basename(dir));
  await cp(dir, copy, { recursive: true, filter: (src) => !NOT_COPIED.has(relative(dir, src)) });
  return copy;
}

export interface Runner {
  container: StartedTestContainer;
  /** Runs one shell script as a step would; `ok` with the combined output. */
  exec(script: string, options: { env: Record<string, string>; workingDirectory?: string; shell?: string }): Promise<{ ok: boolean; output: string }>;
}

/**
 * The runner: the course's Node image with the checkout, the services' published ports
 * forwarded to its localhost, and the stand-in advisory registry beside them.
 */
export async function startRunner(scope: RunScope, dir: string, services: readonly StartedService[] = []): Promise<Runner> {
  const network = await scope.network();
  const source = await checkout(scope, dir);
  const container = scope.track(
    await new LimitedContainer(await courseImage('node'), scope.runId, RUNNER_LIMITS)
      .withLabels({ [ROLE_LABEL]: 'runner' })
      .withNetworkMode(network)
      .withCopyDirectoriesToContainer([{ source, target: WORKSPACE }])
      .withCopyFilesToContainer(['forward.mjs', 'advisory-registry.mjs'].map((f) => ({ source: join(HERE, f), target: `${SCRIPTS}/${f}` })))
      .withEntrypoint([])
      .withCommand(['node', `${SCRIPTS}/forward.mjs`, ...forwardArgs(services)])
      .withWaitStrategy(new StartedWait())
      .start(),
  );
  return {
    container,
    async exec(script, { env, workingDirectory, shell }) {
      const cwd = workingDirectory ? (workingDirectory.startsWith('/') ? workingDirectory : `${WORKSPACE}/${workingDirectory}`) : WORKSPACE;
      // GitHub's own defaults: no shell: is `bash -e`; an explicit `shell: bash` adds pipefail.
      const interpreter = shell === 'sh' ? ['sh', '-e', '-c'] : shell === 'bash' ? ['bash', '--noprofile', '--norc', '-eo', 'pipefail', '-c'] : ['bash', '-e', '-c'];
      const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
      // One stream, in order, as the Actions log shows it; `timeout` ends a hung step inside too.
      const wrapped = ['timeout', '-s', 'KILL', String(STEP_MS / 1000), 'sh', '-c', `"$@" 2>&1`, 'step', ...interpreter, script];
      const res = await run(['exec', '-w', cwd, ...envArgs, container.getId(), ...wrapped], STEP_MS + 10_000);
      return { ok: res.ok, output: res.stdout + res.stderr };
    },
  };
}

/** Forwarder arguments for the services' published ports: `5432:service-postgres:5432`. */
export function forwardArgs(services: readonly StartedService[]): string[] {
  return services.flatMap((s) => [...s.ports].map(([runnerPort, own]) => `${runnerPort}:${alias(s.spec)}:${own}`));
}

/** A step's environment on a hosted runner: GitHub's own variables, then the evaluated env:. */
function processEnv(contexts: RunContexts): Record<string, string> {
  const g = contexts.github as Record<string, string>;
  return {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: WORKSPACE,
    GITHUB_SHA: COMMIT_SHA,
    GITHUB_REF: g.ref!,
    GITHUB_REF_NAME: g.ref_name!,
    GITHUB_EVENT_NAME: g.event_name!,
    GITHUB_REPOSITORY: g.repository!,
    GITHUB_RUN_ID: g.run_id!,
    RUNNER_OS: 'Linux',
    RUNNER_TEMP: '/tmp',
    ...contexts.env,
  };
}

/**
 * One `run:` step as the runner runs it: its expressions evaluated, its environment, working
 * directory and shell; `extraEnv` last (the checker's registry for an audit step).
 */
export function runStep(runner: Runner, job: Job, step: Step, contexts: RunContexts, extraEnv: Record<string, string> = {}): ReturnType<Runner['exec']> {
  return runner.exec(interpolate(step.run ?? '', contexts), {
    env: { ...processEnv(contexts), ...extraEnv },
    workingDirectory: step.workingDirectory ?? job.workingDirectory,
    shell: step.shell,
  });
}

/** Runs the job's steps in order; fails at the first that fails, with its log. */
export async function runSteps(runner: Runner, workflow: Workflow, job: Job, services: readonly StartedService[], progress: (m: Text) => void): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  for (const step of job.steps) {
    const started = Date.now();
    const contexts = stepEnv(workflow, job, step, jobContexts(job, services));
    const done = (status: StepOutcome['status']): void => {
      outcomes.push({ step, status, seconds: (Date.now() - started) / 1000 });
    };
    if (!conditionHolds(step.if, contexts)) {
      done('skipped');
      continue;
    }
    if (step.uses) {
      if (isSatisfiedLocally(step)) {
        const wanted = step.with['node-version'];
        if (actionName(step) === 'actions/setup-node' && wanted && !/^(24|lts\/\*|latest|node)\b/.test(interpolate(wanted, contexts).trim())) {
          progress(say(`${describeStep(step)}: the steps run on the course's Node 24, not ${wanted}`, `${describeStep(step)}：这里的步骤在课程的 Node 24 上运行，而不是 ${wanted}`));
        }
        done('satisfied');
      } else {
        progress(say(`${describeStep(step)}: not run locally`, `${describeStep(step)}：不在本机运行`));
        done('not-run');
      }
      continue;
    }
    progress(say(`running ${describeStep(step)}`, `正在运行 ${describeStep(step)}`));
    // npm audit needs an advisory database that mirrors (and this course's own CI) do not
    // serve: in this job it gets the stand-in that reports none; audit-gate judges the gate.
    const audit: Record<string, string> = isGate(step, 'audit') ? { npm_config_registry: WITHOUT_ADVISORY } : {};
    const result = await runStep(runner, job, step, contexts, audit);
    if (!result.ok) {
      const seconds = Math.round((Date.now() - started) / 1000);
      // `timeout` ends a step at STEP_MS, and the docker CLI's own bound only later.
      const what =
        seconds >= STEP_MS / 1000
          ? say(`${describeStep(step)} was still running after ${STEP_MS / 1000} s`, `${describeStep(step)} 运行了 ${STEP_MS / 1000} 秒还没结束`)
          : say(`${describeStep(step)} failed after ${seconds} s`, `${describeStep(step)} 在 ${seconds} 秒后失败`);
      // The likeliest cause of a connection error, said outright: a service nobody can reach.
      const unpublished = services.filter((s) => s.ports.size === 0).map((s) => s.spec.id);
      fail(
        say(`every step of job ${job.id} to pass`, `job ${job.id} 的每一步都通过`),
        unpublished.length
          ? joinSaid([what, say(`service ${unpublished.join(', ')} publishes no port (ports:), so nothing on the runner can reach it`, `服务 ${unpublished.join('、')} 没有发布端口（ports:），运行器上什么都连不到它`)], say('; ', '；'))
          : what,
        { title: say(`the step's log (last lines)`, '这一步的日志（最后几行）'), lines: tail(result.output, 30) },
      );
    }
    done('passed');
  }
  return outcomes;
}
