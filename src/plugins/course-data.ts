// A local Docusaurus plugin: reads course.yaml (the one manifest) and infra/images/Dockerfile
// (the one list of image tags) at build time and exposes both to the site as global data, for
// the components in src/components/course. It also puts the loader that tracks embedded repo
// files (embed-deps-loader.cjs) in front of the MDX loader.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadContext, Plugin } from '@docusaurus/types';
import type { Compiler } from 'webpack';
import { loadCourse, requireFromRepo } from '../course/manifest.ts';
import { COURSE_DATA_PLUGIN, type CourseData } from '../course/types.ts';

const embedDepsLoader = fileURLToPath(new URL('./embed-deps-loader.cjs', import.meta.url));

/**
 * The same "type": "module" makes Node load the server bundle's chunks (build/__server/*.js,
 * CommonJS) as ES modules during static rendering: "exports is not defined in ES module scope".
 * A package.json next to them says what they are.
 */
class CommonJsServerOutput {
  apply(compiler: Compiler): void {
    const { RawSource } = compiler.webpack.sources;
    compiler.hooks.thisCompilation.tap('CommonJsServerOutput', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'CommonJsServerOutput', stage: 0 }, () => {
        compilation.emitAsset('package.json', new RawSource('{ "type": "commonjs" }\n'));
      });
    });
  }
}

// Typed Plugin<unknown>: Docusaurus's `plugins` option accepts no narrower content type.
export default function courseDataPlugin(context: LoadContext): Plugin {
  const { siteDir } = context;
  return {
    name: COURSE_DATA_PLUGIN,

    getPathsToWatch() {
      return [join(siteDir, 'course.yaml'), join(siteDir, 'infra/images/Dockerfile')];
    },

    async loadContent(): Promise<CourseData> {
      const manifest = loadCourse(siteDir);
      // The same parser the checker and `npm run images` use, so the tags shown are the tags used.
      const { courseImages } = requireFromRepo<typeof import('../../infra/images.ts')>(siteDir, 'infra/images.ts');
      const images = Object.entries(await courseImages()).map(([name, ref]) => ({ name, ref }));
      return { manifest, images };
    },

    async contentLoaded({ content, actions }) {
      actions.setGlobalData(content);
    },

    configureWebpack(_config, isServer) {
      return {
        plugins: isServer ? [new CommonJsServerOutput()] : [],
        module: {
          rules: [
            // package.json says "type": "module" (for the checker and scripts), which makes the
            // bundler parse Docusaurus's generated .js files as strict ES modules and leave their
            // `require.resolveWeak` calls untranslated: the build then dies with "require.resolveWeak
            // is not a function". Those files are written for `javascript/auto`.
            { test: /\.js$/, include: [context.generatedFilesDir], type: 'javascript/auto' },
            {
              test: /\.mdx?$/,
              include: [join(siteDir, 'docs'), join(siteDir, 'i18n')],
              enforce: 'pre',
              use: [{ loader: embedDepsLoader, options: { rootDir: siteDir } }],
            },
          ],
        },
      };
    },
  };
}
