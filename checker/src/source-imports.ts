import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

// The checker's own module graph, read from the source text: the import-cycles test walks it
// for layering, verify for which exercises a change can reach. Only relative imports count;
// packages change through package-lock.json.

const STATIC = /^\s*(?:import|export)\b[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/gm;
const BARE = /^\s*import\s+['"](\.{1,2}\/[^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** Relative imports of a file, type-only and dynamic ones with a literal path included, as absolute .ts paths. */
export function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [STATIC, BARE, DYNAMIC].flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[1]!));
  return [...new Set(specifiers.map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts'))))];
}

/**
 * Every file the entries reach through relative imports, the entries included. Walking several
 * closures over the same sources, pass one `read` cache: each file is then read once.
 */
export function importClosure(entries: string[], read: Map<string, string[]> = new Map()): Set<string> {
  const seen = new Set<string>();
  const pending = [...entries];
  for (let file = pending.pop(); file; file = pending.pop()) {
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    if (!read.has(file)) read.set(file, importsOf(file));
    pending.push(...read.get(file)!);
  }
  return seen;
}
