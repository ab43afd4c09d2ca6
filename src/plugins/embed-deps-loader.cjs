// A pass-through bundler loader that runs before the MDX loader. It registers every repository
// file a page embeds with `file=<rootDir>/...` (see src/remark/embed-file.ts) as a dependency of
// that page, so that editing a Dockerfile or server.ts rebuilds the page in `npm start`, and so
// that the persistent build cache is invalidated when an embedded file changes or disappears.
// Plain CommonJS: the bundler loads loaders with Node's require, outside the TypeScript config.
const { existsSync } = require('node:fs');
const { resolve } = require('node:path');

const FILE_SPEC = /\bfile=(?:"(<rootDir>\/[^"]+)"|(<rootDir>\/\S+))/g;

module.exports = function embedDepsLoader(source) {
  const { rootDir } = this.getOptions();
  for (const match of source.matchAll(FILE_SPEC)) {
    const spec = match[1] ?? match[2];
    const path = resolve(rootDir, spec.slice('<rootDir>/'.length));
    if (existsSync(path)) this.addDependency(path);
    else this.addMissingDependency(path);
  }
  return source;
};
