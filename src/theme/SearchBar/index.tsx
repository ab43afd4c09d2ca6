// The search box of @easyops-cn/docusaurus-search-local, with its aria-label translated: the
// plugin translates the placeholder but writes aria-label="Search" on every locale, so a screen
// reader announced an English label on the Chinese pages.
import React, { useEffect, useRef, type ComponentProps, type ReactNode } from 'react';
import SearchBar from '@theme-original/SearchBar';
import { translate } from '@docusaurus/Translate';

export default function TranslatedSearchBar(props: ComponentProps<typeof SearchBar>): ReactNode {
  const box = useRef<HTMLDivElement>(null);
  const label = translate({
    id: 'theme.SearchBar.label',
    message: 'Search',
    description: 'The ARIA label and placeholder for search button',
  });
  useEffect(() => {
    box.current?.querySelector('input.navbar__search-input')?.setAttribute('aria-label', label);
  });
  return (
    <div ref={box} style={{ display: 'contents' }}>
      <SearchBar {...props} />
    </div>
  );
}
