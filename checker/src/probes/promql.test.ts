import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureTestcontainers } from '../docker/containers.js';
import { leftovers } from '../docker/cleanup.js';
import { newRunId } from '../docker/labels.js';
import { startPrometheus, type CoursePrometheus } from '../fixtures/prometheus.js';
import { RunScope } from '../fixtures/run-scope.js';
import { promQuery, promQueryUntil, promTargetsScraped, samplesOf, seriesName } from './promql.js';

configureTestcontainers();

describe('samplesOf and seriesName', () => {
  it('reads vectors and scalars, and names series as Prometheus prints them', () => {
    const vector = samplesOf({ resultType: 'vector', result: [{ metric: { __name__: 'up', job: 'app' }, value: [1, '1'] }] });
    expect(vector).toEqual([{ metric: { __name__: 'up', job: 'app' }, value: 1 }]);
    expect(samplesOf({ resultType: 'scalar', result: [1, '0.5'] })).toEqual([{ metric: {}, value: 0.5 }]);
    expect(samplesOf({ resultType: 'matrix', result: [] })).toBeUndefined();
    expect(seriesName({ __name__: 'up', job: 'app', instance: 'app:3000' })).toBe('up{job="app",instance="app:3000"}');
    expect(seriesName({})).toBe('{}');
  });
});

describe('promQuery against the course Prometheus', () => {
  const scope = new RunScope(newRunId());
  let prometheus: CoursePrometheus;
  beforeAll(async () => {
    const config = [
      'global: { scrape_interval: 1s }',
      'scrape_configs:',
      '  - job_name: self',
      '    static_configs: [{ targets: ["localhost:9090"] }]',
      // Two ways a learner's endpoint fails a scrape: nothing there, and a page that is not metrics.
      '  - job_name: nowhere',
      '    static_configs: [{ targets: ["localhost:9"] }]',
      '  - job_name: not-metrics',
      '    metrics_path: /-/ready',
      '    static_configs: [{ targets: ["localhost:9090"] }]',
      '',
    ].join('\n');
    prometheus = await startPrometheus(scope, { config });
  }, 120_000);
  afterAll(async () => {
    await scope.close();
    expect(await leftovers(scope.runId)).toEqual([]);
  }, 60_000);

  it('sees the scrape it was configured with', async () => {
    const up = await promQueryUntil(prometheus.url, 'up{job="self"}', (s) => s.length === 1 && s[0]!.value === 1);
    expect(up).toMatchObject({ ok: true, samples: [{ metric: { job: 'self', instance: 'localhost:9090' }, value: 1 }] });
    expect(up.transcript).toMatch(/^PromQL up\{job="self"\} -> up\{instance="localhost:9090",job="self"\} 1 after \d+ ms$/);
  }, 30_000);

  it('passes on the server\'s own refusal, and refuses a range vector', async () => {
    const broken = await promQuery(prometheus.url, 'rate(up[1m]');
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.error.en).toMatch(/^bad_data: .*parse error/);
    const range = await promQuery(prometheus.url, 'up[1m]');
    expect(range.ok).toBe(false);
    if (!range.ok) expect(range.error.en).toBe('the query returns a matrix, not an instant vector');
    expect(await promQuery(prometheus.url, 'no_such_metric')).toMatchObject({ ok: true, samples: [] });
  });

  it('reads scrape targets both ways, with Prometheus\' own reason for a failed scrape', async () => {
    const self = await promTargetsScraped(prometheus.url, 'self');
    expect(self).toMatchObject({ ok: true, targets: [{ job: 'self', instance: 'localhost:9090', health: 'up', lastError: '' }] });
    const nowhere = await promTargetsScraped(prometheus.url, 'nowhere');
    expect(nowhere).toMatchObject({ ok: true, targets: [{ health: 'down', lastError: expect.stringMatching(/refused/) }] });
    const page = await promTargetsScraped(prometheus.url, 'not-metrics');
    expect(page).toMatchObject({ ok: true, targets: [{ health: 'down', scrapeUrl: 'http://localhost:9090/-/ready' }] });
    if (page.ok) expect(page.targets[0]!.lastError).not.toBe('');
  }, 30_000);

  it('says so when nothing answers', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const nobody = await promQuery(`http://127.0.0.1:${port}`, 'up', { timeoutMs: 2000 });
    expect(nobody.ok).toBe(false);
    if (!nobody.ok) expect(nobody.error.en).toMatch(/nothing listens|refused/);
  });
});
