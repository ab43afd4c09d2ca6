import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { $ } from 'zx';

/** The file names `docker compose` looks for, in its own order of preference. */
export const COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

export function findComposeFile(dir: string): string | undefined {
  return COMPOSE_FILE_NAMES.find((name) => existsSync(join(dir, name)));
}

/** The parts of `docker compose config --format json` the checks read. */
export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string; target?: string; args?: Record<string, string> };
  command?: string[] | null;
  privileged?: boolean;
  network_mode?: string;
  pid?: string;
  ipc?: string;
  uts?: string;
  userns_mode?: string;
  cap_add?: string[];
  devices?: (string | { source: string; target?: string })[];
  security_opt?: string[];
  volumes?: { type: string; source?: string; target: string }[];
  /** `docker compose watch` rules (compose's develop section). */
  develop?: { watch?: { path: string; action: string; target?: string }[] } | null;
  ports?: { target: number; published?: string | number; host_ip?: string }[];
  healthcheck?: { test?: string[]; disable?: boolean; interval?: string; timeout?: string; retries?: number; start_period?: string };
  depends_on?: Record<string, { condition: string; required?: boolean }>;
  restart?: string;
  deploy?: { resources?: { limits?: { cpus?: string | number; memory?: string | number; pids?: number } } } | null;
  mem_limit?: string | number;
  cpus?: string | number;
  pids_limit?: number;
  environment?: Record<string, string | null>;
  env_file?: (string | { path: string })[];
  read_only?: boolean;
  tmpfs?: string[];
  secrets?: { source: string; target?: string }[];
}

/** A top-level secret or config: a file on the host, a variable of compose's environment, or external. */
export interface ComposeFileSource {
  file?: string;
  environment?: string;
  external?: boolean;
}

export interface ComposeConfig {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, { external?: boolean; driver_opts?: Record<string, string> } | null>;
  networks?: Record<string, { external?: boolean } | null>;
  secrets?: Record<string, ComposeFileSource>;
  configs?: Record<string, ComposeFileSource>;
}

export interface ComposeProject {
  dir: string;
  /** The compose files, first one the learner's, relative to `dir` or absolute. */
  files: string[];
  name: string;
  env: Record<string, string>;
  /** Compose profiles to enable (`--profile`), for a learner who chose profiles over extra files. */
  profiles?: string[];
}

export interface ComposeResult {
  ok: boolean;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

const ENGINE_VARIABLES = ['PATH', 'HOME', 'DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_CONTEXT', 'DOCKER_CONFIG'] as const;

/** The variables that tell the docker CLI where the engine is, those this process has. */
function engineEnv(): Record<string, string> {
  return Object.fromEntries(ENGINE_VARIABLES.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]!]])));
}

/** `docker compose` for one project, with its files, name and environment always applied. */
export async function compose(project: ComposeProject, args: string[], timeoutMs = 120_000): Promise<ComposeResult> {
  const files = [...project.files.flatMap((f) => ['-f', f]), ...(project.profiles ?? []).flatMap((p) => ['--profile', p])];
  const out = await $({
    quiet: true,
    nothrow: true,
    cwd: project.dir,
    timeout: timeoutMs,
    timeoutSignal: 'SIGKILL',
    // The learner's environment must not leak into the stack; only the project's own values,
    // and how to reach the engine (a grading job's Docker-in-Docker speaks TLS).
    env: { ...engineEnv(), ...project.env },
  })`docker compose -p ${project.name} ${files} ${args}`;
  return { ok: out.exitCode === 0, stdout: out.stdout, stderr: out.stderr, timedOut: out.signal === 'SIGKILL' };
}

export async function resolveConfig(project: ComposeProject): Promise<{ config?: ComposeConfig; error?: string }> {
  const res = await compose(project, ['config', '--format', 'json'], 30_000);
  if (!res.ok) return { error: res.stderr.trim() || res.stdout.trim() };
  return { config: JSON.parse(res.stdout) as ComposeConfig };
}

export async function composeLogs(project: ComposeProject, service: string | undefined, lines = 25): Promise<string> {
  const res = await compose(project, ['logs', '--no-color', '--tail', String(lines), ...(service ? [service] : [])], 30_000);
  return `${res.stdout}\n${res.stderr}`.trim();
}

/**
 * Compose's own reason why `up` failed: its last error line, not the progress lines
 * ("Network … Creating", "Container … Started") that come before it.
 */
export function upFailureReason(message: string): string {
  const lines = stripVTControlCharacters(message)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const reason = lines.findLast((line) => /error|fail|unhealthy|exited|timeout|timed out|denied|invalid|not found|no such/i.test(line));
  return (reason ?? lines.at(-1) ?? 'docker compose up failed').slice(0, 300);
}
