import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCycle, repoRoot } from './manifest.js';
import { importsOf } from './source-imports.js';

// The checker is layered: exercises use fixtures, fixtures use probes and docker helpers, and
// nothing points back up. A cycle (a stack importing a probe that imports the stack, even for
// a type) is where that layering starts to rot, so it fails here.

const root = join(repoRoot, 'checker');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'scenarios' || entry.name === 'node_modules' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the checker’s imports', () => {
  it('form no cycle', () => {
    const graph = new Map(sources(root).map((file) => [file, importsOf(file)]));
    const cycle = findCycle(graph)?.map((f) => relative(root, f));
    expect(cycle, cycle?.join(' -> ')).toBeUndefined();
  });

  it('would notice one', () => {
    const graph = new Map([
      ['stack', ['probe', 'fixture']],
      ['probe', ['stack']],
      ['fixture', []],
    ]);
    expect(findCycle(graph)).toEqual(['stack', 'probe', 'stack']);
  });
});
