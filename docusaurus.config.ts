// The Shipshape documentation site: English at /, Simplified Chinese at /zh-Hans/.
// `npm start` serves one locale with live reload (add `-- --locale zh-Hans` for Chinese);
// `npm run build` builds both, and fails on any broken link, anchor or embedded file.
import { fileURLToPath } from 'node:url';
import type * as Preset from '@docusaurus/preset-classic';
import type { Config } from '@docusaurus/types';
import { themes as prismThemes } from 'prism-react-renderer';
import courseDataPlugin from './src/plugins/course-data.ts';
import remarkEmbedFile from './src/remark/embed-file.ts';

const rootDir = fileURLToPath(new URL('.', import.meta.url));

/**
 * CSS cascade layers, lowest priority first: the v4 defaults, then the search plugin, then the
 * site's own CSS (src/css and every CSS module under src/). Rspack's built-in browser list
 * still counts some browsers without layer support, so Lightning CSS downgrades layers to
 * `:not(#\#)` specificity boosts; CSS outside any layer then gets no boost and loses to
 * Infima, which is how custom.css's colours were ignored. Giving the site the last layer
 * gives it the biggest boost, and in browsers with real layers it wins anyway.
 */
const inPath = (...parts: string[]) => (file: string) => parts.some((part) => file.split('\\').join('/').includes(part));
const cssLayers = {
  'docusaurus.infima': inPath('node_modules/infima/dist'),
  'docusaurus.theme-common': inPath('node_modules/@docusaurus/theme-common/lib'),
  'docusaurus.theme-classic': inPath('node_modules/@docusaurus/theme-classic/lib'),
  'docusaurus.core': inPath('node_modules/@docusaurus/core/lib'),
  'docusaurus.theme-mermaid': inPath('node_modules/@docusaurus/theme-mermaid/lib'),
  'search-local': inPath('node_modules/@easyops-cn/'),
  'shipshape.site': inPath(`${rootDir.split('\\').join('/')}src/`),
};

const config: Config = {
  title: 'Shipshape',
  tagline: 'A hands-on DevOps workshop for TypeScript backend developers',
  favicon: 'img/favicon.svg',

  // The checker prints links to http://localhost:3100 (docsUrl in course.yaml).
  url: 'http://localhost:3100',
  baseUrl: '/',

  future: {
    // `v4: true`, spelled out, with one exception: the CSS cascade layers plugin is added
    // below with a layer for this site's own CSS (cssLayers explains why).
    v4: {
      removeLegacyPostBuildHeadAttribute: true,
      useCssCascadeLayers: false,
      siteStorageNamespacing: true,
      fasterByDefault: true,
      mdx1CompatDisabledByDefault: true,
    },
    faster: true,
  },

  onBrokenLinks: 'throw',
  onBrokenAnchors: 'throw',
  onDuplicateRoutes: 'throw',

  i18n: {
    defaultLocale: 'en',
    locales: ['en', 'zh-Hans'],
    localeConfigs: {
      en: { label: 'English', htmlLang: 'en' },
      'zh-Hans': { label: '简体中文', htmlLang: 'zh-Hans' },
    },
  },

  markdown: {
    mermaid: true,
    hooks: { onBrokenMarkdownLinks: 'throw', onBrokenMarkdownImages: 'throw' },
    // Keep the `## Heading {#explicit-id}` syntax: the checker's docs links point at these ids,
    // and the Chinese pages reuse them verbatim. (future.v4 would otherwise turn it off.)
    mdx1Compat: { headingIds: true },
  },

  presets: [
    [
      'classic',
      {
        docs: {
          routeBasePath: 'docs',
          sidebarPath: './sidebars.ts',
          remarkPlugins: [[remarkEmbedFile, { rootDir }]],
        },
        blog: false,
        theme: { customCss: './src/css/custom.css' },
      } satisfies Preset.Options,
    ],
  ],

  themes: [
    '@docusaurus/theme-mermaid',
    [
      '@easyops-cn/docusaurus-search-local',
      {
        // "zh" splits Chinese text into words; without it Chinese pages are barely searchable.
        language: ['en', 'zh'],
        hashed: true,
        indexDocs: true,
        indexBlog: false,
        indexPages: false,
        docsRouteBasePath: 'docs',
        highlightSearchTermsOnTargetPage: true,
        explicitSearchResultPath: true,
      },
    ],
  ],

  plugins: [['@docusaurus/plugin-css-cascade-layers', { layers: cssLayers }], courseDataPlugin],
  // A deep link (page#heading) lands on its heading once the diagrams above it have rendered.
  clientModules: ['./src/client/deep-links.ts'],

  themeConfig: {
    colorMode: { respectPrefersColorScheme: true },
    navbar: {
      title: 'Shipshape',
      logo: { alt: 'Shipshape', src: 'img/logo.svg' },
      items: [
        { type: 'docSidebar', sidebarId: 'course', position: 'left', label: 'Course' },
        { type: 'doc', docId: 'setup', position: 'left', label: 'Setup' },
        { type: 'doc', docId: 'checker', position: 'left', label: 'Checker' },
        { type: 'localeDropdown', position: 'right' },
        { type: 'search', position: 'right' },
      ],
    },
    footer: {
      style: 'dark',
      links: [
        {
          title: 'Start here',
          items: [
            { label: 'Introduction', to: '/docs/' },
            { label: 'Setup', to: '/docs/setup' },
            { label: 'How the checker works', to: '/docs/checker' },
            { label: 'Grading a class', to: '/docs/grading' },
          ],
        },
      ],
      copyright: 'Shipshape · an open DevOps workshop · MIT licensed',
    },
    docs: { sidebar: { hideable: true } },
    prism: {
      theme: prismThemes.github,
      darkTheme: prismThemes.dracula,
      additionalLanguages: ['docker', 'bash', 'ignore', 'diff', 'json'],
    },
    mermaid: { theme: { light: 'neutral', dark: 'dark' } },
  } satisfies Preset.ThemeConfig,
};

export default config;
