// Functions the browser test runs inside a page (Playwright's page.evaluate serialises them, so
// each one is self-contained: no imports, no references to anything outside its own body).

export interface SettleResult {
  settled: boolean;
  /** Mermaid diagrams rendered to an SVG when the page settled or the time ran out. */
  rendered: number;
  ms: number;
}

/**
 * Waits until the page has loaded, its fonts are in, `diagrams` Mermaid diagrams have rendered,
 * and then nothing moves (document height, scroll position, the hash's target) for `quietMs`.
 */
export async function settle({ diagrams, quietMs, timeoutMs }: { diagrams: number; quietMs: number; timeoutMs: number }): Promise<SettleResult> {
  const start = performance.now();
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  while (document.readyState !== 'complete' && performance.now() - start < timeoutMs) await sleep(25);
  await document.fonts.ready;
  let last = '';
  let stableSince = performance.now();
  let rendered = 0;
  while (performance.now() - start < timeoutMs) {
    rendered = document.querySelectorAll('.docusaurus-mermaid-container svg:not(svg svg)').length;
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id ? document.getElementById(id) : null;
    const signature = [rendered, document.documentElement.scrollHeight, Math.round(scrollY), Math.round(target?.getBoundingClientRect().top ?? 0)].join();
    if (signature !== last) {
      last = signature;
      stableSince = performance.now();
    } else if (rendered >= diagrams && performance.now() - stableSince >= quietMs) {
      return { settled: true, rendered, ms: Math.round(performance.now() - start) };
    }
    await sleep(50);
  }
  return { settled: false, rendered, ms: Math.round(performance.now() - start) };
}

export interface DiagramLabel {
  diagram: number;
  text: string;
  /** Rendered size: the computed font size times the scale the SVG is drawn at. */
  px: number;
}

export interface DiagramReport {
  rendered: number;
  /** Mermaid's error boxes, or an error boundary's message where a diagram should be. */
  errors: string[];
  /** The smallest label of each rendered diagram. */
  smallest: DiagramLabel[];
}

/** Every rendered Mermaid diagram and the smallest text in it, as drawn on screen. */
export function diagrams(): DiagramReport {
  const svgs = Array.from(document.querySelectorAll<SVGSVGElement>('.docusaurus-mermaid-container svg:not(svg svg)'));
  const smallest: DiagramLabel[] = [];
  svgs.forEach((svg, diagram) => {
    let min: DiagramLabel | undefined;
    for (const el of Array.from(svg.querySelectorAll('*'))) {
      if (['style', 'title', 'desc', 'script', 'defs'].includes(el.localName) || el.closest('defs')) continue;
      const own = Array.from(el.childNodes)
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent ?? '')
        .join('')
        .trim();
      if (!own) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
      // An SVG element's screen matrix includes the viewBox scaling and every transform above
      // it; text inside a <foreignObject> is scaled by the foreignObject's matrix.
      const graphics = el instanceof SVGGraphicsElement ? el : el.closest('foreignObject');
      const m = graphics instanceof SVGGraphicsElement ? graphics.getScreenCTM() : null;
      const scale = m ? Math.hypot(m.a, m.b) : svg.getBoundingClientRect().width / (svg.viewBox.baseVal?.width || svg.getBoundingClientRect().width);
      const px = Math.round(parseFloat(style.fontSize) * scale * 10) / 10;
      if (!min || px < min.px) min = { diagram, text: own.slice(0, 60), px };
    }
    if (min) smallest.push(min);
  });
  const errors = Array.from(document.querySelectorAll('[id^="dmermaid"], .error-icon, .theme-doc-markdown [role="alert"]')).map((e) =>
    (e.textContent ?? '').trim().slice(0, 200),
  );
  return { rendered: svgs.length, errors, smallest };
}

export interface CodeBlockProblem {
  block: number;
  /** The first line of the block, to find it on the page. */
  firstLine: string;
  problem: string;
}

/**
 * Code blocks whose lines the reader cannot see in full: a box between a line and the page that
 * cuts off what overflows it (overflow hidden or clip), one that scrolls but shows no scrollbar,
 * or a block that runs past the right edge of the window.
 */
export function codeBlocks(): { blocks: number; problems: CodeBlockProblem[] } {
  const problems: CodeBlockProblem[] = [];
  const pres = Array.from(document.querySelectorAll<HTMLElement>('main pre, article pre')).filter((p, i, all) => all.indexOf(p) === i);
  const viewport = document.documentElement.clientWidth;
  pres.forEach((pre, block) => {
    const firstLine = (pre.textContent ?? '').trim().split('\n')[0]?.slice(0, 80) ?? '';
    const report = (problem: string) => problems.push({ block, firstLine, problem });
    const code = pre.querySelector('code') ?? pre;
    const stop = pre.closest('article, main') ?? document.body;
    let scroller: HTMLElement | undefined;
    for (let el: HTMLElement | null = code; el && el !== stop; el = el.parentElement) {
      const style = getComputedStyle(el);
      if (style.overflowX === 'visible') continue;
      if (el.scrollWidth <= el.clientWidth + 1) continue;
      const name = `<${el.localName}${el.className && typeof el.className === 'string' ? ` class="${el.className}"` : ''}>`;
      if (style.overflowX === 'hidden' || style.overflowX === 'clip') {
        report(`${el.scrollWidth - el.clientWidth}px of its lines are cut off by overflow-x: ${style.overflowX} on ${name}`);
        return;
      }
      scroller ??= el;
      // A scrollbar that takes space is one the reader can see; `scrollbar-width: none` or a
      // zero-sized ::-webkit-scrollbar leaves it scrollable with no sign that anything is hidden.
      const borders = parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth);
      if (el.offsetHeight - el.clientHeight - borders < 1) {
        report(`${el.scrollWidth - el.clientWidth}px of its lines are hidden in ${name}, which scrolls but shows no scrollbar`);
        return;
      }
    }
    const right = (scroller ?? pre).getBoundingClientRect().right;
    if (right > viewport + 1) report(`it runs ${Math.round(right - viewport)}px past the right edge of the window`);
  });
  return { blocks: pres.length, problems };
}

export interface HeadingPlacement {
  found: boolean;
  top: number;
  bottom: number;
  /** Where a jump to the heading puts its top: its scroll-margin-top. */
  landing: number;
  /** The bottom of the sticky navbar, which covers what is under it. */
  navbarBottom: number;
  viewportHeight: number;
  /** Whether the page is scrolled as far down as it goes (a heading near the end can't reach the top). */
  atEnd: boolean;
}

/** Where the heading `id` is in the viewport. */
export function headingPlacement(id: string): HeadingPlacement {
  const el = document.getElementById(id);
  const navbar = document.querySelector('.navbar');
  const viewportHeight = document.documentElement.clientHeight;
  const atEnd = Math.ceil(scrollY + viewportHeight) >= document.documentElement.scrollHeight - 1;
  const navbarBottom = navbar && getComputedStyle(navbar).position === 'sticky' ? navbar.getBoundingClientRect().bottom : 0;
  if (!el) return { found: false, top: 0, bottom: 0, landing: 0, navbarBottom, viewportHeight, atEnd };
  const box = el.getBoundingClientRect();
  return {
    found: true,
    top: Math.round(box.top),
    bottom: Math.round(box.bottom),
    landing: Math.round(parseFloat(getComputedStyle(el).scrollMarginTop) || 0),
    navbarBottom: Math.round(navbarBottom),
    viewportHeight,
    atEnd,
  };
}
