// The pages of the built site (build/) for the browser test: every page of each locale, where
// its docs source is, and how many Mermaid diagrams that source has, which the page must render.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parse } from 'yaml';

export interface SiteLocale {
  name: string;
  /** The URL prefix: '' for the default locale, '/zh-Hans' for the other. */
  prefix: string;
  /** Where the locale's docs sources are, relative to the repository root. */
  docsDir: string;
}

export interface BuiltPage {
  locale: string;
  /** The page's path as the sitemap spells it, e.g. /zh-Hans/docs/stage-1/exercise-1. */
  path: string;
  /** The number of ```mermaid blocks in the page's source (0 for pages that are not docs). */
  diagrams: number;
  /** The ids of the article's headings (h2 to h6) in the built HTML, in order. */
  headings: string[];
  /** The explicit id ({#id}) of the first heading after each diagram in the page's source. */
  headingsAfterDiagrams: string[];
}

/** Docs routes (without a trailing slash) → their source file, for one locale. */
function docSources(root: string, locale: SiteLocale): Map<string, string> {
  const dir = join(root, locale.docsDir);
  const routes = new Map<string, string>();
  for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!/\.mdx?$/.test(file)) continue;
    const rel = file.split('\\').join('/');
    const source = readFileSync(join(dir, rel), 'utf8');
    const front = /^---\n([\s\S]*?)\n---\n/.exec(source)?.[1];
    const slug = front ? (parse(front) as { slug?: unknown } | null)?.slug : undefined;
    const stem = rel.replace(/\.mdx?$/, '');
    let route: string;
    if (typeof slug === 'string') route = slug.startsWith('/') ? slug : posix.join(posix.dirname(stem), slug);
    else route = stem.replace(/(^|\/)index$/, '');
    routes.set(`${locale.prefix}/docs/${route.replace(/^\/+/, '')}`.replace(/\/+$/, ''), rel);
  }
  return routes;
}

/** Fenced ```mermaid blocks in an MDX source. */
export function countDiagrams(source: string): number {
  return source.split('\n').filter((line) => /^\s*(```|~~~)mermaid\b/.test(line)).length;
}

/**
 * The explicit id of the first heading after each ```mermaid block of an MDX source: the heading
 * a diagram pushes down when it renders, and so the one its deep link tests first.
 */
export function headingsAfterDiagrams(source: string): string[] {
  const ids: string[] = [];
  let fence: string | undefined;
  let afterDiagram = false;
  for (const line of source.split('\n')) {
    const marker = /^\s*(```+|~~~+)(\S*)/.exec(line);
    if (marker) {
      if (!fence) {
        fence = marker[1];
        if (marker[2] === 'mermaid') afterDiagram = true;
      } else if (line.trim().startsWith(fence ?? '')) fence = undefined;
      continue;
    }
    if (fence || !afterDiagram) continue;
    const id = /^#{2,6} .*\{#([\w-]+)\}\s*$/.exec(line)?.[1];
    if (id) {
      ids.push(id);
      afterDiagram = false;
    }
  }
  return ids;
}

/** The ids of the docs article's headings in a built page (Docusaurus marks them class="anchor …"). */
export function builtHeadingIds(html: string): string[] {
  return [...html.matchAll(/<h[2-6] class="?anchor[^>]*?\sid="?([^"\s>]+)/g)].map((m) => m[1] ?? '').filter(Boolean);
}

/** The paths the sitemap of a locale lists, e.g. /docs/setup, /docs/stage-1/. */
function sitemapPaths(buildDir: string, locale: SiteLocale): string[] {
  const file = join(buildDir, locale.prefix, 'sitemap.xml');
  if (!existsSync(file)) return [];
  return [...readFileSync(file, 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1] ?? '/').pathname);
}

/**
 * Every page of the built site in `locale`: each index.html under its folder of build/ (the other
 * locales' folders left out), at the path its sitemap gives it, with its diagram count.
 */
export function builtPages(root: string, buildDir: string, locale: SiteLocale, others: readonly SiteLocale[]): BuiltPage[] {
  const base = join(buildDir, locale.prefix);
  const skip = others.filter((o) => o.prefix && o !== locale).map((o) => o.prefix.slice(1));
  const sitemap = sitemapPaths(buildDir, locale);
  const sources = docSources(root, locale);
  const pages: BuiltPage[] = [];
  for (const file of readdirSync(base, { recursive: true, encoding: 'utf8' })) {
    const rel = file.split('\\').join('/');
    if (!rel.endsWith('index.html') || (rel !== 'index.html' && !rel.endsWith('/index.html'))) continue;
    if (skip.some((prefix) => rel.startsWith(`${prefix}/`))) continue;
    const dir = `${locale.prefix}/${rel.slice(0, -'index.html'.length)}`;
    const bare = dir.replace(/\/+$/, '');
    const path = sitemap.find((p) => p.replace(/\/+$/, '') === bare) ?? dir;
    const sourceFile = sources.get(bare);
    const source = sourceFile ? readFileSync(join(root, locale.docsDir, sourceFile), 'utf8') : '';
    pages.push({
      locale: locale.name,
      path,
      diagrams: countDiagrams(source),
      headings: builtHeadingIds(readFileSync(join(base, rel), 'utf8')),
      headingsAfterDiagrams: headingsAfterDiagrams(source),
    });
  }
  return pages.sort((a, b) => a.path.localeCompare(b.path));
}
