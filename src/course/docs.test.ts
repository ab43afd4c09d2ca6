// The docs against the course manifest and against each other: every page exists in both
// languages, every check's docs link lands on a heading, titles are the manifest's, and the
// Chinese pages keep the English pages' anchors. Run: npx vitest run src/course/docs.test.ts
import { builtinModules } from 'node:module';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { exerciseDocFile, loadCourse, requireFromRepo, siteRoot } from './manifest.ts';
import { courseSidebar, INSTRUCTOR_PAGES, LEARNER_PAGES, stageCategoryKey, stageLabel } from './sidebar.ts';

const EN_DIR = join(siteRoot, 'docs');
const ZH_DIR = join(siteRoot, 'i18n/zh-Hans/docusaurus-plugin-content-docs/current');
const manifest = loadCourse();

function pages(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.mdx?$/.test(f))
    .map((f) => f.split('\\').join('/'))
    .sort();
}

function read(dir: string, page: string): string {
  return readFileSync(join(dir, page), 'utf8');
}

function frontMatter(source: string): Record<string, unknown> {
  const block = /^---\n([\s\S]*?)\n---\n/.exec(source)?.[1];
  return block ? (parse(block) as Record<string, unknown>) : {};
}

/** Markdown lines outside fenced code blocks. */
function proseLines(source: string): string[] {
  let fence = false;
  return source.split('\n').filter((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fence = !fence;
      return false;
    }
    return !fence;
  });
}

