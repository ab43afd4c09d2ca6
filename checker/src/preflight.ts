import { courseImages } from '../../infra/images.js';
import { ensureCourseImages, ensureOptionsFrom } from '../../infra/lib/standins.js';
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
    ? `检查器需要的镜像不在本机，也拉取不到、构建不了：\n${list}\n\`npm run doctor\` 会说明这台机器缺什么；访问 Docker Hub 很慢或被阻断时，见文档“离线环境”一节。`
    : `These images the checker needs are not on this machine, and could be neither pulled nor built:\n${list}\n\`npm run doctor\` says what this machine lacks; if Docker Hub is slow or blocked where you are, see "Offline setup" in the docs.`;
}

function gettingImages(names: string[], locale: Locale): string {
  return locale === 'zh-Hans'
    ? `本机还没有课程镜像（${names.join('、')}）。现在去获取：能拉取就拉取，拉取不到就用 Debian 软件包在本地构建同名的替代镜像。每台机器只需一次，可能要几分钟……`
    : `The course images are not on this machine yet (${names.join(', ')}). Getting them now: pulled where a registry answers, otherwise built here as stand-ins from Debian packages. Once per machine; it can take a few minutes…`;
}

function gotImages(seconds: string, locale: Locale): string {
  return locale === 'zh-Hans' ? `课程镜像已就绪，用时 ${seconds} 秒。` : `The course images are ready, in ${seconds} s.`;
}

export interface PreflightOptions {
  /** The course's image references (infra/images/Dockerfile). */
  courseRefs?: () => Promise<string[]>;
  /** Makes every course image present (pulled, or built as a stand-in): `npm run images`. */
  getCourseImages?: () => Promise<void>;
  write?: (line: string) => void;
}

async function present(ref: string): Promise<boolean> {
  return (await run(['image', 'inspect', ref])).ok;
}

/**
 * Docker answers, BuildKit is there, and the images the checks start exist. On a first run the
 * course images are fetched as `npm run images` would (pulled, or built from Debian packages
 * where no registry answers), with progress, instead of a message to run another command.
 */
export async function preflight(images: string[], locale: Locale, options: PreflightOptions = {}): Promise<void> {
  const {
    courseRefs = async () => Object.values(await courseImages()),
    getCourseImages = () => ensureCourseImages(ensureOptionsFrom({})),
    write = (line) => console.log(line),
  } = options;
  // Side by side: each docker CLI call costs a fifth of a second before it asks anything.
  const missing = async (): Promise<string[]> => {
    const found = await Promise.all(images.map(present));
    return images.filter((_, i) => !found[i]);
  };
  const [engine, buildx, absent] = await Promise.all([run(['info', '--format', '{{.ServerVersion}}'], 15_000), run(['buildx', 'version']), missing()]);
  if (!engine.ok) throw new PreflightError(dockerDown[locale]);
  if (!buildx.ok) throw new PreflightError(noBuildx[locale]);
  if (absent.length === 0) return;
  const course = new Set(await courseRefs());
  const ours = absent.filter((ref) => course.has(ref));
  if (ours.length > 0) {
    write(gettingImages(ours, locale));
    const started = performance.now();
    try {
      await getCourseImages();
    } catch (err) {
      throw new PreflightError(`${(err as Error).message}\n\n${missingImages(ours, locale)}`);
    }
    write(gotImages(((performance.now() - started) / 1000).toFixed(0), locale));
  }
  // An image of the learner's choosing (SHIPSHAPE_IMAGE_<NAME>, e.g. on a mirror): pulled as it is.
  for (const ref of absent.filter((r) => !course.has(r))) await run(['pull', ref], 120_000);
  const stillAbsent = await missing();
  if (stillAbsent.length > 0) throw new PreflightError(missingImages(stillAbsent, locale));
}
