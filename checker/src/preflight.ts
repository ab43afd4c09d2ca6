import { run } from './docker/cli.js';
import type { Locale } from './manifest.js';

export class PreflightError extends Error {}

const dockerDown: Record<Locale, string> = {
  en: `Docker is not reachable, so the checker cannot build or run your stack.
Start Docker Desktop (or the Docker engine: \`sudo systemctl start docker\`) and try again.
\`docker info\` must work without sudo; if DOCKER_HOST is set, check that it points at a running engine.
\`npm run doctor\` looks at everything the course needs and says what to fix.`,
  'zh-Hans': `无法连接 Docker，检查器没法构建或运行你的服务栈。
请先启动 Docker Desktop（或 Docker 引擎：\`sudo systemctl start docker\`）再重试。
\`docker info\` 需要不加 sudo 就能运行；如果设置了 DOCKER_HOST，请确认它指向正在运行的引擎。
\`npm run doctor\` 会检查课程需要的所有条件，并告诉你该修什么。`,
};

const noBuildx: Record<Locale, string> = {
  en: 'The docker buildx plugin is missing; the checker builds with BuildKit through it. Install Docker Desktop or the docker-buildx plugin.',
  'zh-Hans': '缺少 docker buildx 插件，检查器要通过它用 BuildKit 构建镜像。请安装 Docker Desktop 或 docker-buildx 插件。',
};

function missingImages(names: string[], locale: Locale): string {
  const list = names.map((n) => `  - ${n}`).join('\n');
  return locale === 'zh-Hans'
    ? `检查器需要的镜像不在本机，也拉取不到：\n${list}\n如果访问 Docker Hub 很慢或被阻断，运行 \`npm run images\`，它会用 Debian 软件包在本地构建同名的替代镜像（见文档“离线环境”一节）。`
    : `These images the checker needs are not on this machine and could not be pulled:\n${list}\nIf Docker Hub is slow or blocked where you are, run \`npm run images\`: it builds stand-ins with the same names from Debian packages (see "Offline setup" in the docs).`;
}

/** Docker answers, BuildKit is there, and the images the checks start exist (pulled if need be). */
export async function preflight(images: string[], locale: Locale): Promise<void> {
  if (!(await run(['info', '--format', '{{.ServerVersion}}'], 15_000)).ok) throw new PreflightError(dockerDown[locale]);
  if (!(await run(['buildx', 'version'])).ok) throw new PreflightError(noBuildx[locale]);
  const missing: string[] = [];
  for (const ref of images) {
    if ((await run(['image', 'inspect', ref])).ok) continue;
    if (!(await run(['pull', ref], 120_000)).ok) missing.push(ref);
  }
  if (missing.length > 0) throw new PreflightError(missingImages(missing, locale));
}
