// The "page not found" text, with the page title set too. A missing page under /docs/ is shown
// by the docs plugin, which renders only this text, so the tab said "Shipshape" in both
// languages rather than "Page Not Found | Shipshape" or "找不到页面 | Shipshape".
import React, { type ComponentProps, type ReactNode } from 'react';
import Content from '@theme-original/NotFound/Content';
import { PageMetadata } from '@docusaurus/theme-common';
import { translate } from '@docusaurus/Translate';

export default function NotFoundContent(props: ComponentProps<typeof Content>): ReactNode {
  const title = translate({ id: 'theme.NotFound.title', message: 'Page Not Found', description: 'The title of the 404 page' });
  return (
    <>
      <PageMetadata title={title} />
      <Content {...props} />
    </>
  );
}
