import { describe, expect, it } from 'vitest';
import { say } from '../locale.js';
import { verdict } from '../verdict.js';
import { SCHEMA_VERSION, toJsonReport } from './json.js';
import { exercise, sampleRun } from './fixtures.js';

describe('JSON report', () => {
  const now = new Date('2026-11-24T10:00:00Z');

  it('is versioned and carries totals, titles, points and docs links', () => {
    const report = toJsonReport([sampleRun()], { now });
    expect(report).toMatchObject({ schemaVersion: SCHEMA_VERSION, tool: 'shipshape', generatedAt: '2026-11-24T10:00:00.000Z', locale: 'en', status: 'error' });
    expect(report.totals).toEqual({ exercises: 1, checks: 5, passed: 1, failed: 4, errors: 1, skipped: 1, points: 5, maxPoints: 50, durationMs: 15_250 });
    const [ex] = report.exercises;
    expect(ex).toMatchObject({ id: 'exercise-1', title: exercise.title, status: 'error', passed: 1, failed: 4, points: 5, maxPoints: 50 });
    expect(ex!.checks[0]).toEqual({
      id: 'dockerignore',
      key: 'exercise-1/dockerignore',
      title: exercise.checks[0]!.title,
      status: 'passed',
      points: 5,
      maxPoints: 5,
      durationMs: 1234,
      docs: 'http://localhost:3100/docs/stage-1/exercise-1#dockerignore',
    });
    expect(ex!.checks[1]!.verdict?.expected).toBe('the image to build');
    expect(ex!.checks[3]!.error).toContain('TypeError');
  });

  it('calls a run with only failed checks failed, and one with all passed passed', () => {
    const failed = sampleRun();
    failed.checks = failed.checks.filter((c) => c.status !== 'error');
    expect(toJsonReport([failed]).status).toBe('failed');
    const passed = sampleRun();
    passed.checks = passed.checks.filter((c) => c.status === 'passed');
    expect(toJsonReport([passed]).status).toBe('passed');
    expect(toJsonReport([passed, failed]).status).toBe('failed');
  });

  it('keeps a verdict in English where it was, with both languages beside it', () => {
    const run = sampleRun();
    run.checks[1]!.verdict = verdict(say('`docker build` to succeed', '`docker build` 执行成功'), say('exited with code 1', '构建失败，退出码是 1'));
    const check = JSON.parse(JSON.stringify(toJsonReport([run], { locale: 'zh-Hans' }))).exercises[0].checks[1];
    expect(check.verdict.expected).toBe('`docker build` to succeed');
    expect(check.verdict.actual).toBe('exited with code 1');
    expect(check.verdict.localized.actual).toEqual({ en: 'exited with code 1', 'zh-Hans': '构建失败，退出码是 1' });
  });

  it('links the docs in the learner’s language and survives being serialized', () => {
    const report = JSON.parse(JSON.stringify(toJsonReport([sampleRun()], { locale: 'zh-Hans' })));
    expect(report.exercises[0].checks[0].docs).toContain('/zh-Hans/docs/');
  });
});
