// Exercise 3 gives production a compose project of its own (`name:` in compose.prod.yaml), so
// that its volumes are never development's. The name must be the exercise's own: a later
// exercise that inherits exercise-3-prod would start on exercise 3's production volume, whose
// database was created with another folder's secret, and its migration would be refused.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadManifest, repoRoot } from '../../src/manifest.js';

// Where compose.prod.yaml is the exercise's task (exercise 3), its starter leaves the name to the learner.
const trees = loadManifest().exercises.flatMap((ex) =>
  (ex.task.includes('compose.prod.yaml') ? ['solutions'] : ['exercises', 'solutions']).map((kind) => ({
    id: ex.id,
    path: `${kind}/${ex.id}/compose.prod.yaml`,
    file: join(repoRoot, kind, ex.id, 'compose.prod.yaml'),
  })),
);
const withProduction = trees.filter((t) => existsSync(t.file));

describe('the production project', () => {
  it('exists from exercise 3 on', () => {
    expect(withProduction.map((t) => t.id)).toContain('exercise-3');
  });

  it.each(withProduction)('$path is named for its own exercise', ({ id, file }) => {
    const compose = parse(readFileSync(file, 'utf8'), { logLevel: 'error' }) as { name?: string };
    expect(compose.name).toBe(`${id}-prod`);
  });
});
