import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCycle, repoRoot } from './manifest.js';

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

/** Relative imports of a file, type-only ones included, as absolute .ts paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) =>
    resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')),
  );
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
