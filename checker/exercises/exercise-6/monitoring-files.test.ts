import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alertingRules, appJob, appTargetElsewhere, readPrometheusFolder, relativePattern } from './monitoring-files.js';
import { alertsExpectedToFire } from './static-checks.js';

describe("the learner's monitoring folder", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('resolves rule_files relative to prometheus.yml or under /etc/prometheus, never outside', () => {
    expect(relativePattern('rules/*.yml')).toBe('rules/*.yml');
    expect(relativePattern('/etc/prometheus/alerting/*.yaml')).toBe('alerting/*.yaml');
    expect(relativePattern('./rules/../rules/a.yml')).toBe('rules/a.yml');
    expect(relativePattern('/etc/alerts.yml')).toBeUndefined();
    expect(relativePattern('../secrets.yml')).toBeUndefined();
  });

  it('reads the rule files a glob names, once each, and the alerting rules in them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shipshape-monitoring-'));
    dirs.push(dir);
    const prom = join(dir, 'monitoring/prometheus');
    await mkdir(join(prom, 'rules'), { recursive: true });
    await writeFile(join(prom, 'prometheus.yml'), 'rule_files: [rules/*.yml, /etc/prometheus/rules/b.yml]\nscrape_configs:\n  - job_name: api\n    static_configs: [{ targets: ["app:9464"] }]\n');
    await writeFile(join(prom, 'rules/a.yml'), 'groups:\n  - name: g\n    rules:\n      - record: r\n        expr: up\n      - alert: InstanceDown\n        expr: up == 0\n        for: 1m\n        labels: { severity: page }\n');
    await writeFile(join(prom, 'rules/b.yml'), 'groups: []\n');
    await writeFile(join(prom, 'rules/c.txt'), 'not a rule file');
    const folder = await readPrometheusFolder(dir);
    expect(folder.ruleFiles.map((f) => f.path)).toEqual(['rules/a.yml', 'rules/b.yml']);
    expect(alertingRules(folder.ruleFiles)).toEqual([{ alert: 'InstanceDown', expr: 'up == 0', for: '1m', labels: { severity: 'page' }, file: 'rules/a.yml' }]);
    expect(appJob(folder.config)).toBe('api');
    expect(appJob({ scrape_configs: [{ job_name: 'x', static_configs: [{ targets: ['localhost:3000'] }] }] })).toBeUndefined();
    const apiPort = { scrape_configs: [{ job_name: 'x', static_configs: [{ targets: ['app:3000'] }] }] };
    expect(appJob(apiPort)).toBeUndefined();
    expect(appTargetElsewhere(apiPort)).toBe('app:3000');
    expect(appTargetElsewhere(folder.config)).toBeUndefined();
  });

  it("counts an alert as covered by the learner's tests only where a test expects it to fire", () => {
    const tests = `tests:
  - alert_rule_test:
      - { alertname: HighErrorRatio, eval_time: 10m, exp_alerts: [{ exp_labels: { severity: page } }] }
      - { alertname: InstanceDown, eval_time: 1m, exp_alerts: [] }
`;
    expect(alertsExpectedToFire(tests)).toEqual(['HighErrorRatio']);
    expect(alertsExpectedToFire('tests: []')).toEqual([]);
  });
});
