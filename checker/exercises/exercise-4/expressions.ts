// The workflow's `${{ }}` expressions, evaluated by GitHub's own evaluator (@actions/expressions)
// for the events the checks imagine: a push to main and a pull request.
import { data, Evaluator, Lexer, Parser } from '@actions/expressions';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';
import type { Job, Step, Workflow } from './workflow.js';

export type EventName = 'push' | 'pull_request';

/** The commit every imagined run is for: what `github.sha` evaluates to. */
export const COMMIT_SHA = 'c0ffee5a1d2b3c4d5e6f708192a3b4c5d6e7f809';

/** The contexts of a run on a hosted runner, as far as the checks need them. */
export interface RunContexts {
  github: Record<string, unknown>;
  env: Record<string, string>;
  secrets: Record<string, string>;
  vars: Record<string, string>;
  job: Record<string, unknown>;
  runner: Record<string, string>;
  matrix: Record<string, unknown>;
  steps: Record<string, unknown>;
  needs: Record<string, unknown>;
  inputs: Record<string, unknown>;
  strategy: Record<string, unknown>;
}

export function runContexts(event: EventName, extra: Partial<RunContexts> = {}): RunContexts {
  const push = event === 'push';
  return {
    github: {
      event_name: event,
      ref: push ? 'refs/heads/main' : 'refs/pull/7/merge',
      ref_name: push ? 'main' : '7/merge',
      ref_type: 'branch',
      head_ref: push ? '' : 'feature/new-report',
      base_ref: push ? '' : 'main',
      sha: COMMIT_SHA,
      repository: 'learner/hr-api',
      repository_owner: 'learner',
      actor: 'learner',
      workflow: 'CI',
      run_id: '4242',
      run_number: '42',
      run_attempt: '1',
      server_url: 'https://github.com',
      api_url: 'https://api.github.com',
      workspace: '/workspace',
      token: '***',
      event: push ? { ref: 'refs/heads/main', after: COMMIT_SHA } : { number: 7, pull_request: { number: 7, head: { sha: COMMIT_SHA, ref: 'feature/new-report' }, base: { ref: 'main' } } },
    },
    env: {},
    secrets: { GITHUB_TOKEN: '***' },
    vars: {},
    job: { status: 'success' },
    runner: { os: 'Linux', arch: 'X64', name: 'shipshape', temp: '/tmp', tool_cache: '/opt/hostedtoolcache' },
    matrix: {},
    steps: {},
    needs: {},
    inputs: {},
    strategy: {},
    ...extra,
  };
}

// The status functions exist only inside a run: every step before this one succeeded.
const statusFunctions: FunctionDefinition[] = [
  { name: 'success', minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(true) },
  { name: 'always', minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(true) },
  { name: 'failure', minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(false) },
  { name: 'cancelled', minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(false) },
  { name: 'hashFiles', minArgs: 1, maxArgs: 255, call: () => new data.StringData('0'.repeat(64)) },
];

/** One expression (without `${{ }}`), evaluated; throws with GitHub's message when it cannot be. */
export function evaluate(expression: string, contexts: RunContexts): data.ExpressionData {
  const lexed = new Lexer(expression).lex();
  const names = Object.keys(contexts);
  const parsed = new Parser(lexed.tokens, names, statusFunctions).parse();
  const context = new data.Dictionary(
    ...names.map((key) => ({ key, value: JSON.parse(JSON.stringify(contexts[key as keyof RunContexts]), data.reviver) as data.ExpressionData })),
  );
  return new Evaluator(parsed, context, new Map(statusFunctions.map((f) => [f.name.toLowerCase(), f]))).evaluate();
}

const TEMPLATE = /\$\{\{([\s\S]*?)\}\}/g;

/** A value as the runner sees it: every `${{ }}` in it replaced by its evaluated text. */
export function interpolate(value: string, contexts: RunContexts): string {
  return value.replace(TEMPLATE, (_whole, expression: string) => evaluate(expression.trim(), contexts).coerceString());
}

/**
 * An `if:` as Actions decides it: written with or without `${{ }}`, and absent meaning
 * success(). A whole-value `${{ }}` evaluates to its own truthiness.
 */
export function conditionHolds(condition: string | undefined, contexts: RunContexts): boolean {
  if (condition === undefined || condition.trim() === '') return true;
  const trimmed = condition.trim();
  const whole = /^\$\{\{([\s\S]*)\}\}$/.exec(trimmed);
  const expression = whole ? whole[1]!.trim() : trimmed;
  if (!whole && TEMPLATE.test(trimmed)) {
    TEMPLATE.lastIndex = 0;
    // Text around an expression makes a non-empty string: always true, as on GitHub.
    return interpolate(trimmed, contexts) !== '';
  }
  return truthy(evaluate(expression, contexts));
}

/** A `with:` input or `push:` value read as a boolean, as actions read their inputs. */
export function inputIsTrue(value: string | undefined, contexts: RunContexts): boolean {
  if (value === undefined) return false;
  return interpolate(value, contexts).trim().toLowerCase() === 'true';
}

function truthy(value: data.ExpressionData): boolean {
  switch (value.kind) {
    case data.Kind.Boolean:
      return (value as data.BooleanData).value;
    case data.Kind.Null:
      return false;
    case data.Kind.Number:
      return value.number() !== 0 && !Number.isNaN(value.number());
    case data.Kind.String:
      return value.coerceString() !== '';
    default:
      return true;
  }
}

/** The env a step sees, each layer evaluated in turn: the workflow's, the job's, the step's. */
export function stepEnv(workflow: Workflow, job: Job, step: Step | undefined, base: RunContexts): RunContexts {
  let contexts = base;
  for (const layer of [workflow.env, job.env, step?.env ?? {}]) {
    const evaluated: Record<string, string> = {};
    for (const [key, value] of Object.entries(layer)) evaluated[key] = interpolate(value, contexts);
    contexts = { ...contexts, env: { ...contexts.env, ...evaluated } };
  }
  return contexts;
}
