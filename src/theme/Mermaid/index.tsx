/// <reference types="@docusaurus/theme-mermaid" />
// Mermaid diagrams, readable at any width. Mermaid draws a diagram as wide as it needs and the
// theme shrinks it to the column: a wide flowchart came out with 5 px labels on a desktop
// screen. Here a diagram shrinks only as far as its smallest label stays MIN_LABEL_PX, and
// beyond that keeps that size and scrolls sideways in its frame.
import React, { useEffect, useRef, type ReactNode } from 'react';
import Mermaid from '@theme-original/Mermaid';
import type { Props } from '@theme/Mermaid';
import styles from './styles.module.css';

/** The smallest a label is drawn, in CSS pixels. (The browser test's floor is 11.) */
const MIN_LABEL_PX = 12;

/** Gives `svg` the min-width at which its smallest label is MIN_LABEL_PX. */
function keepReadable(svg: SVGSVGElement): void {
  const natural = svg.viewBox.baseVal?.width;
  const drawn = svg.getBoundingClientRect().width;
  if (!natural || !drawn) return;
  const svgScale = drawn / natural;
  let smallest = Infinity;
  for (const el of Array.from(svg.querySelectorAll('*'))) {
    const hasText = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim());
    if (!hasText || el.closest('style, title, desc, defs')) continue;
    const graphics = el instanceof SVGGraphicsElement ? el : el.closest('foreignObject');
    const matrix = graphics instanceof SVGGraphicsElement ? graphics.getScreenCTM() : null;
    // The label's size in the SVG's own units, with any transform between the two applied.
    const inner = matrix ? Math.hypot(matrix.a, matrix.b) / svgScale : 1;
    const size = parseFloat(getComputedStyle(el).fontSize) * inner;
    if (size > 0) smallest = Math.min(smallest, size);
  }
  if (!Number.isFinite(smallest)) return;
  const scale = Math.min(1, MIN_LABEL_PX / smallest);
  svg.style.minWidth = `${Math.ceil(natural * scale)}px`;
}

export default function MermaidReadable(props: Props): ReactNode {
  const frame = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = frame.current;
    if (!element) return undefined;
    // The diagram renders after mount, and again when the colour mode changes.
    const apply = () => {
      const svg = element.querySelector<SVGSVGElement>('svg');
      if (svg && !svg.dataset.readable) {
        svg.dataset.readable = 'true';
        keepReadable(svg);
        element.dataset.diagram = 'rendered';
      }
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(element, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);
  // data-diagram says whether the diagram has rendered yet: src/client/deep-links.ts waits for
  // every diagram of a page before it stops keeping a deep link's heading in place.
  return (
    <div ref={frame} className={styles.frame} data-diagram="pending">
      <Mermaid {...props} />
    </div>
  );
}
