// The learner's Grafana dashboards as the checker reads them: every panel's PromQL, with
// Grafana's own variables put in, so that the live Prometheus can run it as Grafana would.
// Grafana itself has no image the course can build offline (see the exercise's docs).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { say } from '../../src/locale.js';
import { fail } from '../../src/verdict.js';
import { DASHBOARDS_DIR } from './monitoring-files.js';

export interface PanelQuery {
  /** The file, e.g. schedule-api.json */
  dashboard: string;
  panel: string;
  /** As written in the dashboard, e.g. rate(http_requests_total[$__rate_interval]) */
  expr: string;
  /** What Prometheus is asked, variables substituted. */
  query: string;
}

/** Grafana's built-in variables, as a short dashboard range on a one-second scrape would set them. */
const BUILT_IN: Record<string, string> = {
  __rate_interval: '1m',
  __interval: '1m',
  __interval_ms: '60000',
  __range: '1h',
  __range_s: '3600',
  __range_ms: '3600000',
};

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A dashboard variable's current value: `.*` for "All" or none, alternatives joined for a multi-value. */
function currentValue(variable: Json): string {
  const current = isRecord(variable.current) ? variable.current.value : undefined;
  const values = (Array.isArray(current) ? current : [current]).filter((v): v is string => typeof v === 'string' && v !== '$__all');
  return values.length ? values.join('|') : '.*';
}

/** `$name`, `${name}`, `${name:format}` and `[[name]]` replaced by their values; unknown ones left as written. */
export function substitute(expr: string, variables: Record<string, string>): string {
  return expr.replace(/\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]|\$(\w+)/g, (whole, a?: string, b?: string, c?: string) => variables[(a ?? b ?? c)!] ?? whole);
}

/** Every panel, those inside rows too, collapsed or not. */
function panelsOf(dashboard: Json): Json[] {
  return list(dashboard.panels).flatMap((p) => (isRecord(p) ? [p, ...list(p.panels).filter(isRecord)] : []));
}

const titleOf = (panel: Json): string => (typeof panel.title === 'string' && panel.title ? panel.title : `panel ${String(panel.id ?? '?')}`);

/** Every PromQL target of every panel (inside rows too, collapsed or not), hidden targets left out. */
export function panelQueries(file: string, dashboard: unknown): PanelQuery[] {
  if (!isRecord(dashboard)) return [];
  const variables: Record<string, string> = { ...BUILT_IN };
  for (const v of list(isRecord(dashboard.templating) ? dashboard.templating.list : undefined)) {
    if (isRecord(v) && typeof v.name === 'string') variables[v.name] = currentValue(v);
  }
  const queries: PanelQuery[] = [];
  for (const panel of panelsOf(dashboard)) {
    for (const target of list(panel.targets)) {
      if (!isRecord(target) || target.hide === true || typeof target.expr !== 'string' || !target.expr.trim()) continue;
      queries.push({ dashboard: file, panel: titleOf(panel), expr: target.expr, query: substitute(target.expr, variables) });
    }
  }
  return queries;
}

export interface UnsetPanel {
  dashboard: string;
  panel: string;
  lacks: ('datasource' | 'unit')[];
}

const named = (ds: unknown): boolean => (typeof ds === 'string' && ds.trim() !== '') || (isRecord(ds) && [ds.uid, ds.type].some((v) => typeof v === 'string' && v !== ''));

/**
 * Panels with a query that leave their datasource or unit to chance: Grafana would fall back to
 * whichever datasource is the default that day, and print seconds and ratios as bare numbers.
 * A datasource on the panel, or on each of its targets, counts; a variable such as ${ds} too.
 */
export function unsetPanels(file: string, dashboard: unknown): UnsetPanel[] {
  if (!isRecord(dashboard)) return [];
  const unset: UnsetPanel[] = [];
  for (const panel of panelsOf(dashboard)) {
    const targets = list(panel.targets).filter((t): t is Json => isRecord(t) && typeof t.expr === 'string' && t.expr.trim() !== '');
    if (targets.length === 0) continue;
    const lacks: UnsetPanel['lacks'] = [];
    if (!named(panel.datasource) && !targets.every((t) => named(t.datasource))) lacks.push('datasource');
    const defaults = isRecord(panel.fieldConfig) && isRecord(panel.fieldConfig.defaults) ? panel.fieldConfig.defaults : {};
    if (typeof defaults.unit !== 'string' || defaults.unit.trim() === '') lacks.push('unit');
    if (lacks.length) unset.push({ dashboard: file, panel: titleOf(panel), lacks });
  }
  return unset;
}

export async function readDashboards(exerciseDir: string): Promise<{ queries: PanelQuery[]; unset: UnsetPanel[] }> {
  const dir = join(exerciseDir, DASHBOARDS_DIR);
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort();
  if (files.length === 0) {
    fail(say(`a dashboard in ${DASHBOARDS_DIR}/*.json`, `${DASHBOARDS_DIR}/*.json 里有一个仪表盘`), say('no JSON file there', '那里没有 JSON 文件'));
  }
  const queries: PanelQuery[] = [];
  const unset: UnsetPanel[] = [];
  for (const file of files) {
    let dashboard: unknown;
    try {
      dashboard = JSON.parse(await readFile(join(dir, file), 'utf8'));
    } catch (err) {
      fail(say(`${file} to be a Grafana dashboard in JSON`, `${file} 是 JSON 格式的 Grafana 仪表盘`), say(`it is not valid JSON: ${(err as Error).message}`, `它不是合法的 JSON：${(err as Error).message}`));
    }
    queries.push(...panelQueries(file, dashboard));
    unset.push(...unsetPanels(file, dashboard));
  }
  return { queries, unset };
}
