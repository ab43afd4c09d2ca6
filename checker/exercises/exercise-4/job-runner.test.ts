import { describe, expect, it } from 'vitest';
import { jobContexts, type StartedService } from './job-runner.js';
import { interpolate } from './expressions.js';
import { parseWorkflow } from './workflow.js';

const workflow = parseWorkflow(`
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        node: [24, 22]
    services:
      db:
        image: postgres:15-bookworm
        ports: ["15432:5432", "6000"]
    steps:
      - run: echo \${{ matrix.node }} \${{ job.services.db.ports['5432'] }} \${{ job.services.db.ports[6000] }}
`);

describe('job contexts', () => {
  it('give the first matrix combination and each service port as the runner sees it', () => {
    const job = workflow.jobs[0]!;
    const service = { spec: job.services[0]!, ports: new Map([[15432, 5432], [6000, 6000]]), container: { getId: () => 'c0ffee' } } as unknown as StartedService;
    expect(interpolate(job.steps[0]!.run!, jobContexts(job, [service]))).toBe('echo 24 15432 6000');
  });
});
