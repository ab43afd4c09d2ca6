// The built docs site in a real browser (Debian's Chromium through playwright-core), both
// locales, every page, in a 1280×800 desktop window: what a reader sees once a page has
// settled, which neither the build nor the unit tests can see. Needs /usr/bin/chromium and
// build/, and skips, saying which is missing, without them:
//   npm run test:browser                 builds the site, then runs this file
//   npx vitest run --config vitest.browser.config.ts   runs it against the build/ there is
// Deep links: by default, per exercise page, the first heading below each diagram (the one that
// diagram pushes down when it renders) and the page's last heading (pushed by all of them, and
// at the end of the page); SHIPSHAPE_DEEP_LINKS=all tries every heading, about 270 page loads.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCourse, siteRoot } from '../course/manifest.ts';
import { builtPages, type BuiltPage, type SiteLocale } from './built-pages.ts';
import { CHROMIUM, desktopContext, inTabs, launchChromium, type Tab } from './chromium.ts';
import {
  codeBlocks,
  diagrams,
  headingPlacement,
  settle,
  type CodeBlockProblem,
  type DiagramReport,
  type HeadingPlacement,
  type SettleResult,
} from './page-probes.ts';
import { serveStatic, type StaticSite } from './static-server.ts';

const BUILD = join(siteRoot, 'build');

interface LocaleUnderTest extends SiteLocale {
  /** A term the search box must find. */
  searchTerm: string;
  /** Text in the page's language: what the 404 page and the search box's label must match. */
  language: RegExp;
}

const LOCALES: LocaleUnderTest[] = [
  { name: 'en', prefix: '', docsDir: 'docs', searchTerm: 'healthcheck', language: /^[\p{Script=Latin}\p{P}\p{Zs}\d]+$/u },
  {
    name: 'zh-Hans',
    prefix: '/zh-Hans',
    docsDir: 'i18n/zh-Hans/docusaurus-plugin-content-docs/current',
    searchTerm: '健康检查',
    language: /\p{Script=Han}/u,
  },
];

/** The smallest a diagram's label may be drawn, in CSS pixels. */
const MIN_LABEL_PX = 11;
/** How long a page may take to render its diagrams, and how long it must then stay still. */
const SETTLE = { quietMs: 400, timeoutMs: 15_000 };
/** Tabs open at once: Chromium's renderers are the bottleneck, so about one per core. */
const TABS = 2;
const ALL_DEEP_LINKS = process.env.SHIPSHAPE_DEEP_LINKS === 'all';

const skipReason = !existsSync(CHROMIUM)
  ? `${CHROMIUM} is missing (apt-get install -y --no-install-recommends chromium, or set SHIPSHAPE_CHROMIUM)`
  : !existsSync(join(BUILD, 'index.html'))
    ? 'build/ is missing (run npx docusaurus build, or npm run test:browser)'
    : undefined;
if (skipReason) console.warn(`The browser test is skipped: ${skipReason}.`);

/** One page load: a page of the site, maybe with a #heading to land on. */
interface Visit {
  page: BuiltPage;
  /** The heading in the URL's #hash, for a deep link. */
  heading?: string;
  problems: string[];
  settled: SettleResult;
  placement?: HeadingPlacement;
  /** Only on the load of a page that checks its content (one per page). */
  content?: { diagrams: DiagramReport; code: { blocks: number; problems: CodeBlockProblem[] } };
}

interface SearchVisit {
  problems: string[];
  found: number;
  dropdown: string;
  label: string | null;
  placeholder: string | null;
}

interface NotFoundVisit {
  problems: string[];
  lang: string | null;
  title: string;
  heading: string;
  lines: string[];
}

const list = (lines: string[]) => (lines.length ? `\n  ${lines.join('\n  ')}` : '');
const urlOf = (v: Pick<Visit, 'page' | 'heading'>) => `${v.page.path}${v.heading ? `#${v.heading}` : ''}`;

/** Why a deep link's heading is not where the link should have put it, or nothing. */
function misplaced(at: HeadingPlacement): string | undefined {
  if (!at.found) return 'no element has that id';
  const visible = at.top >= at.navbarBottom - 1 && at.bottom <= at.viewportHeight;
  // Where following the link puts the heading: its scroll margin below the top of the window,
  // or, near the end of the page, wherever it is once the page can scroll no further.
  const landed = Math.abs(at.top - at.landing) <= 4 || (at.atEnd && visible);
  if (visible && landed) return undefined;
  return `the heading is ${visible ? 'in view but' : 'out of view,'} ${at.top} px from the top of the window (a jump puts it at ${at.landing} px; the window is ${at.viewportHeight} px high, the navbar covers ${at.navbarBottom} px)`;
}

