import { describe, expect, it } from 'vitest';
import { CheckFailure } from '../../src/verdict.js';
import { describeStep, parseWorkflow } from './workflow.js';

const text = `name: CI
on: push
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    needs: lint
    services:
      db:
        image: postgres:15-bookworm
        ports: ["5432:5432", 6379]
    steps:
      - uses: actions/checkout@v4
      - name: Tests
        id: tests
        run: npm test
        continue-on-error: true
  lint:
    runs-on: ubuntu-latest
    permissions: read-all
    steps:
      - run: |
          npm ci
          npm run lint
`;

describe('the workflow model', () => {
  const workflow = parseWorkflow(text);
  const [test, lint] = workflow.jobs;

  it('knows where each key starts', () => {
    expect(workflow.permissionsLine).toBe(3);
    expect(test).toMatchObject({ id: 'test', line: 6, needs: ['lint'] });
    expect(test!.services[0]).toMatchObject({ id: 'db', line: 10, image: 'postgres:15-bookworm', ports: ['5432:5432', '6379'] });
    expect(test!.steps.map((s) => s.line)).toEqual([14, 15]);
    expect(lint).toMatchObject({ line: 19, permissions: 'read-all', permissionsLine: 21 });
  });

  it('reads each step as the checks need it', () => {
    const [checkout, tests] = test!.steps;
    expect(checkout).toMatchObject({ uses: 'actions/checkout@v4', continueOnError: false });
    expect(tests).toMatchObject({ id: 'tests', run: 'npm test', continueOnError: true });
    expect(describeStep(tests!)).toBe('step 2 (Tests, line 15)');
    expect(describeStep(lint!.steps[0]!)).toBe('step 1 (`npm ci`, line 23)');
  });

  it('turns YAML that is not a workflow into a verdict with its line', () => {
    const bad = (t: string): string => {
      try {
        parseWorkflow(t);
        return 'parsed';
      } catch (err) {
        return err instanceof CheckFailure ? err.verdict.actual : String(err);
      }
    };
    expect(bad('jobs:\n  a: 1\n  a: 2\n')).toMatch(/^line 3: /);
    expect(bad('- just\n- a list\n')).toBe('it is not a mapping');
  });
});
