// Run: npx vitest run src/remark/embed-file.test.ts
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { siteRoot } from '../course/manifest.ts';
import remarkEmbedFile, { dedent, embed, embeddedFiles, parseMeta, selectLines } from './embed-file.ts';

const root = mkdtempSync(join(tmpdir(), 'embed-file-'));
mkdirSync(join(root, 'src'));
writeFileSync(
  join(root, 'src/server.ts'),
  [
    'import x from "y";',
    '',
    'function main() {',
    '  // #region shutdown',
    '  const stop = () => {',
    '    // #region inner',
    '    process.exit(0);',
    '    // #endregion inner',
    '  };',
    "  process.on('SIGTERM', stop);",
    '  // #endregion shutdown',
    '}',
    '',
  ].join('\n'),
);
writeFileSync(join(root, 'Dockerfile'), 'FROM node:24.9.0-bookworm-slim\nCMD ["node"]\n');

describe('parseMeta', () => {
  it('reads key=value, quoted values and bare words', () => {
    expect(parseMeta('file=<rootDir>/a.ts title="src/a.ts (part)" showLineNumbers from=\'a b\'')).toEqual([
      { key: 'file', value: '<rootDir>/a.ts', raw: 'file=<rootDir>/a.ts' },
      { key: 'title', value: 'src/a.ts (part)', raw: 'title="src/a.ts (part)"' },
      { value: 'showLineNumbers', raw: 'showLineNumbers' },
      { key: 'from', value: 'a b', raw: "from='a b'" },
    ]);
  });
});

describe('selectLines', () => {
  const text = readFileSync(join(root, 'src/server.ts'), 'utf8');

  it('returns the whole file without a trailing newline when nothing is selected', () => {
    expect(selectLines('a\nb\n', {})).toBe('a\nb');
  });

  it('selects a region, dedented, without nested markers', () => {
    expect(selectLines(text, { region: 'shutdown' })).toBe(
      ['const stop = () => {', '  process.exit(0);', '};', "process.on('SIGTERM', stop);"].join('\n'),
    );
  });

  it('selects from one text through the next line containing another', () => {
    expect(selectLines(text, { from: 'const stop', to: "process.on('SIGTERM'" })).toContain('process.exit(0);');
  });

  it('fails on a missing region, a missing or ambiguous text, and half a range', () => {
    expect(() => selectLines(text, { region: 'nope' })).toThrow(/no "#region nope"/);
    expect(() => selectLines(text, { from: 'nope', to: 'x' })).toThrow(/is not in the file/);
    expect(() => selectLines(text, { from: 'process', to: '}' })).toThrow(/make it unique/);
    expect(() => selectLines(text, { from: 'const stop' })).toThrow(/go together/);
  });

  it('dedents by the smallest indentation, ignoring blank lines', () => {
    expect(dedent(['    a', '', '      b'])).toEqual(['a', '', '  b']);
  });
});

describe('embed', () => {
  it('fills a block and titles it with the path', () => {
    const result = embed('file=<rootDir>/Dockerfile showLineNumbers', root);
    expect(result.value).toBe('FROM node:24.9.0-bookworm-slim\nCMD ["node"]');
    expect(result.meta).toBe('title="Dockerfile" showLineNumbers');
  });

  it('keeps a title that is given', () => {
    expect(embed('file=<rootDir>/Dockerfile title="x/Dockerfile"', root).meta).toBe('title="x/Dockerfile"');
  });

  it('fails on a missing file and on paths outside the repository', () => {
    expect(() => embed('file=<rootDir>/nope.txt', root)).toThrow(/nope.txt does not exist/);
    expect(() => embed('file=<rootDir>/../etc/passwd', root)).toThrow(/outside the repository/);
    expect(() => embed('file=Dockerfile', root)).toThrow(/<rootDir>\//);
  });

  it('lists the files a page embeds, for the bundler', () => {
    expect(embeddedFiles('```ts file=<rootDir>/src/server.ts\n```\n```x file="<rootDir>/Dockerfile"\n```', root)).toEqual([
      join(root, 'src/server.ts'),
      join(root, 'Dockerfile'),
    ]);
  });
});

describe('the remark plugin', () => {
  const run = (tree: object): void => remarkEmbedFile({ rootDir: root })(tree as never, { path: join(root, 'page.mdx') });

  it('replaces the value of code blocks with file=, and leaves others alone', () => {
    const code = { type: 'code', lang: 'dockerfile', meta: 'file=<rootDir>/Dockerfile', value: '' };
    const other = { type: 'code', lang: 'bash', meta: null, value: 'npm ci' };
    run({ type: 'root', children: [{ type: 'paragraph', children: [] }, code, other] });
    expect(code.value).toContain('FROM node');
    expect(other.value).toBe('npm ci');
  });

  it('refuses a block that already has content, and names the page', () => {
    const code = { type: 'code', meta: 'file=<rootDir>/Dockerfile', value: 'pasted copy' };
    expect(() => run({ type: 'root', children: [code] })).toThrow(/page.mdx: a code block with file= must be empty/);
  });
});

describe('the embeds in the docs', () => {
  it('all resolve (the same check the build does, in milliseconds)', () => {
    const dirs = ['docs', 'i18n/zh-Hans/docusaurus-plugin-content-docs/current'];
    let count = 0;
    for (const dir of dirs) {
      for (const file of readdirSync(join(siteRoot, dir), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.mdx'))) {
        const source = readFileSync(join(siteRoot, dir, file), 'utf8');
        for (const m of source.matchAll(/^```\w*[ \t]+(.*\bfile=.*)$/gm)) {
          expect(() => embed(m[1]!, siteRoot), `${dir}/${file}: ${m[1]}`).not.toThrow();
          count++;
        }
      }
    }
    expect(count).toBeGreaterThan(0);
  });
});
