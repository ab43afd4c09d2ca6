// How `npm run check` loads the checker's TypeScript: with Node's own type stripping, plus this
// one resolve hook, instead of tsx. tsx runs every module through its loader, vitest's thousand
// included: on Node 24.9 the CLI took 3.3 s to load that way and 1.3 s this way, two seconds of
// every check a learner runs (bench: `npm run bench -- --exercise exercise-1`).
//
// The sources import each other as `./module.js` (NodeNext's rule for ESM); Node looks for that
// very file. A relative `.js` that does not exist is looked for as `.ts`. Everything else, and
// every package, resolves as Node resolves it, in this thread (registerHooks, not register).
//
// `--experimental-transform-types` in the check script: the checker's classes use TypeScript's
// parameter properties, which plain type stripping refuses. With `erasableSyntaxOnly` in
// tsconfig.json the flag could go.
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      const relativeJs = /^\.{1,2}\/.*\.js$/.test(specifier);
      if (!relativeJs || error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
      return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
    }
  },
});
