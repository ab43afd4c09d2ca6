import { buildErrorText } from '../../src/docker/build.js';
import { needs } from '../../src/exercise.js';
import { CLAUSES, joinSaid, say } from '../../src/locale.js';
import { fail, tail } from '../../src/verdict.js';
import type { ImageStack } from './stack.js';

const INSTALL = /^RUN\b.*\b(npm (ci|install|i)|yarn( install)?|pnpm (i|install))\b/;

export async function layerCache(stack: ImageStack): Promise<void> {
  const { build, changed } = await needs('image-builds', stack.rebuildAfterSourceChange);
  if (!build.ok) {
    fail(say(`the image to rebuild after a change to ${changed}`, `修改 ${changed} 之后镜像能重新构建`), buildErrorText(build.output), {
      title: say('rebuild output', '重新构建的输出'),
      lines: tail(build.output, 20),
    });
  }
  const installs = build.steps.filter((s) => INSTALL.test(s.instruction));
  if (installs.length === 0) {
    fail(say('a RUN step that installs dependencies (npm ci)', '有一个安装依赖的 RUN 步骤（npm ci）'), say('no such step in the build', '构建里没有这样的步骤'));
  }
  const rerun = installs.filter((s) => !s.cached);
  if (rerun.length > 0) {
    fail(
      say(`after changing only ${changed}, the dependency install to come from the cache`, `只修改 ${changed} 时，安装依赖的步骤直接使用缓存`),
      joinSaid(
        rerun.map((s) => say(`[${s.stage}] ${s.instruction} ran again`, `[${s.stage}] ${s.instruction} 又执行了一遍`)),
        CLAUSES,
      ),
      {
        title: say('rebuild steps', '重新构建的各个步骤'),
        lines: build.steps.map((s) => `${s.cached ? 'CACHED' : 'RAN   '} [${s.stage}] ${s.instruction}`),
      },
    );
  }
  if (build.steps.every((s) => s.cached)) {
    fail(
      say(`the change to ${changed} to reach the image`, `对 ${changed} 的修改能进入镜像`),
      say('every step came from the cache: is src/ copied into the build?', '所有步骤都来自缓存：src/ 有没有复制进构建？'),
    );
  }
}
