import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CheckFailure } from '../../src/verdict.js';
import { panelQueries, readDashboards, substitute, unsetPanels } from './dashboards.js';

describe('dashboard queries', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("puts in Grafana's variables in each of their spellings, and leaves unknown ones", () => {
    const vars = { job: 'api', __rate_interval: '1m' };
    expect(substitute('rate(x{job="$job"}[$__rate_interval])', vars)).toBe('rate(x{job="api"}[1m])');
    expect(substitute('x{job="${job}",a="${job:regex}",b="[[job]]",c="$other"}', vars)).toBe('x{job="api",a="api",b="api",c="$other"}');
  });

  it('finds targets inside rows, names panels, skips hidden targets, and takes variables from templating', () => {
    const queries = panelQueries('d.json', {
      templating: { list: [{ name: 'job', current: { value: 'api' } }, { name: 'route', current: { value: ['$__all'] } }] },
      panels: [
        { type: 'row', title: 'Row', panels: [{ title: 'Traffic', targets: [{ expr: 'rate(x{job="$job",route=~"$route"}[$__rate_interval])' }, { expr: 'up', hide: true }] }] },
        { id: 7, targets: [{ expr: 'up' }, { expr: '  ' }] },
        { title: 'Text', type: 'text' },
      ],
    });
    expect(queries).toEqual([
      { dashboard: 'd.json', panel: 'Traffic', expr: 'rate(x{job="$job",route=~"$route"}[$__rate_interval])', query: 'rate(x{job="api",route=~".*"}[1m])' },
      { dashboard: 'd.json', panel: 'panel 7', expr: 'up', query: 'up' },
    ]);
  });

  it('names the panels whose datasource or unit is left to chance, and accepts each way of setting them', () => {
    const ds = { type: 'prometheus', uid: 'prometheus' };
    const unit = { defaults: { unit: 's' } };
    const unset = unsetPanels('d.json', {
      panels: [
        { title: 'Set on the panel', datasource: ds, fieldConfig: unit, targets: [{ expr: 'up' }] },
        { title: 'Set on each target', fieldConfig: unit, targets: [{ expr: 'up', datasource: ds }] },
        { title: 'By variable', datasource: '${datasource}', fieldConfig: unit, targets: [{ expr: 'up' }] },
        { title: 'Notes', type: 'text' },
        { type: 'row', title: 'Row', panels: [{ title: 'No unit', datasource: ds, targets: [{ expr: 'up' }] }] },
        { title: 'Nothing', fieldConfig: { defaults: { unit: '' } }, targets: [{ expr: 'up', datasource: ds }, { expr: 'up' }] },
      ],
    });
    expect(unset).toEqual([
      { dashboard: 'd.json', panel: 'No unit', lacks: ['unit'] },
      { dashboard: 'd.json', panel: 'Nothing', lacks: ['datasource', 'unit'] },
    ]);
  });

  it('fails clearly on a missing folder and on a file that is not JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shipshape-dashboards-'));
    dirs.push(dir);
    await expect(readDashboards(dir)).rejects.toThrow(/no JSON file there/);
    await mkdir(join(dir, 'monitoring/grafana/dashboards'), { recursive: true });
    await writeFile(join(dir, 'monitoring/grafana/dashboards/broken.json'), '{ "panels": [ }');
    const err = await readDashboards(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CheckFailure);
    expect((err as CheckFailure).verdict.actual).toMatch(/not valid JSON/);
  });
});
