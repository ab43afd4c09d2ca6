// The learner's workflow as the checks read it: its jobs, services and steps, each with the line
// it starts on, so that every verdict can point at the place to change. actionlint judges whether
// GitHub would accept the file; this model is only what the course's own rules need.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { say } from '../../src/locale.js';
import { fail } from '../../src/verdict.js';

/** Where GitHub runs it from, relative to the exercise folder. */
export const WORKFLOW_PATH = '.github/workflows/ci.yml';

/** `permissions:` as written: a shorthand, a map of scope to access, or absent. */
export type Permissions = 'read-all' | 'write-all' | Readonly<Record<string, string>> | undefined;

export interface Step {
  /** 1-based position in its job, for messages ("step 3"). */
  readonly number: number;
  readonly line: number;
  readonly id: string | undefined;
  readonly name: string | undefined;
  readonly uses: string | undefined;
  readonly run: string | undefined;
  readonly with: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string>>;
  readonly if: string | undefined;
  /** true, or an expression that may make it true. */
  readonly continueOnError: boolean | string;
  readonly workingDirectory: string | undefined;
  readonly shell: string | undefined;
}

export interface ServiceSpec {
  readonly id: string;
  readonly line: number;
  readonly image: string;
  readonly env: Readonly<Record<string, string>>;
  readonly ports: readonly string[];
  readonly options: string | undefined;
}

export interface Job {
  readonly id: string;
  readonly line: number;
  readonly needs: readonly string[];
  readonly if: string | undefined;
  readonly permissions: Permissions;
  readonly permissionsLine: number | undefined;
  readonly env: Readonly<Record<string, string>>;
  readonly services: readonly ServiceSpec[];
  readonly steps: readonly Step[];
  readonly workingDirectory: string | undefined;
  readonly concurrency: unknown;
  readonly matrix: unknown;
}

export interface Workflow {
  readonly text: string;
  readonly name: string | undefined;
  readonly on: unknown;
  readonly onLine: number | undefined;
  readonly permissions: Permissions;
  readonly permissionsLine: number | undefined;
  readonly env: Readonly<Record<string, string>>;
  readonly concurrency: unknown;
  readonly concurrencyLine: number | undefined;
  readonly jobs: readonly Job[];
}

/** Reads the workflow of the exercise folder, or fails with what stops it being read. */
export async function loadWorkflow(dir: string): Promise<Workflow> {
  let text: string;
  try {
    text = await readFile(join(dir, WORKFLOW_PATH), 'utf8');
  } catch {
    fail(
      say(`a workflow at ${WORKFLOW_PATH} in the exercise folder`, `练习目录里有工作流文件 ${WORKFLOW_PATH}`),
      say(`there is no ${WORKFLOW_PATH}`, `没有 ${WORKFLOW_PATH}`),
    );
  }
  return parseWorkflow(text);
}

export function parseWorkflow(text: string): Workflow {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const where = `line ${first.linePos?.[0].line ?? '?'}: ${first.message.split('\n')[0]}`;
    fail(say(`${WORKFLOW_PATH} to be valid YAML`, `${WORKFLOW_PATH} 是合法的 YAML`), say(where, `第 ${first.linePos?.[0].line ?? '?'} 行：${first.message.split('\n')[0]}`));
  }
  const root = doc.toJS() as unknown;
  if (!isRecord(root)) {
    fail(say(`${WORKFLOW_PATH} to be a YAML mapping with jobs:`, `${WORKFLOW_PATH} 是一个带 jobs: 的 YAML 映射`), say('it is not a mapping', '它不是映射'));
  }
  const at = lineFinder(doc, lines);
  const jobsValue = isRecord(root.jobs) ? root.jobs : {};
  const jobs = Object.entries(jobsValue).map(([id, raw]) => readJob(id, isRecord(raw) ? raw : {}, at));
  return {
    text,
    name: typeof root.name === 'string' ? root.name : undefined,
    on: root.on ?? (root as Record<string, unknown>)['true'],
    onLine: at(['on']),
    permissions: readPermissions(root.permissions),
    permissionsLine: at(['permissions']),
    env: stringMap(root.env),
    concurrency: root.concurrency,
    concurrencyLine: at(['concurrency']),
    jobs,
  };
}

type LineAt = (path: readonly (string | number)[]) => number | undefined;

function readJob(id: string, raw: Record<string, unknown>, at: LineAt): Job {
  const path = ['jobs', id];
  const services = isRecord(raw.services) ? raw.services : {};
  const steps = Array.isArray(raw.steps) ? raw.steps : [];
  const strategy = isRecord(raw.strategy) ? raw.strategy : {};
  const defaults = isRecord(raw.defaults) && isRecord(raw.defaults.run) ? raw.defaults.run : {};
  return {
    id,
    line: at(path) ?? 1,
    needs: typeof raw.needs === 'string' ? [raw.needs] : Array.isArray(raw.needs) ? raw.needs.map(String) : [],
    if: scalarText(raw.if),
    permissions: readPermissions(raw.permissions),
    permissionsLine: at([...path, 'permissions']),
    env: stringMap(raw.env),
    services: Object.entries(services).map(([serviceId, spec]) => {
      const s = isRecord(spec) ? spec : {};
      return {
        id: serviceId,
        line: at([...path, 'services', serviceId]) ?? 1,
        image: scalarText(s.image) ?? '',
        env: stringMap(s.env),
        ports: Array.isArray(s.ports) ? s.ports.map(String) : [],
        options: scalarText(s.options),
      };
    }),
    steps: steps.map((step, index) => {
      const s = isRecord(step) ? step : {};
      return {
        number: index + 1,
        line: at([...path, 'steps', index]) ?? 1,
        id: scalarText(s.id),
        name: scalarText(s.name),
        uses: scalarText(s.uses),
        run: scalarText(s.run),
        with: stringMap(s.with),
        env: stringMap(s.env),
        if: scalarText(s.if),
        continueOnError: typeof s['continue-on-error'] === 'boolean' ? s['continue-on-error'] : (scalarText(s['continue-on-error']) ?? false),
        workingDirectory: scalarText(s['working-directory']),
        shell: scalarText(s.shell),
      };
    }),
    workingDirectory: scalarText(defaults['working-directory']),
    concurrency: raw.concurrency,
    matrix: strategy.matrix,
  };
}

/** The line a key starts on (1-based), or undefined where the path does not exist. */
function lineFinder(doc: Document, lines: LineCounter): LineAt {
  return (path) => {
    const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
    const last = path[path.length - 1];
    let node: Node | undefined;
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === String(last));
      node = (pair?.key as Node | undefined) ?? undefined;
    } else if (isSeq(parent) && typeof last === 'number') {
      node = parent.items[last] as Node | undefined;
    }
    const offset = node?.range?.[0];
    return offset === undefined ? undefined : lines.linePos(offset).line;
  };
}

function readPermissions(value: unknown): Permissions {
  if (value === 'read-all' || value === 'write-all') return value;
  if (isRecord(value)) return stringMap(value);
  // `permissions: {}` parses as a record; anything else is actionlint's to report.
  return undefined;
}

function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, scalarText(v) ?? JSON.stringify(v)]));
}

function scalarText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How a step is named in messages: "step 4 (`npm test`, line 61)". */
export function describeStep(step: Step): string {
  const what = step.name ?? (step.uses ? `uses ${step.uses}` : `\`${(step.run ?? '').trim().split('\n')[0]}\``);
  return `step ${step.number} (${what}, line ${step.line})`;
}
