// Deep links that land on their heading. A link such as /docs/stage-1/exercise-1#run-it (the
// checker prints them) scrolls to the heading as the page loads; the page's Mermaid diagrams
// render a few seconds later, each pushing everything below it down, and the heading ended up
// far down the window or below it. After a page with a #hash shows, this puts the heading back
// at the top whenever the page's height changes, until every diagram has rendered (the Mermaid
// wrapper in src/theme/Mermaid marks them data-diagram="pending" until then) and the page has
// kept still for a second, or the reader scrolls, clicks or types.
import type { ClientModule } from '@docusaurus/types';

/** Stop once no diagram is pending and the page has kept its height this long. */
const STILL_MS = 1_000;
/** Give up after this long, whatever is still rendering (a diagram that failed stays pending). */
const FOLLOW_MAX_MS = 60_000;
const READER_EVENTS = ['wheel', 'touchstart', 'mousedown', 'keydown'] as const;

let stopFollowing: (() => void) | undefined;

function follow(hash: string): void {
  stopFollowing?.();
  let id: string;
  try {
    id = decodeURIComponent(hash.slice(1));
  } catch {
    return;
  }
  if (!id || typeof ResizeObserver === 'undefined') return;
  // The site's root element grows with the page (body and html are the window's height).
  const root = document.getElementById('__docusaurus') ?? document.documentElement;
  const started = performance.now();
  let changed = started;
  // How far the page scrolls, which can change with no change to the root's own box.
  const extent = () => document.documentElement.scrollHeight;
  let height = -1;
  const realign = () => {
    height = extent();
    changed = performance.now();
    const target = document.getElementById(id);
    if (!target) return;
    const landing = parseFloat(getComputedStyle(target).scrollMarginTop) || 0;
    if (Math.abs(target.getBoundingClientRect().top - landing) > 1) target.scrollIntoView({ block: 'start', behavior: 'instant' });
  };
  // A resize is seen at the next frame; the timer also catches one that a busy page has not
  // drawn yet, and growth outside the root, before it decides that nothing is left to wait for.
  const resized = new ResizeObserver(realign);
  resized.observe(root);
  const poll = setInterval(() => {
    if (extent() !== height) realign();
    const now = performance.now();
    const pending = document.querySelector('[data-diagram="pending"]') !== null;
    if ((!pending && now - changed >= STILL_MS) || now - started >= FOLLOW_MAX_MS) stop();
  }, 250);
  const stop = () => {
    resized.disconnect();
    clearInterval(poll);
    for (const type of READER_EVENTS) removeEventListener(type, stop, true);
    if (stopFollowing === stop) stopFollowing = undefined;
  };
  for (const type of READER_EVENTS) addEventListener(type, stop, { capture: true, passive: true });
  stopFollowing = stop;
}

const deepLinks: ClientModule = {
  onRouteDidUpdate({ location }) {
    if (location.hash) follow(location.hash);
    else stopFollowing?.();
  },
};

export default deepLinks;
