import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { leftovers } from '../docker/cleanup.js';
import { newRunId } from '../docker/labels.js';
import { amtool, promtool } from './promtool.js';

describe('promtool from the course image', () => {
  const runId = newRunId();
  const dirs: string[] = [];
  afterAll(async () => {
    expect(await leftovers(runId)).toEqual([]);
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('lints a metrics page read from standard input, both ways', async () => {
    const good = '# HELP jobs_done_total Jobs done.\n# TYPE jobs_done_total counter\njobs_done_total 3\n';
    expect(await promtool(runId, ['check', 'metrics'], { input: good })).toMatchObject({ exitCode: 0, timedOut: false });
    // A counter without the _total suffix: a lint problem (exit 3), named by metric.
    const bad = '# HELP jobs_done Jobs done.\n# TYPE jobs_done counter\njobs_done 3\n';
    const linted = await promtool(runId, ['check', 'metrics'], { input: bad });
    expect(linted.exitCode).toBe(3);
    expect(linted.output).toMatch(/jobs_done.*_total/);
  }, 60_000);

  it('checks a configuration in a mounted folder, and names the broken one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shipshape-promtool-'));
    dirs.push(dir);
    await writeFile(join(dir, 'good.yml'), 'scrape_configs:\n  - job_name: app\n    static_configs: [{ targets: ["app:3000"] }]\n');
    await writeFile(join(dir, 'bad.yml'), 'scrape_configs:\n  - job_name: app\n    scrape_interval: soon\n');
    expect(await promtool(runId, ['check', 'config', 'good.yml'], { dir })).toMatchObject({ exitCode: 0 });
    const bad = await promtool(runId, ['check', 'config', 'bad.yml'], { dir });
    expect(bad.exitCode).toBe(1);
    expect(bad.output).toMatch(/soon/);
  }, 60_000);

  it('runs rule unit tests, which need a writable /tmp, and reports a failed expectation', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shipshape-promtool-'));
    dirs.push(dir);
    await writeFile(join(dir, 'rules.yml'), 'groups:\n  - name: g\n    rules:\n      - alert: Down\n        expr: up == 0\n');
    const test = (fires: boolean): string =>
      `rule_files: [rules.yml]\ntests:\n  - interval: 1m\n    input_series: [{ series: 'up{job="a"}', values: '0x5' }]\n    alert_rule_test:\n      - { eval_time: 2m, alertname: Down, exp_alerts: ${fires ? '[{ exp_labels: { job: a } }]' : '[]'} }\n`;
    await writeFile(join(dir, 'good.test.yml'), test(true));
    await writeFile(join(dir, 'bad.test.yml'), test(false));
    expect(await promtool(runId, ['test', 'rules', 'good.test.yml'], { dir })).toMatchObject({ exitCode: 0 });
    const bad = await promtool(runId, ['test', 'rules', 'bad.test.yml'], { dir });
    expect(bad.exitCode).toBe(1);
    expect(bad.output).toMatch(/FAILED/);
  }, 60_000);

  it('runs amtool from the Alertmanager image, and names what it refuses', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shipshape-amtool-'));
    dirs.push(dir);
    await writeFile(join(dir, 'good.yml'), 'route: { receiver: pager }\nreceivers:\n  - name: pager\n    webhook_configs: [{ url: "http://pager:8080/alerts" }]\n');
    // A route to a receiver that was never declared.
    await writeFile(join(dir, 'bad.yml'), 'route: { receiver: nobody }\nreceivers:\n  - name: pager\n');
    expect(await amtool(runId, ['check-config', 'good.yml'], { dir, mountAt: '/etc/alertmanager' })).toMatchObject({ exitCode: 0 });
    const bad = await amtool(runId, ['check-config', 'bad.yml'], { dir });
    expect(bad.exitCode).toBe(1);
    expect(bad.output).toMatch(/nobody/);
  }, 60_000);
});
