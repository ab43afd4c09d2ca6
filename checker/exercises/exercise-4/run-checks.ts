// The checks that run parts of the workflow here: the test job against its service containers,
// and the audit step against a registry that knows one vulnerability.
import { needs } from '../../src/exercise.js';
import { say } from '../../src/locale.js';
import { fail, tail } from '../../src/verdict.js';
import { conditionHolds, stepEnv } from './expressions.js';
import { jobContexts, runStep, WITH_ADVISORY, WITHOUT_ADVISORY } from './job-runner.js';
import type { PipelineStack } from './stack.js';
import { isGate, stepsWhere } from './step-kinds.js';
import { describeStep } from './workflow.js';

export async function servicesHealthy(stack: PipelineStack): Promise<void> {
  await stack.services();
}

export async function testJobRuns(stack: PipelineStack): Promise<void> {
  await needs('services-healthy', () => stack.services());
  const outcomes = await stack.testRun();
  const tests = outcomes.filter((o) => isGate(o.step, 'test'));
  if (!tests.some((o) => o.status === 'passed')) {
    const { job } = await stack.testJob();
    fail(say(`job ${job.id} to run its tests on a push to main`, `推送到 main 时 job ${job.id} 会运行测试`), say('its test step was skipped (its if: is false)', '测试那一步被跳过了（它的 if: 为假）'));
  }
}

export async function auditGate(stack: PipelineStack): Promise<void> {
  const workflow = await stack.workflow();
  const [found] = stepsWhere(workflow, (step) => isGate(step, 'audit'));
  const expected = say(
    'the audit step to fail the job on a critical advisory for a dependency, and to pass when there is none',
    '依赖有严重漏洞公告时，审计这一步让 job 失败；没有公告时通过',
  );
  if (!found) fail(expected, say('no step runs npm audit', '没有哪一步运行 npm audit'));
  const { job, step } = found;
  const contexts = stepEnv(workflow, job, step, jobContexts(job));
  if (!conditionHolds(step.if, contexts) || !conditionHolds(job.if, contexts)) {
    fail(expected, say(`${describeStep(step)} does not run on a push to main (its if: is false)`, `${describeStep(step)} 在推送到 main 时不会运行（它的 if: 为假）`));
  }
  if (step.continueOnError !== false) {
    fail(expected, say(`${describeStep(step)} has continue-on-error: a failed audit would not fail the job`, `${describeStep(step)} 带着 continue-on-error：审计失败也不会让 job 失败`));
  }
  const runner = await stack.auditRunner();
  const exec = (registry: string) => runStep(runner, job, step, contexts, { npm_config_registry: registry });

  const flagged = await exec(WITH_ADVISORY);
  if (flagged.ok) {
    fail(expected, say(`${describeStep(step)} passed although npm reported a critical advisory for express`, `npm 报告了 express 的一个严重漏洞公告，${describeStep(step)} 却通过了`), {
      title: say("the step's log", '这一步的日志'),
      lines: tail(flagged.output, 20),
    });
  }
  const clean = await exec(WITHOUT_ADVISORY);
  if (!clean.ok) {
    fail(expected, say(`${describeStep(step)} failed with no advisory at all (run npm audit in a step of its own: only npm audit can reach the checker's stand-in registry)`, `一个漏洞公告都没有，${describeStep(step)} 也失败了（把 npm audit 单独放一步：检查器的替身注册表只应答 npm audit）`), {
      title: say("the step's log", '这一步的日志'),
      lines: tail(clean.output, 20),
    });
  }
}

/** Judged from the workflow's own expressions, then built as its build step would build it. */
export async function imageDelivery(stack: PipelineStack): Promise<void> {
  await stack.delivery();
}
