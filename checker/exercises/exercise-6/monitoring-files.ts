// The learner's monitoring/ folder as the checks need it: prometheus.yml, the rule files it
// loads, the alerting rules in them, and the scrape job that targets the app. Reading only: what
// is wrong with a file is promtool's and amtool's to say (static-checks.ts).
import { glob, readFile } from 'node:fs/promises';
import { isAbsolute, join, normalize, posix } from 'node:path';
import { parse } from 'yaml';
import { say } from '../../src/locale.js';
import { METRICS_PORT } from '../../src/service-ports.js';
import { fail } from '../../src/verdict.js';

export const PROMETHEUS_DIR = 'monitoring/prometheus';
export const ALERTMANAGER_FILE = 'monitoring/alertmanager/alertmanager.yml';
export const DASHBOARDS_DIR = 'monitoring/grafana/dashboards';
export const TESTS_DIR = 'tests';
/** Where compose.monitoring.yaml mounts the prometheus folder, and so where absolute paths in it point. */
export const MOUNTED_AT = '/etc/prometheus';
/** The app as the stack's network knows it: its compose service name. */
export const APP_HOST = 'app';
/**
 * The app's metrics as the stack's network knows them: the service name and the metrics port
 * exercise 5 gave the service, not the API's 3000, which serves no /metrics.
 */
export const APP_TARGET = `${APP_HOST}:${METRICS_PORT}`;
export const ALERTS = ['HighErrorRatio', 'HighLatencyP95', 'InstanceDown'] as const;
export type AlertName = (typeof ALERTS)[number];

export interface RuleFile {
  /** Relative to the prometheus folder, e.g. rules/alerts.yml */
  path: string;
  text: string;
}

export interface AlertingRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  file: string;
}

export interface PrometheusFolder {
  /** Absolute path of monitoring/prometheus. */
  dir: string;
  /** prometheus.yml, parsed; promtool has already accepted it when a check reads this. */
  config: Record<string, unknown>;
  configText: string;
  ruleFiles: RuleFile[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A rule_files entry as a pattern relative to the prometheus folder; undefined when it points outside. */
export function relativePattern(entry: string): string | undefined {
  const path = isAbsolute(entry) ? (entry.startsWith(`${MOUNTED_AT}/`) ? entry.slice(MOUNTED_AT.length + 1) : undefined) : entry;
  if (path === undefined) return undefined;
  const clean = posix.normalize(path);
  return clean.startsWith('../') || clean === '..' ? undefined : clean;
}

export async function readPrometheusFolder(exerciseDir: string): Promise<PrometheusFolder> {
  const dir = join(exerciseDir, PROMETHEUS_DIR);
  const configText = await readFile(join(dir, 'prometheus.yml'), 'utf8').catch(() =>
    fail(
      say(`${PROMETHEUS_DIR}/prometheus.yml in the exercise folder`, `练习目录里有 ${PROMETHEUS_DIR}/prometheus.yml`),
      say('there is no such file', '没有这个文件'),
    ),
  );
  const parsed: unknown = parse(configText);
  const config = isRecord(parsed) ? parsed : {};
  const ruleFiles: RuleFile[] = [];
  for (const entry of asArray(config.rule_files)) {
    if (typeof entry !== 'string') continue;
    const pattern = relativePattern(entry);
    if (pattern === undefined) {
      fail(
        say(`rule files inside ${PROMETHEUS_DIR}, the folder Prometheus gets`, `规则文件放在 ${PROMETHEUS_DIR} 里，也就是 Prometheus 能拿到的那个目录`),
        say(`rule_files names ${entry}, outside it`, `rule_files 里写的是 ${entry}，在这个目录之外`),
      );
    }
    for await (const path of glob(pattern, { cwd: dir })) {
      const posixPath = normalize(path).split('\\').join('/');
      if (ruleFiles.some((f) => f.path === posixPath)) continue;
      ruleFiles.push({ path: posixPath, text: await readFile(join(dir, path), 'utf8') });
    }
  }
  ruleFiles.sort((a, b) => a.path.localeCompare(b.path));
  return { dir, config, configText, ruleFiles };
}

/** Every alerting rule in the rule files, in file order. */
export function alertingRules(ruleFiles: RuleFile[]): AlertingRule[] {
  const rules: AlertingRule[] = [];
  for (const file of ruleFiles) {
    const doc: unknown = parse(file.text);
    for (const group of asArray(isRecord(doc) ? doc.groups : undefined)) {
      for (const rule of asArray(isRecord(group) ? group.rules : undefined)) {
        if (!isRecord(rule) || typeof rule.alert !== 'string') continue;
        const labels = isRecord(rule.labels) ? Object.fromEntries(Object.entries(rule.labels).map(([k, v]) => [k, String(v)])) : {};
        rules.push({
          alert: rule.alert,
          expr: String(rule.expr ?? ''),
          ...(rule.for !== undefined ? { for: String(rule.for) } : {}),
          labels,
          file: file.path,
        });
      }
    }
  }
  return rules;
}

function staticTargets(job: unknown): unknown[] {
  return isRecord(job) ? asArray(job.static_configs).flatMap((c) => (isRecord(c) ? asArray(c.targets) : [])) : [];
}

/** The scrape job whose static targets include the app, e.g. "app"; undefined when none does. */
export function appJob(config: Record<string, unknown>): string | undefined {
  for (const job of asArray(config.scrape_configs)) {
    if (isRecord(job) && typeof job.job_name === 'string' && staticTargets(job).includes(APP_TARGET)) return job.job_name;
  }
  return undefined;
}

/** A target on the app's host at another port, e.g. the API's app:3000: the likely slip when appJob finds none. */
export function appTargetElsewhere(config: Record<string, unknown>): string | undefined {
  return asArray(config.scrape_configs)
    .flatMap(staticTargets)
    .find((t): t is string => typeof t === 'string' && t.startsWith(`${APP_HOST}:`) && t !== APP_TARGET);
}
