// What `npm run doctor` looks at, gathered from this machine: each probe bounded in time, and
// a probe that fails is a fact ("does not answer"), never a crash.
import { existsSync, readFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { courseImages } from '../../../infra/images.js';
import { localImageLabels, STANDIN_LABEL } from '../../../infra/lib/docker.js';
import { run } from '../docker/cli.js';
import { repoRoot } from '../manifest.js';
import type { MachineFacts } from './diagnose.js';

interface DockerInfo {
  ServerVersion?: string;
  MemTotal?: number;
  NCPU?: number;
  DockerRootDir?: string;
  HttpProxy?: string;
  HttpsProxy?: string;
  RegistryConfig?: { Mirrors?: string[] | null };
}

async function firstLine(args: string[], timeoutMs = 10_000): Promise<string | undefined> {
  const res = await run(args, timeoutMs);
  return res.ok ? res.stdout.trim().split('\n')[0] : undefined;
}

/** 2.26.1 out of "Docker Compose version 2.26.1-4" or "v2.29.7-desktop.1". */
function versionIn(text: string | undefined): string | undefined {
  return text ? /v?(\d+\.\d+(?:\.\d+)?)/.exec(text)?.[1] : undefined;
}

async function engineFacts(): Promise<MachineFacts['engine']> {
  const info = await run(['info', '--format', '{{json .}}'], 15_000);
  if (!info.ok) return undefined;
  const i = JSON.parse(info.stdout) as DockerInfo;
  if (!i.ServerVersion) return undefined;
  const apiVersion = (await firstLine(['version', '--format', '{{.Server.APIVersion}}'])) ?? '?';
  return {
    version: i.ServerVersion,
    apiVersion,
    memBytes: i.MemTotal ?? 0,
    cpus: i.NCPU ?? 0,
    rootDir: i.DockerRootDir ?? '',
    mirrors: i.RegistryConfig?.Mirrors ?? [],
    proxies: [i.HttpProxy, i.HttpsProxy].filter((p): p is string => Boolean(p)),
  };
}

async function imageState(ref: string): Promise<MachineFacts['images'][number]['state']> {
  const labels = await localImageLabels(ref);
  if (!labels) return 'missing';
  return STANDIN_LABEL in labels ? 'stand-in' : 'pulled';
}

/** Free space where the engine keeps its data when that is on this machine (a Linux engine), else where the repository is. */
async function freeDisk(rootDir: string | undefined): Promise<number | undefined> {
  const where = rootDir && existsSync(rootDir) ? rootDir : repoRoot;
  try {
    const s = await statfs(where);
    return s.bavail * s.bsize;
  } catch {
    return undefined;
  }
}

/**
 * Whether a registry's API answers at /v2/: 200, or 401 asking for a token, both mean a
 * registry is there. A few seconds at most, as a mirror that hangs is as good as none.
 */
async function registryApiAnswers(mirror: string): Promise<boolean> {
  try {
    const res = await fetch(new URL('/v2/', mirror), { signal: AbortSignal.timeout(5000) });
    return res.status < 500;
  } catch {
    return false;
  }
}

function isWsl(): boolean {
  try {
    return /microsoft/i.test(readFileSync('/proc/version', 'utf8'));
  } catch {
    return false;
  }
}

export async function gatherFacts(env: NodeJS.ProcessEnv = process.env): Promise<MachineFacts> {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { engines?: { node?: string } };
  const dockerCli = await firstLine(['--version']);
  const engine = dockerCli ? await engineFacts() : undefined;
  const [composeVersion, buildxVersion, freeDiskBytes] = await Promise.all([
    engine ? firstLine(['compose', 'version', '--short']).then(versionIn) : undefined,
    engine ? firstLine(['buildx', 'version']).then(versionIn) : undefined,
    freeDisk(engine?.rootDir),
  ]);
  const refs = Object.values(await courseImages());
  const images = engine ? await Promise.all(refs.map(async (ref) => ({ ref, state: await imageState(ref) }))) : [];
  // A manifest request for one course image: it asks Docker Hub (or whatever registry the
  // image names) without downloading anything.
  // buildx asks from this machine, not through the engine's registry mirrors, so where Docker
  // Hub is blocked it fails while pulls work: the mirrors are asked too.
  const [registryAnswers, mirrorsAnswering] = await Promise.all([
    engine && refs[0] ? run(['buildx', 'imagetools', 'inspect', refs[0]], 8000).then((r) => r.ok) : undefined,
    Promise.all((engine?.mirrors ?? []).map(async (m) => ((await registryApiAnswers(m)) ? [m] : []))).then((m) => m.flat()),
  ]);
  const shellProxy = env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy;
  const noProxy = env.NO_PROXY ?? env.no_proxy;
  return {
    nodeVersion: process.versions.node,
    nodeRequired: (pkg.engines?.node ?? '>=0').replace(/^[^\d]*/, ''),
    ...(dockerCli ? { dockerCli } : {}),
    ...(engine ? { engine } : {}),
    ...(composeVersion ? { composeVersion } : {}),
    ...(buildxVersion ? { buildxVersion } : {}),
    ...(env.DOCKER_BUILDKIT !== undefined ? { buildkitEnv: env.DOCKER_BUILDKIT } : {}),
    ...(freeDiskBytes !== undefined ? { freeDiskBytes } : {}),
    images,
    ...(registryAnswers !== undefined ? { registryAnswers } : {}),
    ...(mirrorsAnswering.length > 0 ? { mirrorsAnswering } : {}),
    wsl: isWsl(),
    cwd: process.cwd(),
    ...(shellProxy ? { shellProxy } : {}),
    ...(noProxy ? { noProxy } : {}),
  };
}
