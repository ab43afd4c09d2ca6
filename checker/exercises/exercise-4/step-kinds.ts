// What a step does, read from its `run:` or `uses:`: the vocabulary every check of this exercise
// shares, so that "the test step" means the same thing to the static rules and to the runner.
import type { Job, Step, Workflow } from './workflow.js';

export type GateKind = 'lint' | 'typecheck' | 'test' | 'audit';

const GATES: Record<GateKind, RegExp> = {
  lint: /\bnpm run lint\b|\bnpx eslint\b|(^|\s)eslint\s/m,
  typecheck: /\bnpm run typecheck\b|\bnpm run type-check\b|\bnpx tsc\b|(^|\s)tsc(\s|$)/m,
  test: /\bnpm (run )?test\b|\bnpm t\b|\bnpx vitest\b|(^|\s)vitest(\s|$)/m,
  audit: /\bnpm audit\b(?!\s+signatures)/,
};

export const GATE_KINDS = Object.keys(GATES) as GateKind[];

export function isGate(step: Step, kind: GateKind): boolean {
  return step.run !== undefined && GATES[kind].test(step.run);
}

/** An action by its name without the ref: `docker/build-push-action`. */
export function actionName(step: Step): string | undefined {
  return step.uses?.split('@')[0]?.toLowerCase();
}

export function buildsImage(step: Step): boolean {
  return actionName(step) === 'docker/build-push-action' || /\bdocker (buildx )?build\b|\bdocker image build\b/.test(step.run ?? '');
}

/** Steps GitHub runs for the job here anyway: the folder copy is the checkout, the image the Node. */
export function isSatisfiedLocally(step: Step): boolean {
  const name = actionName(step);
  return name === 'actions/checkout' || name === 'actions/setup-node';
}

export interface Located {
  job: Job;
  step: Step;
}

export function stepsWhere(workflow: Workflow, predicate: (step: Step) => boolean): Located[] {
  return workflow.jobs.flatMap((job) => job.steps.filter(predicate).map((step) => ({ job, step })));
}

/** The job that runs the tests: the first with a test step, preferring one with services. */
export function testJob(workflow: Workflow): Job | undefined {
  const candidates = workflow.jobs.filter((job) => job.steps.some((step) => isGate(step, 'test')));
  return candidates.find((job) => job.services.length > 0) ?? candidates[0];
}

/** Every job `job` waits for, directly or through others. */
export function ancestors(workflow: Workflow, job: Job): Set<string> {
  const byId = new Map(workflow.jobs.map((j) => [j.id, j]));
  const seen = new Set<string>();
  const queue = [...job.needs];
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...(byId.get(id)?.needs ?? []));
  }
  return seen;
}
