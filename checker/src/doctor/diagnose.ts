// `npm run doctor`: whether this machine can run the course, one finding per line, each with
// the fix. This module is the judgement only: it reads facts gathered elsewhere (facts.ts), so
// every rule can be tested with a machine made up for the test.
import { say, verbatim } from '../locale.js';
import type { Text } from '../manifest.js';

export type Status = 'pass' | 'warn' | 'fail';

export interface Finding {
  status: Status;
  /** What was looked at and what was found, e.g. "Node.js 24.9.0". */
  what: Text;
  /** What to do about a warn or a fail. */
  fix?: Text;
}

export interface MachineFacts {
  nodeVersion: string;
  /** The lowest Node.js the course supports (package.json `engines`). */
  nodeRequired: string;
  /** `docker --version`; undefined when there is no docker command. */
  dockerCli?: string;
  /** The engine as `docker version` reports it; undefined when it does not answer. */
  engine?: { version: string; apiVersion: string; memBytes: number; cpus: number; rootDir: string; mirrors: string[]; proxies: string[] };
  composeVersion?: string;
  buildxVersion?: string;
  /** DOCKER_BUILDKIT as set in the environment. */
  buildkitEnv?: string;
  /** Free bytes where the engine keeps images, or where this repository is when that is not local. */
  freeDiskBytes?: number;
  /** Course image -> how it is there. */
  images: { ref: string; state: 'pulled' | 'stand-in' | 'missing' }[];
  /** Whether Docker Hub answered a manifest request within a few seconds (asked directly, not through the engine's mirrors). */
  registryAnswers?: boolean;
  /** Of the engine's registry mirrors, those whose registry API answered: the engine pulls through them. */
  mirrorsAnswering?: string[];
  /** Set when running under WSL. */
  wsl: boolean;
  cwd: string;
  /** HTTP(S)_PROXY of this shell, and NO_PROXY. */
  shellProxy?: string;
  noProxy?: string;
}

const GB = 1024 ** 3;

