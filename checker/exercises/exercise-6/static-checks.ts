// The checks that judge the learner's files with the field's own tools, before anything runs:
// promtool check config, amtool check-config, the alerts the exercise names, and the learner's
// own rule tests.
import { access, readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { needs, oncePerStack } from '../../src/exercise.js';
import { CLAUSES, joinSaid, say, verbatim } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import { amtool, promtool, type PromtoolResult } from '../../src/probes/promtool.js';
import { fail, tail } from '../../src/verdict.js';
import { ALERTMANAGER_FILE, ALERTS, alertingRules, MOUNTED_AT, PROMETHEUS_DIR, TESTS_DIR, type AlertingRule, type AlertName } from './monitoring-files.js';
import type { MonitoringStack } from './stack.js';

const TOOL_OUTPUT = (tool: string): Text => say(`${tool}'s output`, `${tool} 的输出`);

/** A tool's "no" as a verdict: its exit code, and its own lines as the log. */
function toolRefused(expected: Text, tool: string, result: PromtoolResult): never {
  if (result.timedOut) throw new Error(`${tool} did not finish in time`);
  const firstProblem = result.output.split('\n').find((l) => /FAILED|error|err=|invalid|not/i.test(l))?.trim();
  fail(
    expected,
    firstProblem ? verbatim(firstProblem) : say(`${tool} exited with ${result.exitCode}`, `${tool} 以 ${result.exitCode} 退出`),
    { title: TOOL_OUTPUT(tool), lines: tail(result.output) },
  );
}

async function mustExist(dir: string, file: string): Promise<void> {
  await access(join(dir, file)).catch(() =>
    fail(say(`${file} in the exercise folder`, `练习目录里有 ${file}`), say('there is no such file', '没有这个文件')),
  );
}

export const configValid = oncePerStack(async (stack: MonitoringStack): Promise<void> => {
  await mustExist(stack.ctx.dir, `${PROMETHEUS_DIR}/prometheus.yml`);
  // Mounted where compose.monitoring.yaml mounts it, so absolute paths resolve as they would there.
  const result = await promtool(stack.ctx.runId, ['check', 'config', 'prometheus.yml'], { dir: join(stack.ctx.dir, PROMETHEUS_DIR), mountAt: MOUNTED_AT });
  if (result.exitCode !== 0) toolRefused(say('promtool check config to accept prometheus.yml and its rule files', 'promtool check config 认可 prometheus.yml 及其规则文件'), 'promtool', result);
});

export const alertmanagerValid = oncePerStack(async (stack: MonitoringStack): Promise<void> => {
  await mustExist(stack.ctx.dir, ALERTMANAGER_FILE);
  const result = await amtool(stack.ctx.runId, ['check-config', 'alertmanager.yml'], { dir: join(stack.ctx.dir, dirname(ALERTMANAGER_FILE)), mountAt: '/etc/alertmanager' });
  if (result.exitCode !== 0) toolRefused(say('amtool check-config to accept alertmanager.yml', 'amtool check-config 认可 alertmanager.yml'), 'amtool', result);
});

/** The three alerts, each found once in the rule files prometheus.yml loads; what the other checks test. */
export const alertsDefined = oncePerStack(async (stack: MonitoringStack): Promise<Map<AlertName, AlertingRule>> => {
  await needs('config-valid', () => configValid(stack));
  const { ruleFiles } = await stack.folder();
  const rules = alertingRules(ruleFiles);
  const found = new Map<AlertName, AlertingRule>();
  for (const name of ALERTS) {
    const rule = rules.find((r) => r.alert === name);
    if (rule) found.set(name, rule);
  }
  const missing = ALERTS.filter((n) => !found.has(n));
  if (missing.length) {
    const others = rules.map((r) => r.alert).filter((n) => !(ALERTS as readonly string[]).includes(n));
    fail(
      say('alerting rules named HighErrorRatio, HighLatencyP95 and InstanceDown in the rule files prometheus.yml loads', 'prometheus.yml 加载的规则文件里有名为 HighErrorRatio、HighLatencyP95 和 InstanceDown 的告警规则'),
      joinSaid(
        [
          say(`no ${missing.join(', ')}`, `没有 ${missing.join('、')}`),
          ruleFiles.length === 0
            ? say('rule_files loads no file', 'rule_files 没有加载任何文件')
            : others.length
              ? say(`alerts found: ${others.join(', ')}`, `找到的告警：${others.join('、')}`)
              : say(`rule files loaded: ${ruleFiles.map((f) => f.path).join(', ')}`, `加载的规则文件：${ruleFiles.map((f) => f.path).join('、')}`),
        ],
        CLAUSES,
      ),
    );
  }
  const unlabelled = [...found.values()].filter((r) => !r.labels.severity);
  if (unlabelled.length) {
    fail(
      say('each alert labelled with a severity, which Alertmanager routes by', '每条告警都带 severity 标签，Alertmanager 靠它来路由'),
      say(`no severity label on ${unlabelled.map((r) => r.alert).join(', ')}`, `${unlabelled.map((r) => r.alert).join('、')} 没有 severity 标签`),
    );
  }
  return found;
});

/** The alert names an alert_rule_test of this file expects to fire (a non-empty exp_alerts). */
export function alertsExpectedToFire(text: string): string[] {
  const doc: unknown = parse(text);
  const tests = typeof doc === 'object' && doc !== null && Array.isArray((doc as { tests?: unknown }).tests) ? (doc as { tests: unknown[] }).tests : [];
  const names = new Set<string>();
  for (const test of tests) {
    const alertTests = (test as { alert_rule_test?: unknown } | null)?.alert_rule_test;
    for (const t of Array.isArray(alertTests) ? alertTests : []) {
      const { alertname, exp_alerts: expected } = (t ?? {}) as { alertname?: unknown; exp_alerts?: unknown };
      if (typeof alertname === 'string' && Array.isArray(expected) && expected.length > 0) names.add(alertname);
    }
  }
  return [...names];
}

export async function learnerTests(stack: MonitoringStack): Promise<void> {
  await needs('alerts-defined', () => alertsDefined(stack));
  const dir = join(stack.ctx.dir, PROMETHEUS_DIR);
  const files = (await readdir(join(dir, TESTS_DIR)).catch(() => [] as string[])).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => `${TESTS_DIR}/${f}`);
  if (files.length === 0) {
    fail(
      say(`your promtool rule tests in ${PROMETHEUS_DIR}/${TESTS_DIR}/*.yml`, `你的 promtool 规则测试放在 ${PROMETHEUS_DIR}/${TESTS_DIR}/*.yml`),
      say('no test file there', '那里没有测试文件'),
    );
  }
  const result = await promtool(stack.ctx.runId, ['test', 'rules', ...files], { dir, mountAt: MOUNTED_AT });
  if (result.exitCode !== 0) toolRefused(say('promtool test rules to pass your tests', 'promtool test rules 跑通你的测试'), 'promtool', result);
  const covered = new Set<string>();
  for (const file of files) for (const name of alertsExpectedToFire(await readFile(join(dir, file), 'utf8'))) covered.add(name);
  const uncovered = ALERTS.filter((n) => !covered.has(n));
  if (uncovered.length) {
    fail(
      say('a test that expects each of the three alerts to fire', '三条告警各有一个测试期望它触发'),
      say(
        `no alert_rule_test with a non-empty exp_alerts for ${uncovered.join(', ')} (${files.length} test files passed)`,
        `没有哪个 alert_rule_test 为 ${uncovered.join('、')} 写了非空的 exp_alerts（${files.length} 个测试文件都通过了）`,
      ),
    );
  }
}