/** Every heading (##…######) with its explicit `{#id}`, or undefined when it has none. */
function headings(source: string): { text: string; id: string | undefined }[] {
  return proseLines(source)
    .filter((line) => /^#{2,6} /.test(line))
    .map((line) => ({ text: line, id: /\{#([\w-]+)\}\s*$/.exec(line)?.[1] }));
}

const locales = [
  { name: 'en', dir: EN_DIR },
  { name: 'zh-Hans', dir: ZH_DIR },
] as const;

describe('translations', () => {
  it('every English page has a zh-Hans page at the same path, and no zh-Hans page is an orphan', () => {
    const en = pages(EN_DIR);
    const zh = pages(ZH_DIR);
    expect(en.length).toBeGreaterThan(0);
    expect(zh.filter((p) => !en.includes(p)), 'zh-Hans pages without an English source').toEqual([]);
    expect(en.filter((p) => !zh.includes(p)), 'English pages without a zh-Hans translation').toEqual([]);
  });

  it('every heading has an explicit id, and both languages have the same ids in the same order', () => {
    for (const page of pages(EN_DIR)) {
      const en = headings(read(EN_DIR, page));
      const zh = existsSync(join(ZH_DIR, page)) ? headings(read(ZH_DIR, page)) : [];
      expect(en.filter((h) => !h.id).map((h) => h.text), `${page}: headings without {#id}`).toEqual([]);
      expect(zh.filter((h) => !h.id).map((h) => h.text), `zh-Hans ${page}: headings without {#id}`).toEqual([]);
      expect(zh.map((h) => h.id), `zh-Hans ${page}: heading ids differ from the English page`).toEqual(en.map((h) => h.id));
    }
  });

  it('the zh-Hans pages are actually in Chinese', () => {
    for (const page of pages(ZH_DIR)) {
      const prose = proseLines(read(ZH_DIR, page)).join('\n');
      const han = prose.match(/\p{Script=Han}/gu)?.length ?? 0;
      expect(han, `${page} has almost no Chinese text`).toBeGreaterThan(100);
    }
  });

  it('no bold in the zh-Hans pages shows its asterisks: CommonMark will not close ** between a punctuation mark and a Han character', () => {
    // "**句子。**后文" renders the asterisks: a closing ** after punctuation must be followed by
    // a space or punctuation, which Chinese prose never has. Write "**句子**。后文" instead.
    const broken: string[] = [];
    for (const page of pages(ZH_DIR)) {
      for (const line of proseLines(read(ZH_DIR, page))) {
        const parts = line.replace(/`[^`]*`/g, '``').split('**');
        for (let i = 1; i + 1 < parts.length; i += 2) {
          const inside = parts[i]!;
          const after = parts[i + 1]!;
          const before = parts[i - 1]!;
          const closes = !(/\p{P}$/u.test(inside) && /^\p{Script=Han}/u.test(after));
          const opens = !(/^\p{P}/u.test(inside) && /\p{Script=Han}$/u.test(before));
          if (!closes || !opens) broken.push(`${page}: ${line.trim().slice(0, 80)}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('every Translate id used by the site has a Chinese message in code.json', () => {
    const code = JSON.parse(read(join(siteRoot, 'i18n/zh-Hans'), 'code.json')) as Record<string, { message: string }>;
    const sources = readdirSync(join(siteRoot, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx$/.test(f));
    const ids = new Set<string>();
    for (const file of sources) {
      for (const m of readFileSync(join(siteRoot, 'src', file), 'utf8').matchAll(/id[=:]\s*["'](shipshape\.[\w.]+)["']/g)) ids.add(m[1]!);
    }
    expect(ids.size).toBeGreaterThan(10);
    for (const id of ids) {
      expect(code[id]?.message, `code.json: ${id} (run npm run write-translations, then translate it)`).toMatch(/\p{Script=Han}/u);
    }
  });
});

describe('exercise pages and course.yaml', () => {
  for (const exercise of manifest.exercises) {
    const page = exerciseDocFile(exercise.docs);
    for (const { name, dir } of locales) {
      describe(`${exercise.id} (${name}: ${relative(siteRoot, join(dir, page))})`, () => {
        it('exists', () => {
          expect(existsSync(join(dir, page)), `write ${relative(siteRoot, join(dir, page))}`).toBe(true);
        });

        it('has the title course.yaml gives it', () => {
          expect(frontMatter(read(dir, page)).title).toBe(exercise.title[name]);
        });

        it('has a heading with an explicit {#anchor} for every check', () => {
          const ids = new Set(headings(read(dir, page)).map((h) => h.id));
          const missing = exercise.checks.filter((c) => !ids.has(c.anchor)).map((c) => `${c.id} → #${c.anchor}`);
          expect(missing, 'checks whose docs link would land nowhere').toEqual([]);
        });

        it('lists its checks from the manifest', () => {
          expect(read(dir, page)).toContain(`<ExerciseChecks exercise="${exercise.id}" />`);
        });
      });
    }
  }
});

describe('stages and the sidebar', () => {
  it("follows course.yaml: the learner's first pages, each stage with its exercises in manifest order, the instructors' pages last", () => {
    const sidebar = courseSidebar(manifest);
    expect(sidebar.slice(0, LEARNER_PAGES.length)).toEqual([...LEARNER_PAGES]);
    expect(sidebar.slice(-INSTRUCTOR_PAGES.length)).toEqual([...INSTRUCTOR_PAGES]);
    const categories = sidebar.slice(LEARNER_PAGES.length, -INSTRUCTOR_PAGES.length) as { key: string; items: string[] }[];
    expect(categories.map((c) => c.key)).toEqual(manifest.stages.map((s) => s.id));
    for (const category of categories) {
      const expected = manifest.exercises.filter((e) => e.stage === category.key).map((e) => e.docs.replace(/^\/docs\//, ''));
      expect(category.items).toEqual(expected);
    }
  });

  it('every stage has an overview page in both languages, and its zh-Hans sidebar label in current.json', () => {
    const current = JSON.parse(read(join(siteRoot, 'i18n/zh-Hans/docusaurus-plugin-content-docs'), 'current.json')) as Record<
      string,
      { message: string }
    >;
    for (const stage of manifest.stages) {
      for (const { dir } of locales) expect(existsSync(join(dir, stage.id, 'index.mdx')), `${dir}/${stage.id}/index.mdx`).toBe(true);
      expect(current[stageCategoryKey(stage.id)]?.message).toBe(stageLabel(stage, 'zh-Hans'));
    }
  });
});

describe('image tags in the docs', () => {
  it('are the tags infra/images/Dockerfile pins', async () => {
    const { courseImages } = requireFromRepo<typeof import('../../infra/images.ts')>(siteRoot, 'infra/images.ts');
    const known = new Set(Object.values(await courseImages()));
    for (const { dir } of locales) {
      for (const page of pages(dir)) {
        for (const m of read(dir, page).matchAll(/\b(node|postgres|redis|debian|prom\/prometheus|prom\/alertmanager):([\w][\w.-]*)/g)) {
          // Not image tags: `latest`, a host and port (redis:6379, …@redis:notaport), a Node built-in
          // (node:fs), a user and group (COPY --chown=node:node).
          const inUrl = /[@/]/.test(m.input[m.index - 1] ?? '');
          const owner = m.input.slice(Math.max(0, m.index - 8), m.index).endsWith('--chown=');
          if (inUrl || owner || m[2] === 'latest' || /^\d+$/.test(m[2]!) || (m[1] === 'node' && builtinModules.includes(m[2]!))) continue;
          expect(known, `${relative(siteRoot, join(dir, page))} mentions ${m[0]}`).toContain(m[0]);
        }
      }
    }
  });
});

describe('the checker page', () => {
  it('documents every option the checker accepts, in both languages', () => {
    const cli = readFileSync(join(siteRoot, 'checker/src/cli.ts'), 'utf8');
    const block = /parseArgs\(\{[\s\S]*?options:\s*\{([\s\S]*?)\n\s*\},\n/.exec(cli)?.[1] ?? '';
    const flags = [...block.matchAll(/^\s*'?([a-z][\w-]*)'?:\s*\{\s*type:/gm)].map((m) => m[1]!).filter((f) => f !== 'help');
    expect(flags.length, 'no options found in checker/src/cli.ts: has parseArgs moved?').toBeGreaterThan(3);
    for (const { name, dir } of locales) {
      const page = read(dir, 'checker.mdx');
      expect(flags.filter((f) => !page.includes(`\`--${f}`)), `${name} checker.mdx: undocumented options`).toEqual([]);
    }
  });
});

/** The lines of every ```text block: where the pages show the checker's output. */
function textBlockLines(source: string): string[] {
  const lines: string[] = [];
  let inText = false;
  for (const line of source.split('\n')) {
    if (/^\s*```/.test(line)) {
      inText = !inText && /^\s*```text\b/.test(line);
      continue;
    }
    if (inText) lines.push(line);
  }
  return lines;
}

describe('sample checker output in the docs', () => {
  // Pasted output drifts when a check's title or hint changes in course.yaml: hold every
  // check line, hint and docs link shown on a page to what the checker would print today.
  const CHECK_LINE = /^\s+[✓✗] ([a-z0-9-]+) {2,}(.+)$/;
  const HINT_LINE = /^\s+(?:Hint|提示): (.+)$/;
  const DOCS_LINE = /^\s+(?:Docs|文档): (\S+)$/;
  const checks = manifest.exercises.flatMap((exercise) => exercise.checks.map((check) => ({ exercise, check })));

  for (const { name, dir } of locales) {
    for (const page of pages(dir)) {
      it(`${name} ${page}: check titles, hints and docs links are course.yaml's`, () => {
        const problems: string[] = [];
        let current: (typeof checks)[number] | undefined;
        // Exercises share check ids (compose-safe, image-builds): an exercise's page shows its own.
        const own = checks.filter((c) => c.exercise.docs === `/docs/${page.replace(/\.mdx$/, '')}`);
        for (const line of textBlockLines(read(dir, page))) {
          const checkLine = CHECK_LINE.exec(line);
          if (checkLine) {
            current = own.find((c) => c.check.id === checkLine[1]) ?? checks.find((c) => c.check.id === checkLine[1]);
            if (!current) problems.push(`unknown check ${checkLine[1]}`);
            else if (current.check.title[name] !== checkLine[2]) problems.push(`${checkLine[1]}: title "${checkLine[2]}" should be "${current.check.title[name]}"`);
            continue;
          }
          const hint = HINT_LINE.exec(line)?.[1];
          if (hint !== undefined && current && !current.check.hints.some((h) => h[name] === hint)) {
            problems.push(`${current.check.id}: hint "${hint}" is not one of its hints`);
          }
          const link = DOCS_LINE.exec(line)?.[1];
          if (link !== undefined && current) {
            const expected = `${manifest.docsUrl}${name === 'en' ? '' : `/${name}`}${current.exercise.docs}#${current.check.anchor}`;
            if (link !== expected) problems.push(`${current.check.id}: docs link ${link} should be ${expected}`);
          }
        }
        expect(problems).toEqual([]);
      });
    }
  }
});