describe.skipIf(skipReason !== undefined)(
  skipReason ? `the built site in Chromium (SKIPPED: ${skipReason})` : 'the built site in Chromium, 1280×800, both locales',
  () => {
    let site: StaticSite;
    let browser: Browser;
    let context: BrowserContext;
    const visits: Visit[] = [];
    const loadTimes: { url: string; ms: number }[] = [];
    const searches = new Map<string, SearchVisit>();
    const notFound = new Map<string, NotFoundVisit>();
    /** Loads that threw (a timeout, a page that never loaded), per locale. */
    const broken: { locale: string; what: string; error: string }[] = [];
    const exercisePaths = loadCourse().exercises.map((e) => e.docs);
    const isExercise = (page: BuiltPage) => exercisePaths.some((p) => page.path === `${LOCALES.find((l) => l.name === page.locale)?.prefix ?? ''}${p}`);

    /** Loads `page` (at `heading`, if given), lets it settle, and looks at it. */
    const visit = async (tab: Tab, page: BuiltPage, heading: string | undefined, content: boolean): Promise<Visit> => {
      const { result, problems, ms } = await tab.load(`${site.origin}${urlOf({ page, heading })}`, async (loaded) => {
        const settled = await loaded.evaluate(settle, { diagrams: page.diagrams, ...SETTLE });
        return {
          settled,
          placement: heading ? await loaded.evaluate(headingPlacement, heading) : undefined,
          content: content ? { diagrams: await loaded.evaluate(diagrams), code: await loaded.evaluate(codeBlocks) } : undefined,
        };
      });
      loadTimes.push({ url: urlOf({ page, heading }), ms });
      return { page, heading, problems, ...result };
    };

    const search = async (tab: Tab, locale: LocaleUnderTest): Promise<SearchVisit> => {
      const { result, problems } = await tab.load(`${site.origin}${locale.prefix}/docs/`, async (page) => {
        await page.evaluate(settle, { diagrams: 0, ...SETTLE });
        const input = page.locator('input.navbar__search-input');
        const label = await input.getAttribute('aria-label');
        const placeholder = await input.getAttribute('placeholder');
        await input.click();
        await input.pressSequentially(locale.searchTerm, { delay: 20 });
        const options = page.locator('[role="listbox"] [role="option"]');
        await options
          .first()
          .waitFor({ state: 'visible', timeout: 15_000 })
          .catch(() => undefined); // no results: counted below
        const dropdown = (await page.locator('[role="listbox"]').allInnerTexts()).join(' ').trim();
        return { found: await options.count(), dropdown, label, placeholder };
      });
      return { problems, ...result };
    };

    const missingPage = async (tab: Tab, locale: LocaleUnderTest): Promise<NotFoundVisit> => {
      const { result, problems } = await tab.load(
        `${site.origin}${locale.prefix}/docs/no-such-page`,
        async (page) => {
          await page.evaluate(settle, { diagrams: 0, ...SETTLE });
          const main = page.locator('main').first();
          return {
            lang: await page.locator('html').getAttribute('lang'),
            title: await page.title(),
            heading: (await main.locator('h1').first().innerText()).trim(),
            lines: (await main.innerText()).split('\n').map((line) => line.trim()).filter(Boolean),
          };
        },
        { expectStatus: 404 },
      );
      return { problems, ...result };
    };

    beforeAll(async () => {
      site = await serveStatic(BUILD, LOCALES.filter((l) => l.prefix).map((l) => l.prefix.slice(1)));
      browser = await launchChromium();
      context = await desktopContext(browser);
      interface Job {
        locale: string;
        what: string;
        run: (tab: Tab) => Promise<void>;
      }
      const jobs: Job[] = [];
      for (const locale of LOCALES) {
        const add = (what: string, run: Job['run']) => jobs.push({ locale: locale.name, what, run });
        for (const page of builtPages(siteRoot, BUILD, locale, LOCALES)) {
          // An exercise page's one full look is also the deep link to its last heading.
          const last = isExercise(page) ? page.headings.at(-1) : undefined;
          add(urlOf({ page, heading: last }), async (tab) => void visits.push(await visit(tab, page, last, true)));
          if (!isExercise(page)) continue;
          const deep = ALL_DEEP_LINKS ? page.headings : page.headingsAfterDiagrams;
          for (const heading of new Set(deep.filter((h) => h !== last))) {
            add(urlOf({ page, heading }), async (tab) => void visits.push(await visit(tab, page, heading, false)));
          }
        }
        add('the search', async (tab) => void searches.set(locale.name, await search(tab, locale)));
        add('the 404 page', async (tab) => void notFound.set(locale.name, await missingPage(tab, locale)));
      }
      const started = Date.now();
      await inTabs(context, TABS, jobs, (tab, job) =>
        job.run(tab).catch((error: unknown) => void broken.push({ locale: job.locale, what: job.what, error: error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error) })),
      );
      const slowest = [...loadTimes].sort((a, b) => b.ms - a.ms).slice(0, 3);
      console.info(
        `${jobs.length} page loads in ${TABS} tabs took ${((Date.now() - started) / 1000).toFixed(1)} s; the slowest: ${slowest.map((l) => `${l.url} ${(l.ms / 1000).toFixed(1)} s`).join(', ')}`,
      );
    }, 600_000);

    afterAll(async () => {
      await browser?.close();
      await site?.close();
    });

    describe.each(LOCALES)('$name', (locale) => {
      const mine = () => visits.filter((v) => v.page.locale === locale.name).sort((a, b) => urlOf(a).localeCompare(urlOf(b)));
      const looked = () => mine().filter((v) => v.content);

      it('has pages to test', () => {
        expect(looked().map((v) => v.page.path)).toContain(`${locale.prefix}/docs/`);
        expect(looked().length).toBeGreaterThan(10);
      });

      it('loads every page without a console error or a failed request', () => {
        const problems = [
          ...broken.filter((b) => b.locale === locale.name).map((b) => `${b.what}: ${b.error}`),
          ...mine().flatMap((v) => v.problems.map((p) => `${urlOf(v)}: ${p}`)),
          ...(searches.get(locale.name)?.problems ?? []).map((p) => `the search: ${p}`),
          ...(notFound.get(locale.name)?.problems ?? []).map((p) => `the 404 page: ${p}`),
        ];
        expect(problems, `${problems.length} problems:${list(problems)}`).toEqual([]);
      });

      it('renders every Mermaid diagram to an SVG', () => {
        const problems = looked()
          .filter((v) => !v.settled.settled || v.content?.diagrams.rendered !== v.page.diagrams || v.content.diagrams.errors.length > 0)
          .map(
            (v) =>
              `${v.page.path}: ${v.content?.diagrams.rendered} of ${v.page.diagrams} diagrams rendered${v.settled.settled ? '' : `, and the page had not settled after ${v.settled.ms} ms`}${v.content?.diagrams.errors.length ? `; errors: ${v.content.diagrams.errors.join(' | ')}` : ''}`,
          );
        expect(looked().reduce((n, v) => n + v.page.diagrams, 0), 'diagrams in the sources').toBeGreaterThan(0);
        expect(problems, `${problems.length} pages:${list(problems)}`).toEqual([]);
      });

      it(`draws every diagram label at ${MIN_LABEL_PX} px or more`, () => {
        const small = looked().flatMap((v) =>
          (v.content?.diagrams.smallest ?? [])
            .filter((label) => label.px < MIN_LABEL_PX)
            .map((label) => `${v.page.path}, diagram ${label.diagram + 1}: "${label.text}" is ${label.px} px`),
        );
        expect(small, `${small.length} diagrams with labels under ${MIN_LABEL_PX} px:${list(small)}`).toEqual([]);
      });

      // Scrollbars that show only while scrolling (as here) leave a block that scrolls sideways
      // looking as if its lines were cut off: a block passes if every line fits or wraps, or if
      // it shows a scrollbar; none clips a line with overflow: hidden.
      it('shows every line of every code block in full', () => {
        const problems = looked().flatMap((v) =>
          (v.content?.code.problems ?? []).map((p) => `${v.page.path}, block ${p.block + 1} ("${p.firstLine}"): ${p.problem}`),
        );
        expect(looked().reduce((n, v) => n + (v.content?.code.blocks ?? 0), 0), 'code blocks seen').toBeGreaterThan(0);
        expect(problems, `${problems.length} code blocks:${list(problems)}`).toEqual([]);
      });

      it('lands a deep link into an exercise page on its heading once the page has settled', () => {
        const links = mine().filter((v) => v.heading);
        expect(links.length, 'deep links tried').toBeGreaterThanOrEqual(exercisePaths.length);
        const failures = links.flatMap((v) => {
          const out: string[] = [];
          if (!v.settled.settled) out.push(`${urlOf(v)}: the page had not settled after ${v.settled.ms} ms (${v.settled.rendered} of ${v.page.diagrams} diagrams)`);
          const wrong = v.placement && misplaced(v.placement);
          if (wrong) out.push(`${urlOf(v)}: ${wrong}`);
          return out;
        });
        expect(failures, `${failures.length} of ${links.length} deep links:${list(failures)}`).toEqual([]);
      });

      it(`finds "${locale.searchTerm}" with the search box`, () => {
        const result = searches.get(locale.name);
        expect(result?.found ?? 0, `no results for "${locale.searchTerm}"; the dropdown says: ${result?.dropdown || '(nothing)'}`).toBeGreaterThan(0);
      });

      it("labels the search box in the page's language", () => {
        const result = searches.get(locale.name);
        expect(result?.label ?? '', `aria-label "${result?.label}" (placeholder "${result?.placeholder}")`).toMatch(locale.language);
      });

      it("shows a missing page's 404 page in the locale's language", () => {
        const result = notFound.get(locale.name);
        expect(result, 'the 404 page was not loaded').toBeDefined();
        if (!result) return;
        expect(result.lang).toBe(locale.name);
        // The tab's title names the page ("… | Shipshape"), in the page's language.
        const [pageTitle, siteTitle] = result.title.split(' | ');
        expect(siteTitle, `the 404 page's title "${result.title}" names no page`).toBeDefined();
        expect(pageTitle, `the 404 page's title "${result.title}"`).toMatch(locale.language);
        expect(result.heading, `the 404 page's heading "${result.heading}"`).toMatch(locale.language);
        for (const line of result.lines) expect(line, `the 404 page says "${line}"`).toMatch(locale.language);
      });
    });
  },
);
