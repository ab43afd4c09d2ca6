import { buildErrorSummary } from '../../src/docker/build.js';
import { needs } from '../../src/exercise.js';
import { fail, tail } from '../../src/verdict.js';
import type { ImageStack } from './stack.js';

const INSTALL = /^RUN\b.*\b(npm (ci|install|i)|yarn( install)?|pnpm (i|install))\b/;

export async function layerCache(stack: ImageStack): Promise<void> {
  const { build, changed } = await needs('image-builds', stack.rebuildAfterSourceChange);
  if (!build.ok) {
    fail(`the image to rebuild after a change to ${changed}`, buildErrorSummary(build.output), {
      title: 'rebuild output',
      lines: tail(build.output, 20),
    });
  }
  const installs = build.steps.filter((s) => INSTALL.test(s.instruction));
  if (installs.length === 0) {
    fail('a RUN step that installs dependencies (npm ci)', 'no such step in the build');
  }
  const rerun = installs.filter((s) => !s.cached);
  if (rerun.length > 0) {
    fail(
      `after changing only ${changed}, the dependency install to come from the cache`,
      rerun.map((s) => `[${s.stage}] ${s.instruction} ran again`).join('; '),
      { title: 'rebuild steps', lines: build.steps.map((s) => `${s.cached ? 'CACHED' : 'RAN   '} [${s.stage}] ${s.instruction}`) },
    );
  }
  if (build.steps.every((s) => s.cached)) {
    fail(`the change to ${changed} to reach the image`, 'every step came from the cache: is src/ copied into the build?');
  }
}
