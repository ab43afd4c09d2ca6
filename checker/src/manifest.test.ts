import { describe, expect, it } from 'vitest';
import { docsLink, loadManifest, parseManifest } from './manifest.js';

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
