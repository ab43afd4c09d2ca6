import { describe, expect, it } from 'vitest';
import { failedExpectations, failedScenarios, hiddenTestFile } from './hidden-tests.js';

// As promtool 2.42 prints a failed promql_expr_test (on standard error, after every file's name).
const OUTPUT = `Unit Testing:  shipshape-HighErrorRatio.test.yml
Unit Testing:  shipshape-InstanceDown.test.yml
  FAILED:
    expr: "clamp_max(count(max_over_time(ALERTS{alertname=\\"InstanceDown\\",alertstate=\\"firing\\"}[30m])), 1)", time: 30m,
        exp: nil
        got: {} 1E+00`;

describe("the course's hidden rule tests", () => {
  it("write the learner's job and rule files into a test per alert, asking ALERTS within each window", () => {
    const file = hiddenTestFile('InstanceDown', 'api', ['alerting/a.yaml']);
    expect(file).toContain('rule_files:\n  - "alerting/a.yaml"\n');
    expect(file).toContain(`- series: 'up{job="api",instance="app:9464"}'`);
    expect(file.match(/ALERTS\{alertname="InstanceDown",alertstate="firing"\}/g)).toHaveLength(2);
  });

  it("attribute promtool's failures to the alert and the scenario they belong to", () => {
    expect(failedExpectations(OUTPUT)).toEqual([
      { expr: 'clamp_max(count(max_over_time(ALERTS{alertname="InstanceDown",alertstate="firing"}[30m])), 1)', time: '30m' },
    ]);
    expect(failedScenarios('InstanceDown', 'app', OUTPUT).map((s) => s.wrong.en)).toEqual(['it fired for two failed scrapes in a row, 30 s, as long as a restart takes']);
    expect(failedScenarios('HighErrorRatio', 'app', OUTPUT)).toEqual([]);
  });
});
