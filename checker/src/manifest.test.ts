import { describe, expect, it } from 'vitest';
import { docsLink, loadManifest, parseManifest, withPrerequisites } from './manifest.js';

describe('course.yaml', () => {
  it('is valid, and each exercise has checks whose points add up to 100', () => {
    for (const exercise of loadManifest().exercises) {
      expect(exercise.checks.reduce((sum, c) => sum + c.points, 0), exercise.id).toBe(100);
    }
  });

  it('has code for every check it names, and names every check that has code', async () => {
    for (const exercise of loadManifest().exercises) {
      const definition = (await import(`../exercises/${exercise.id}/index.ts`)) as { default: { checks: object } };
      expect(Object.keys(definition.default.checks).sort(), exercise.id).toEqual(exercise.checks.map((c) => c.id).sort());
    }
  });

  it('gives every check the params its code expects, and the code would notice a wrong one', async () => {
    for (const exercise of loadManifest().exercises) {
      const { default: definition } = (await import(`../exercises/${exercise.id}/index.ts`)) as {
        default: { params?: Record<string, { parse(v: unknown): unknown }> };
      };
      for (const check of exercise.checks) {
        const schema = definition.params?.[check.id];
        if (schema) expect(() => schema.parse(check.params), `${exercise.id}/${check.id}`).not.toThrow();
        else expect(check.params, `${exercise.id}/${check.id} has params but no schema for them`).toEqual({});
      }
    }
    const { default: one } = (await import('../exercises/exercise-1/index.ts')) as { default: { params: Record<string, { parse(v: unknown): unknown }> } };
    expect(() => one.params['image-size']!.parse({ budgetMb: 40 })).toThrow();
  });

  it('links each check to its section of the docs, in the learner’s language', () => {
    const exercise = loadManifest().exercises[0]!;
    const check = exercise.checks[0]!;
    expect(docsLink(exercise, check, 'en')).toMatch(new RegExp(`/docs/.+#${check.anchor}$`));
    expect(docsLink(exercise, check, 'zh-Hans')).toContain('/zh-Hans/docs/');
  });

  it('rejects a manifest with a missing translation, naming where', () => {
    const broken = `docsUrl: http://localhost:3100
stages: [{ id: stage-1, title: { en: Containers } }]
exercises: []`;
    expect(() => parseManifest(broken)).toThrow(/at stages\[0\]\.title\["zh-Hans"\]/);
  });
});

describe('check prerequisites', () => {
  const withNeeds = (needs: Record<string, string[]>): string => `docsUrl: http://localhost:3100
stages: [{ id: stage-1, title: { en: Containers, zh-Hans: 容器 } }]
exercises:
  - id: exercise-1
    stage: stage-1
    title: { en: T, zh-Hans: T }
    docs: /docs/x
    task: [Dockerfile]
    checks:
${Object.entries(needs)
  .map(([id, deps]) => `      - { id: ${id}, title: { en: T, zh-Hans: T }, points: 50, anchor: a, hints: [{ en: h, zh-Hans: h }], needs: [${deps.join(', ')}] }`)
  .join('\n')}`;

  it('refuses checks that need each other in a circle, and unknown ones', () => {
    expect(() => parseManifest(withNeeds({ a: ['b'], b: ['a'] }))).toThrow(/in a circle: a -> b -> a/);
    expect(() => parseManifest(withNeeds({ a: ['nope'], b: [] }))).toThrow(/needs unknown check nope/);
  });

  it('runs a check with everything it needs, in manifest order', () => {
    const exercise = parseManifest(withNeeds({ a: [], b: ['a'], c: ['b'] })).exercises[0]!;
    expect(withPrerequisites(exercise, ['c']).map((c) => c.id)).toEqual(['a', 'b', 'c']);
    expect(withPrerequisites(exercise, ['a']).map((c) => c.id)).toEqual(['a']);
    expect(withPrerequisites(exercise, []).map((c) => c.id)).toEqual(['a', 'b', 'c']);
  });
});
