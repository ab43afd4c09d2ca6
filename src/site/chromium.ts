// Debian's Chromium driven by playwright-core, for the browser test: one browser, a few tabs
// that each load one URL after another, and everything that went wrong while a page loaded and
// was looked at (console errors, uncaught exceptions, failed requests) collected per page.
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Frame, type Page, type Request, type Response } from 'playwright-core';

/** Debian's Chromium; SHIPSHAPE_CHROMIUM names another build of it. */
export const CHROMIUM = process.env.SHIPSHAPE_CHROMIUM || '/usr/bin/chromium';

/** A desktop window: the size the review measured diagrams and code blocks at. */
export const DESKTOP = { width: 1280, height: 800 } as const;

/**
 * Headless, with Playwright's defaults, which hide scrollbars: the page looks as it does where
 * scrollbars show only while scrolling (macOS, phones), so nothing there tells a reader that a
 * box scrolls sideways.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

export async function desktopContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: DESKTOP, colorScheme: 'light' });
}

export interface Loaded<T> {
  result: T;
  /** Console errors, uncaught exceptions, failed requests and 4xx/5xx responses. */
  problems: string[];
  /** The main document's HTTP status. */
  status: number | undefined;
  /** How long the load and the look at the page took. */
  ms: number;
}

const withoutHash = (url: string) => url.split('#')[0] ?? url;

/**
 * A browser tab that loads one page after another. Each load is a new document, as when a
 * reader opens a link: a URL that differs from the last one only in its #hash would be a jump
 * within the page, so it gets a query parameter of its own. (Loading in the same tab rather than
 * a new one lets Chromium keep its compiled scripts, which halves the time a page takes.)
 */
export class Tab {
  private loads = 0;
  private last: string | undefined;

  private constructor(readonly page: Page) {}

  static async open(context: BrowserContext): Promise<Tab> {
    return new Tab(await context.newPage());
  }

  /**
   * Loads `url`, runs `inspect` on the page, and reports what went wrong meanwhile. A main
   * document answered with `expectStatus` (a 404 page's 404) is not counted as a failure.
   */
  async load<T>(url: string, inspect: (page: Page) => Promise<T>, { expectStatus = 200 }: { expectStatus?: number } = {}): Promise<Loaded<T>> {
    const { page } = this;
    this.loads += 1;
    let target = url;
    if (this.last !== undefined && withoutHash(this.last) === withoutHash(url)) {
      const [rest, hash] = url.split('#');
      target = `${rest}${rest?.includes('?') ? '&' : '?'}load=${this.loads}${hash === undefined ? '' : `#${hash}`}`;
    }
    this.last = target;
    const document = withoutHash(target);
    const problems: string[] = [];
    // Until the new document commits, the previous one may still log, or see its requests
    // cancelled by the navigation: none of that is this page's.
    let committed = false;
    const ours = new Set<Request>();
    const onFrame = (frame: Frame) => {
      if (frame === page.mainFrame() && withoutHash(frame.url()) === document) committed = true;
    };
    const onRequest = (request: Request) => {
      if (committed || request.isNavigationRequest()) ours.add(request);
    };
    const onConsole = (message: ConsoleMessage) => {
      if (!committed || message.type() !== 'error') return;
      const where = message.location().url;
      // Chromium's own line for a document answered with the status expected of it.
      if (expectStatus >= 400 && withoutHash(where) === document && message.text().startsWith('Failed to load resource')) return;
      problems.push(`console error: ${message.text()}${where ? ` (${where})` : ''}`);
    };
    const onPageError = (error: Error) => {
      if (committed) problems.push(`uncaught exception: ${error.message}`);
    };
    const onFailed = (request: Request) => {
      if (ours.has(request)) problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? 'no reason given'})`);
    };
    const onResponse = (response: Response) => {
      const status = response.status();
      if (status < 400 || !ours.has(response.request())) return;
      if (status === expectStatus && response.request().isNavigationRequest() && withoutHash(response.url()) === document) return;
      problems.push(`HTTP ${status}: ${response.url()}`);
    };
    // One tab loads page after page: the listeners belong to this load only.
    const listeners = [
      ['framenavigated', onFrame],
      ['request', onRequest],
      ['console', onConsole],
      ['pageerror', onPageError],
      ['requestfailed', onFailed],
      ['response', onResponse],
    ] as const;
    for (const [event, listener] of listeners) page.on(event as 'request', listener as (r: Request) => void);
    const started = Date.now();
    try {
      const response = await page.goto(target, { waitUntil: 'load', timeout: 30_000 });
      const status = response?.status();
      if (status !== expectStatus) problems.push(`the page answered HTTP ${status ?? 'nothing'}, not ${expectStatus}`);
      const result = await inspect(page);
      return { result, problems: [...problems], status, ms: Date.now() - started };
    } finally {
      for (const [event, listener] of listeners) page.off(event as 'request', listener as (r: Request) => void);
    }
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}

/**
 * Runs every job in one of `tabs` tabs, each tab taking the next job when it is done with one.
 * Returns the jobs' results in the jobs' order.
 */
export async function inTabs<T, R>(context: BrowserContext, tabs: number, items: readonly T[], work: (tab: Tab, item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    const tab = await Tab.open(context);
    try {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(tab, items[index] as T);
      }
    } finally {
      await tab.close();
    }
  };
  await Promise.all(Array.from({ length: Math.min(tabs, items.length) }, worker));
  return results;
}
