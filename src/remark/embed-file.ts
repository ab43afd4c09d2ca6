// A remark plugin that fills a code block with a file from this repository at build time, so
// the docs show the real starter, solution and service code instead of pasted copies:
//
//   ```dockerfile file=<rootDir>/course/exercise-1/solution/Dockerfile title="solutions/exercise-1/Dockerfile"
//   ```
//
// Selecting part of a file, without line numbers that drift:
//   region=NAME             the lines between `#region NAME` and `#endregion NAME` comments
//   from="TEXT" to="TEXT"   from the line containing TEXT through the next line containing TEXT
//
// Anything wrong (no such file, a region or a text that is missing or ambiguous, a block that
// is not empty) throws, so the build fails instead of publishing a stale or empty snippet.
// The companion loader (embed-deps-loader.cjs) tells the bundler about the embedded files,
// so editing one rebuilds the page and the persistent cache never serves an old copy.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';

export interface EmbedOptions {
  /** What `<rootDir>` means: the repository root. */
  rootDir: string;
}

/** The few mdast fields this plugin touches. */
interface Node {
  type: string;
  children?: Node[];
}
interface CodeNode extends Node {
  type: 'code';
  lang?: string | null;
  meta?: string | null;
  value: string;
}

export const ROOT_DIR_TOKEN = '<rootDir>';

/** `key=value`, `key="value with spaces"`, or a bare word such as `showLineNumbers`. */
const META_TOKEN = /([\w-]+)=("(?:[^"\\]|\\.)*"|'[^']*'|\S+)|(\S+)/g;

export interface MetaToken {
  key?: string;
  value: string;
  raw: string;
}

export function parseMeta(meta: string): MetaToken[] {
  const tokens: MetaToken[] = [];
  for (const match of meta.matchAll(META_TOKEN)) {
    const [raw, key, quoted, bare] = match;
    if (key !== undefined && quoted !== undefined) {
      const value = /^["']/.test(quoted) ? quoted.slice(1, -1).replace(/\\(["\\])/g, '$1') : quoted;
      tokens.push({ key, value, raw });
    } else if (bare !== undefined) {
      tokens.push({ value: bare, raw });
    }
  }
  return tokens;
}

const OWN_KEYS = new Set(['file', 'region', 'from', 'to']);

/** The repository files a page embeds, as absolute paths; the loader watches these. */
export function embeddedFiles(source: string, rootDir: string): string[] {
  const files = new Set<string>();
  for (const match of source.matchAll(/\bfile=(?:"([^"]+)"|(\S+))/g)) {
    const spec = match[1] ?? match[2];
    if (spec?.startsWith(ROOT_DIR_TOKEN)) files.add(resolveSpec(spec, rootDir));
  }
  return [...files];
}

function resolveSpec(spec: string, rootDir: string): string {
  if (!spec.startsWith(`${ROOT_DIR_TOKEN}/`)) {
    throw new Error(`file=${spec}: write paths as ${ROOT_DIR_TOKEN}/path/from/the/repository/root`);
  }
  const path = resolve(rootDir, spec.slice(ROOT_DIR_TOKEN.length + 1));
  const inside = relative(rootDir, path);
  if (inside.startsWith('..') || isAbsolute(inside)) throw new Error(`file=${spec} points outside the repository`);
  return path;
}

/** Removes the common leading indentation, so a snippet from inside a function reads flush left. */
export function dedent(lines: string[]): string[] {
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut));
}

const REGION_MARKER = /#(end)?region\b/;

function findOne(lines: string[], text: string, start: number, what: string): number {
  const hits: number[] = [];
  for (let i = start; i < lines.length; i++) if (lines[i]?.includes(text)) hits.push(i);
  if (hits.length === 0) throw new Error(`${what} ${JSON.stringify(text)} is not in the file`);
  if (hits.length > 1 && what === 'from') {
    throw new Error(`from ${JSON.stringify(text)} matches lines ${hits.map((h) => h + 1).join(', ')}: make it unique`);
  }
  return hits[0] as number;
}

/** The part of `text` that a code block asks for; the whole file when it names no part. */
export function selectLines(text: string, select: { region?: string; from?: string; to?: string }): string {
  const lines = text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  let picked: string[];
  if (select.region !== undefined) {
    if (select.from !== undefined || select.to !== undefined) throw new Error('use either region= or from=/to=, not both');
    const name = select.region;
    const start = lines.findIndex((l) => new RegExp(`#region\\s+${escapeRegExp(name)}\\s*(\\*/|-->)?\\s*$`).test(l));
    if (start < 0) throw new Error(`no "#region ${name}" marker in the file`);
    const end = lines.findIndex((l, i) => i > start && new RegExp(`#endregion\\s+${escapeRegExp(name)}\\b`).test(l));
    if (end < 0) throw new Error(`no "#endregion ${name}" marker after "#region ${name}"`);
    // Markers of regions nested inside this one are not part of the snippet.
    picked = lines.slice(start + 1, end).filter((l) => !REGION_MARKER.test(l));
  } else if (select.from !== undefined || select.to !== undefined) {
    if (select.from === undefined || select.to === undefined) throw new Error('from= and to= go together');
    const start = findOne(lines, select.from, 0, 'from');
    const end = findOne(lines, select.to, start, 'to');
    picked = lines.slice(start, end + 1);
  } else {
    return lines.join('\n');
  }
  if (picked.every((l) => l.trim() === '')) throw new Error('the selected part of the file is empty');
  return dedent(picked).join('\n');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Fills one code block; returns the new meta string and value. */
export function embed(meta: string, rootDir: string): { meta: string; value: string; file: string } {
  const tokens = parseMeta(meta);
  const get = (key: string): string | undefined => tokens.find((t) => t.key === key)?.value;
  const spec = get('file');
  if (spec === undefined) throw new Error('no file= in the code block meta');
  const path = resolveSpec(spec, rootDir);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new Error(`file=${spec}: ${relative(rootDir, path)} does not exist`);
  }
  const value = selectLines(readFileSync(path, 'utf8'), { region: get('region'), from: get('from'), to: get('to') });
  const kept = tokens.filter((t) => !(t.key && OWN_KEYS.has(t.key))).map((t) => t.raw);
  // Docusaurus shows `title` above the block; default to the path readers would open.
  if (!tokens.some((t) => t.key === 'title')) kept.unshift(`title="${relative(rootDir, path).split('\\').join('/')}"`);
  return { meta: kept.join(' '), value, file: path };
}

function walk(node: Node, visit: (code: CodeNode) => void): void {
  if (node.type === 'code') visit(node as CodeNode);
  for (const child of node.children ?? []) walk(child, visit);
}

export default function remarkEmbedFile(options: EmbedOptions) {
  if (!options?.rootDir) throw new Error('remarkEmbedFile needs { rootDir }');
  return (tree: Node, file: { path?: string }): void => {
    walk(tree, (code) => {
      if (!code.meta || !/\bfile=/.test(code.meta)) return;
      const where = file.path ? relative(options.rootDir, file.path) : 'a page';
      if (code.value.trim() !== '') {
        throw new Error(`${where}: a code block with file= must be empty (its content comes from the file)`);
      }
      try {
        const result = embed(code.meta, options.rootDir);
        code.meta = result.meta;
        code.value = result.value;
      } catch (err) {
        throw new Error(`${where}: cannot embed \`${code.meta}\`: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
  };
}