/** 24.9.0 >= 22.22 -> true; missing parts count as 0. */
export function atLeast(version: string, minimum: string): boolean {
  const parts = (v: string): number[] => v.replace(/^v/, '').split(/[.+-]/).map((p) => Number.parseInt(p, 10) || 0);
  const [a, b] = [parts(version), parts(minimum)];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

const gb = (bytes: number): string => `${(bytes / GB).toFixed(1)} GB`;

function node(f: MachineFacts): Finding {
  const what = say(`Node.js ${f.nodeVersion} (the course needs ${f.nodeRequired} or newer)`, `Node.js ${f.nodeVersion}（课程需要 ${f.nodeRequired} 或更新的版本）`);
  if (atLeast(f.nodeVersion, f.nodeRequired)) return { status: 'pass', what };
  return { status: 'fail', what, fix: say('Install Node.js 24 LTS (nodejs.org, or nvm install 24), then npm ci again.', '安装 Node.js 24 LTS（nodejs.org，或 nvm install 24），然后重新运行 npm ci。') };
}

function engine(f: MachineFacts): Finding[] {
  if (!f.dockerCli) {
    return [{ status: 'fail', what: say('no docker command on PATH', 'PATH 里没有 docker 命令'), fix: say('Install Docker Desktop (Windows, macOS) or Docker Engine (Linux).', '安装 Docker Desktop（Windows、macOS）或 Docker Engine（Linux）。') }];
  }
  if (!f.engine) {
    return [
      {
        status: 'fail',
        what: say(`${f.dockerCli}, but the Docker engine does not answer`, `${f.dockerCli}，但 Docker 引擎没有响应`),
        fix: say(
          'Start Docker Desktop, or the engine (sudo systemctl start docker); `docker info` must work without sudo, and DOCKER_HOST, if set, must point at a running engine.',
          '启动 Docker Desktop 或 Docker 引擎（sudo systemctl start docker）；`docker info` 需要不加 sudo 就能运行；如果设置了 DOCKER_HOST，它必须指向正在运行的引擎。',
        ),
      },
    ];
  }
  const e = f.engine;
  const found: Finding[] = [];
  const version = say(`Docker engine ${e.version}, API ${e.apiVersion}`, `Docker 引擎 ${e.version}，API ${e.apiVersion}`);
  found.push(
    atLeast(e.version, '20.10')
      ? { status: 'pass', what: version }
      : { status: 'fail', what: version, fix: say('The course needs engine 20.10 or newer: update Docker.', '课程需要 20.10 或更新的引擎：请升级 Docker。') },
  );
  const resources = say(`${gb(e.memBytes)} of memory and ${e.cpus} CPUs for containers`, `容器可用 ${gb(e.memBytes)} 内存、${e.cpus} 个 CPU`);
  found.push(
    e.memBytes >= 3.5 * GB && e.cpus >= 2
      ? { status: 'pass', what: resources }
      : {
          status: 'warn',
          what: resources,
          fix: say(
            'Later exercises run an app, PostgreSQL, Redis and Prometheus at once: give Docker 4 GB and 2 CPUs (Docker Desktop: Settings → Resources).',
            '后面的练习会同时运行应用、PostgreSQL、Redis 和 Prometheus：请给 Docker 4 GB 内存和 2 个 CPU（Docker Desktop：Settings → Resources）。',
          ),
        },
  );
  if (e.mirrors.length > 0) {
    found.push({ status: 'pass', what: say(`registry mirror configured: ${e.mirrors.join(', ')}`, `已配置镜像加速器：${e.mirrors.join('、')}`) });
  }
  if (e.proxies.length > 0) {
    found.push({ status: 'pass', what: say(`the engine pulls through a proxy: ${e.proxies.join(', ')}`, `引擎通过代理拉取镜像：${e.proxies.join('、')}`) });
  }
  return found;
}

function plugins(f: MachineFacts): Finding[] {
  if (!f.engine) return [];
  const found: Finding[] = [];
  const compose = f.composeVersion;
  if (!compose) {
    found.push({ status: 'fail', what: say('no docker compose (v2 plugin)', '没有 docker compose（v2 插件）'), fix: say('Install Docker Desktop, or the docker-compose-plugin package.', '安装 Docker Desktop，或 docker-compose-plugin 软件包。') });
  } else {
    const what = verbatim(`docker compose ${compose}`);
    found.push(
      atLeast(compose, '2.20')
        ? { status: 'pass', what }
        : { status: 'warn', what, fix: say('Compose 2.20 or newer: older ones lack some of what the exercises use (develop.watch, include).', '请用 Compose 2.20 或更新的版本：旧版本缺少练习用到的一些功能（develop.watch、include）。') },
    );
  }
  if (!f.buildxVersion) {
    found.push({ status: 'fail', what: say('no docker buildx plugin', '没有 docker buildx 插件'), fix: say('The checker builds with BuildKit through buildx: install Docker Desktop or the docker-buildx plugin.', '检查器要通过 buildx 用 BuildKit 构建：请安装 Docker Desktop 或 docker-buildx 插件。') });
  } else if (f.buildkitEnv === '0') {
    found.push({ status: 'fail', what: say('DOCKER_BUILDKIT=0 switches BuildKit off', 'DOCKER_BUILDKIT=0 关掉了 BuildKit'), fix: say('Unset DOCKER_BUILDKIT: the exercises use BuildKit features (cache mounts).', '取消 DOCKER_BUILDKIT 这个变量：练习要用到 BuildKit 的功能（缓存挂载）。') });
  } else {
    found.push({ status: 'pass', what: say(`BuildKit, through buildx ${f.buildxVersion}`, `BuildKit，通过 buildx ${f.buildxVersion}`) });
  }
  return found;
}

function disk(f: MachineFacts): Finding[] {
  if (f.freeDiskBytes === undefined) return [];
  const what = say(`${gb(f.freeDiskBytes)} free for images and volumes`, `镜像和卷可用的磁盘空间：${gb(f.freeDiskBytes)}`);
  const fix = say('The course needs about 10 GB over its eighteen exercises: free some, e.g. `docker system prune` removes what no container uses.', '整个课程十八个练习大约需要 10 GB：请腾出空间，例如 `docker system prune` 会删掉没有容器在用的东西。');
  if (f.freeDiskBytes < 3 * GB) return [{ status: 'fail', what, fix }];
  if (f.freeDiskBytes < 10 * GB) return [{ status: 'warn', what, fix }];
  return [{ status: 'pass', what }];
}

/** The engine can pull: Docker Hub answers, or a mirror the engine pulls through does. */
function canPull(f: MachineFacts): boolean {
  return f.registryAnswers === true || (f.mirrorsAnswering?.length ?? 0) > 0;
}

function images(f: MachineFacts): Finding[] {
  if (!f.engine || f.images.length === 0) return [];
  const missing = f.images.filter((i) => i.state === 'missing').map((i) => i.ref);
  const standIns = f.images.filter((i) => i.state === 'stand-in').length;
  if (missing.length === 0) {
    const n = f.images.length;
    const how = standIns > 0 ? say(`${n}, ${standIns} of them stand-ins built here`, `共 ${n} 个，其中 ${standIns} 个是在本机构建的替代镜像`) : say(`${n}`, `共 ${n} 个`);
    return [{ status: 'pass', what: say(`every course image is here (${how.en})`, `课程镜像都在本机（${how['zh-Hans']}）`) }];
  }
  const list = missing.join(', ');
  return [
    {
      status: canPull(f) ? 'pass' : 'warn',
      what: f.registryAnswers
        ? say(`${missing.length} of ${f.images.length} course images not here yet (${list}): the checker pulls each when an exercise first needs it`, `课程的 ${f.images.length} 个镜像里还有 ${missing.length} 个不在本机（${list}）：哪个练习第一次用到，检查器就会拉取哪个`)
        : say(`${missing.length} of ${f.images.length} course images not here: ${list}`, `课程的 ${f.images.length} 个镜像里有 ${missing.length} 个不在本机：${list}`),
      ...(canPull(f)
        ? {}
        : { fix: say('Docker Hub does not answer from here: `npm run images` builds stand-ins with the same names from Debian packages.', '从这里访问不了 Docker Hub：`npm run images` 会用 Debian 软件包在本地构建同名的替代镜像。') }),
    },
  ];
}

/** Whether images can come from a registry: Docker Hub directly, or a mirror the engine pulls through. */
function registry(f: MachineFacts): Finding | undefined {
  if (!f.engine || f.registryAnswers === undefined) return undefined;
  if (f.registryAnswers) return { status: 'pass', what: say('Docker Hub answers', 'Docker Hub 可以访问') };
  const answering = f.mirrorsAnswering ?? [];
  if (answering.length > 0) {
    return {
      status: 'pass',
      what: say(
        `Docker Hub does not answer directly, but the engine pulls through ${answering.join(', ')}, which answers`,
        `直接访问不了 Docker Hub，但引擎通过 ${answering.join('、')} 拉取镜像，它可以访问`,
      ),
    };
  }
  const configured = f.engine.mirrors;
  if (configured.length > 0) {
    return {
      status: 'warn',
      what: say(
        `neither Docker Hub nor the registry mirror (${configured.join(', ')}) answers within a few seconds`,
        `几秒之内 Docker Hub 和镜像加速器（${configured.join('、')}）都连不上`,
      ),
      fix: say(
        'Check the mirror\'s address in the engine\'s "registry-mirrors", or build the course images offline with `npm run images`.',
        '检查引擎 "registry-mirrors" 里镜像加速器的地址，或者用 `npm run images` 离线构建课程镜像。',
      ),
    };
  }
  return {
    status: 'warn',
    what: say('Docker Hub does not answer within a few seconds', '几秒之内连不上 Docker Hub'),
    fix: say(
      'Configure a registry mirror you can reach (Docker Desktop: Settings → Docker Engine, "registry-mirrors"), or build the course images offline with `npm run images`.',
      '配置一个你能访问的镜像加速器（Docker Desktop：Settings → Docker Engine 里的 "registry-mirrors"），或者用 `npm run images` 离线构建课程镜像。',
    ),
  };
}

function network(f: MachineFacts): Finding[] {
  const found: Finding[] = [];
  const reachable = registry(f);
  if (reachable) found.push(reachable);
  if (f.shellProxy) {
    const covered = /(^|,)\s*(localhost|127\.0\.0\.1)\s*(,|$)/.test(f.noProxy ?? '');
    const what = say(`this shell uses a proxy: ${f.shellProxy}`, `当前 shell 使用代理：${f.shellProxy}`);
    found.push(
      covered
        ? { status: 'pass', what }
        : {
            status: 'warn',
            what,
            fix: say(
              'The checker talks to your containers on localhost: add localhost,127.0.0.1 to NO_PROXY so that those requests do not go to the proxy.',
              '检查器通过 localhost 访问你的容器：请把 localhost,127.0.0.1 加进 NO_PROXY，免得这些请求被发给代理。',
            ),
          },
    );
  }
  if (f.wsl && f.cwd.startsWith('/mnt/')) {
    found.push({
      status: 'warn',
      what: say(`the repository is on a Windows drive (${f.cwd})`, `仓库放在 Windows 磁盘上（${f.cwd}）`),
      fix: say(
        'Files under /mnt/ are shared with Windows and slow for builds and file watchers: clone the repository inside WSL, e.g. in ~/shipshape.',
        '/mnt/ 下的文件要和 Windows 共享，构建和文件监听都会很慢：请在 WSL 内部克隆仓库，例如放在 ~/shipshape。',
      ),
    });
  }
  return found;
}

/** Every finding, in the order a reader fixes them: Node, Docker, its plugins, room, images, the network. */
export function diagnose(f: MachineFacts): Finding[] {
  return [node(f), ...engine(f), ...plugins(f), ...disk(f), ...images(f), ...network(f)];
}
