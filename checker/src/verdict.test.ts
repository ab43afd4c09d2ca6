import { describe, expect, it } from 'vitest';
import { needs } from './exercise.js';
import { say } from './locale.js';
import { causeLine, CheckFailure, fail, tail, verdict, verdictIn } from './verdict.js';

describe('verdicts', () => {
  const expected = say('a HEALTHCHECK instruction in the final stage', '最终阶段里有一条 HEALTHCHECK 指令');
  const actual = say('the image declares no health check', '镜像没有声明健康检查');

  it('keep the English where scripts read it, and every language beside it', () => {
    const v = verdict(expected, actual, { title: say('build output', '构建输出'), lines: ['x'] });
    expect(v).toMatchObject({ expected: expected.en, actual: actual.en, log: { title: 'build output', lines: ['x'] } });
    expect(verdictIn(v, 'zh-Hans')).toEqual({ expected: expected['zh-Hans'], actual: actual['zh-Hans'], logTitle: '构建输出' });
    expect(verdictIn(v, 'en')).toEqual({ expected: expected.en, actual: actual.en, logTitle: 'build output' });
  });

  it('read as English when they were made before they were translated', () => {
    expect(verdictIn({ expected: 'a', actual: 'b', log: { title: 't', lines: [] } }, 'zh-Hans')).toEqual({ expected: 'a', actual: 'b', logTitle: 't' });
  });

  it('become a pointer at the cause in a check that needed it, without its log', async () => {
    const failing = async (): Promise<never> => fail(expected, actual, { title: say('build output', '构建输出'), lines: ['x'] });
    const err = await needs('image-builds', failing).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CheckFailure);
    const v = (err as CheckFailure).verdict;
    expect(v.blockedBy).toBe('image-builds');
    expect(v.log).toBeUndefined();
    expect(v.localized).toEqual({ expected, actual });
  });
});

describe('tail', () => {
  it('keeps the last non-empty lines', () => {
    expect(tail('a\n\nb\r\nc\n', 2)).toEqual(['b', 'c']);
  });

  it('drops the colour and cursor codes compose puts in its logs', () => {
    expect(tail('\u001b[2Kmigrate-1  | \u001b[31mboom\u001b[0m\n')).toEqual(['migrate-1  | boom']);
  });
});

describe('causeLine', () => {
  it("finds the line that says what went wrong above a stack trace, without compose's prefix", () => {
    const log = [
      'migrate-1  | running migrations',
      'migrate-1  | error: password authentication failed for user "hr"',
      'migrate-1  |     at Parser.parseErrorMessage (/app/node_modules/pg-protocol/dist/parser.js:285:98)',
      "migrate-1  |   code: '28P01'",
    ].join('\n');
    expect(causeLine(log)).toBe('error: password authentication failed for user "hr"');
    expect(causeLine('app-1  | hr-api failed to start: invalid configuration (1 problem):\napp-1  |   - DATABASE_URL: required')).toBe(
      'hr-api failed to start: invalid configuration (1 problem): - DATABASE_URL: required',
    );
  });

  it('finds nothing in a log that reads like no error, and shortens a long line', () => {
    expect(causeLine('app-1  | listening on 3000\napp-1  |     at somewhere (x.js:1:1)')).toBeUndefined();
    expect(causeLine(`error ${'x'.repeat(300)}`, 20)).toBe(`error ${'x'.repeat(13)}…`);
  });
});
