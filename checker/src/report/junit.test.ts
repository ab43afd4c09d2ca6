import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { toJunit } from './junit.js';
import { exercise, sampleRun } from './fixtures.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  textNodeName: '#text',
  isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
});

type Node = Record<string, unknown> & { property?: { name: string; value: string }[] };
const props = (node: Node | undefined): Record<string, string> =>
  Object.fromEntries((node?.property ?? []).map((p) => [p.name, p.value]));

function parse(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml) as { testsuites: Record<string, string> & { testsuite: (Record<string, string> & { properties: Node; testcase: (Record<string, string> & Record<string, Node>)[] })[] } };
}

describe('JUnit report', () => {
  const now = new Date('2026-11-24T10:00:00.123Z');

  it('has one suite per exercise and one case per check, with counts, times and points', () => {
    const doc = parse(toJunit([sampleRun()], { now }));
    const root = doc.testsuites;
    expect(root).toMatchObject({ name: 'shipshape', tests: '5', failures: '2', errors: '1', skipped: '1', time: '15.250', timestamp: '2026-11-24T10:00:00' });
    const [suite] = root.testsuite;
    expect(suite).toMatchObject({ name: 'exercise-1', tests: '5', failures: '2', errors: '1', skipped: '1' });
    expect(props(suite!.properties)).toEqual({ title: exercise.title.en, dir: '/home/student/exercises/exercise-1', points: '5', maxPoints: '50' });
    const names = suite!.testcase.map((c) => c.name);
    expect(names[0]).toBe(`[dockerignore] ${exercise.checks[0]!.title.en}`);
    for (const c of suite!.testcase) {
      expect(c.classname).toBe('exercise-1');
      expect(c.time).toBe('1.234');
    }
    expect(props(suite!.testcase[0]!.properties)).toEqual({ points: '5', maxPoints: '5' });
    expect(props(suite!.testcase[1]!.properties)).toEqual({ points: '0', maxPoints: '15' });
  });

  it('gives a failure its expected, seen, log tail, hint and docs link, safely escaped', () => {
    const xml = toJunit([sampleRun()], { now });
    expect(xml).not.toContain('\u001b');
    expect(xml).not.toContain('\u0007');
    const failure = parse(xml).testsuites.testsuite[0]!.testcase[1]!.failure as unknown as Record<string, string>;
    expect(failure.type).toBe('CheckFailure');
    expect(failure.message).toBe('Expected: the image to build; Seen: step `RUN npm ci` failed with <exit 1> & more');
    const body = failure['#text']!;
    expect(body).toContain('│ npm ERR! <EACCES> & "denied" | pipe');
    expect(body).toContain(`Hint: ${exercise.checks.find((c) => c.id === 'image-builds')!.hints[0]!.en}`);
    expect(body).toContain('Docs: http://localhost:3100/docs/stage-1/exercise-1#step-3-the-build-stage');
  });

  it('says what blocked a check, reports our crashes as errors and skips as skipped', () => {
    const cases = parse(toJunit([sampleRun()], { now })).testsuites.testsuite[0]!.testcase;
    expect((cases[2]!.failure as unknown as Record<string, string>).message).toBe('blocked by image-builds');
    const error = cases[3]!.error as unknown as Record<string, string>;
    expect(error.type).toBe('InternalError');
    expect(error['#text']).toContain('TypeError: cannot read <undefined>');
    expect(cases[4]).toHaveProperty('skipped');
    expect(cases[0]).not.toHaveProperty('failure');
  });

  it('turns an error outside any check into a failing case of its own', () => {
    const suite = parse(toJunit([sampleRun({ errors: ['Error: worker crashed <oops>\n  at x'] })], { now })).testsuites.testsuite[0]!;
    expect(suite.errors).toBe('2');
    const last = suite.testcase.at(-1)!;
    expect(last.name).toBe('[internal] Shipshape internal error');
    expect((last.error as unknown as Record<string, string>).message).toBe('Error: worker crashed <oops>');
  });

  it('sums several exercises at the top and speaks the learner’s language', () => {
    const doc = parse(toJunit([sampleRun(), sampleRun()], { now, locale: 'zh-Hans' })).testsuites;
    expect(doc.tests).toBe('10');
    expect(doc.testsuite).toHaveLength(2);
    expect(doc.testsuite[0]!.testcase[0]!.name).toBe(`[dockerignore] ${exercise.checks[0]!.title['zh-Hans']}`);
    expect((doc.testsuite[0]!.testcase[1]!.failure as unknown as Record<string, string>).message).toMatch(/^期望：|^期望: /);
  });
});
