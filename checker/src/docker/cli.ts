import { $ } from 'zx';

// The docker CLI, for what Testcontainers does not cover: BuildKit builds with their log,
// image inspection and history, and label-based clean-up.
export const docker = $({ quiet: true, nothrow: true });

export interface DockerResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

export async function run(args: string[], timeoutMs = 30_000): Promise<DockerResult> {
  const out = await docker({ timeout: timeoutMs })`docker ${args}`;
  return { ok: out.exitCode === 0, stdout: out.stdout, stderr: out.stderr };
}

export interface ImageInfo {
  Id: string;
  Size: number;
  Config: {
    User?: string;
    Env?: string[] | null;
    Cmd?: string[] | null;
    Entrypoint?: string[] | null;
    /** Durations in nanoseconds, as Docker stores them; 0 or absent means Docker's default. */
    Healthcheck?: { Test?: string[]; Interval?: number; Timeout?: number; StartPeriod?: number; Retries?: number } | null;
    Labels?: Record<string, string> | null;
    WorkingDir?: string;
  };
}

export async function inspectImage(ref: string): Promise<ImageInfo | undefined> {
  const res = await run(['image', 'inspect', ref]);
  if (!res.ok) return undefined;
  const [info] = JSON.parse(res.stdout) as ImageInfo[];
  return info;
}

/** The instruction behind each layer, newest first, as `docker history` records it. */
export async function imageHistory(ref: string): Promise<string[]> {
  const res = await run(['image', 'history', '--no-trunc', '--format', '{{.CreatedBy}}', ref]);
  return res.ok ? res.stdout.split('\n').filter(Boolean) : [];
}
