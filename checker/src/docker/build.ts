import { createInterface } from 'node:readline';
import { $ } from 'zx';
import { say } from '../locale.js';
import type { Text } from '../manifest.js';
import { verdict, type LocalizedVerdict } from '../verdict.js';
import { runLabels } from './labels.js';

export interface BuildStep {
  /** BuildKit's vertex number (#7). */
  vertex: number;
  /** e.g. "build 3/6" or "2/5"; internal vertices ("internal", "auth") are left out. */
  stage: string;
  instruction: string;
  cached: boolean;
  failed: boolean;
}

export interface BuildResult {
  ok: boolean;
  timedOut: boolean;
  tag: string;
  output: string;
  steps: BuildStep[];
  seconds: number;
}

const HEADER = /^#(\d+) \[([^\]]+)\] (.+)$/;

/** Reads BuildKit's --progress=plain output into the Dockerfile steps it ran or reused. */
export function parseBuildSteps(output: string): BuildStep[] {
  const steps = new Map<number, BuildStep>();
  for (const line of output.split('\n')) {
    const header = HEADER.exec(line);
    if (header) {
      const [, vertex, stage, instruction] = header as unknown as [string, string, string, string];
      if (stage === 'internal' || stage.startsWith('auth')) continue;
      if (!steps.has(Number(vertex))) {
        steps.set(Number(vertex), { vertex: Number(vertex), stage, instruction, cached: false, failed: false });
      }
      continue;
    }
    const status = /^#(\d+) (CACHED|ERROR)\b/.exec(line);
    const step = status && steps.get(Number(status[1]));
    if (step) {
      if (status[2] === 'CACHED') step.cached = true;
      else step.failed = true;
    }
  }
  return [...steps.values()];
}

export interface BuildOptions {
  context: string;
  tag: string;
  runId: string;
  timeoutMs: number;
  /** Called with each line of build output, for progress display. */
  onLine?: (line: string) => void;
  /** Another Dockerfile than the context's own (an absolute path), and a stage to stop at. */
  file?: string;
  target?: string;
}

/**
 * Builds with the docker CLI and BuildKit rather than Testcontainers' builder: its log shows
 * the failing step, and its plain progress says which steps came from the cache.
 */
export async function buildImage({ context, tag, runId, timeoutMs, onLine, file, target }: BuildOptions): Promise<BuildResult> {
  const labels = Object.entries(runLabels(runId)).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
  const choices = [...(file ? ['--file', file] : []), ...(target ? ['--target', target] : [])];
  const started = Date.now();
  const lines: string[] = [];
  const proc = $({ quiet: true, nothrow: true, cwd: context, timeout: timeoutMs, timeoutSignal: 'SIGKILL' })`docker build --progress=plain --load ${labels} ${choices} -t ${tag} .`;
  // BuildKit writes its progress to stderr.
  for await (const line of createInterface({ input: proc.stderr })) {
    if (line === '') continue;
    lines.push(line);
    onLine?.(line);
  }
  const result = await proc;
  const output = lines.join('\n') + (result.stdout ? `\n${result.stdout}` : '');
  const timedOut = result.signal === 'SIGKILL';
  return {
    ok: result.exitCode === 0,
    timedOut,
    tag,
    output,
    steps: parseBuildSteps(output),
    seconds: (Date.now() - started) / 1000,
  };
}

/**
 * The images named by BuildKit steps matching `step` (`#N <step> <image>`) whose step
 * then logged `#N ERROR`, in order, each once, without `prefix`.
 */
function failedLookups(output: string, step: RegExp, prefix: RegExp): string[] {
  const lookups = new Map<string, string>();
  const failed: string[] = [];
  const stepLine = new RegExp(`^#(\\d+) ${step.source} (\\S+)`);
  for (const line of output.split('\n')) {
    const lookup = stepLine.exec(line);
    if (lookup) lookups.set(lookup[1] as string, (lookup[2] as string).replace(prefix, ''));
    const error = /^#(\d+) ERROR\b/.exec(line);
    const image = error && lookups.get(error[1] as string);
    if (image && !failed.includes(image)) failed.push(image);
  }
  return failed;
}

/** Base images the build could not resolve (not present locally and not pullable). */
export function unresolvedBaseImages(output: string): string[] {
  return failedLookups(output, /\[internal\] load metadata for/, /^docker\.io\/library\//);
}

/**
 * The Dockerfile frontend a `# syntax=` line asked for, when BuildKit could not fetch it
 * (no registry reachable): the build fails before any step of the learner's runs.
 */
export function unresolvedFrontend(output: string): string | undefined {
  return failedLookups(output, /resolve image config for/, /^docker\.io\//)[0];
}

/** Why BuildKit says a build failed: the exit code of the failing command, or else its error message. */
function buildError(output: string): { exitCode: string } | { message: string } {
  const lines = output.split('\n');
  const error = [...lines].reverse().find((l) => /^(ERROR|error):|failed to solve|^#\d+ ERROR:/.test(l));
  const summary = (error ?? lines.filter(Boolean).at(-1) ?? 'docker build failed').replace(/^#\d+ /, '').trim();
  const exit = /exit code: (\d+)/.exec(summary);
  return exit ? { exitCode: exit[1] as string } : { message: summary.replace(/^ERROR: (failed to solve: )?/, '') };
}

/** BuildKit's summary of why a build failed, e.g. `exited with code 1` or `failed to compute cache key: ...`. */
export function buildErrorSummary(output: string): string {
  return buildErrorText(output).en;
}

/** The same, in both languages, as a Seen line on its own ("构建失败：退出码是 1"). */
export function buildErrorText(output: string): Text {
  const error = buildError(output);
  return 'exitCode' in error
    ? say(`exited with code ${error.exitCode}`, `构建失败，退出码是 ${error.exitCode}`)
    : say(error.message, `构建失败：${error.message}`);
}

/**
 * The part of the build log worth reading: BuildKit's framed excerpt of the failing step
 * (`------ > [stage n/m] RUN ...: ... ------`) when there is one, else the last lines.
 */
export function buildErrorLog(output: string, max = 30): string[] {
  const lines = output.split('\n').filter((l) => l.trim() !== '');
  const header = lines.findLastIndex((l) => /^ > \[/.test(l));
  const from = header > 0 && lines[header - 1] === '------' ? header - 1 : Math.max(0, lines.length - max);
  return lines.slice(from).slice(-max);
}

/**
 * Why a build failed, as the learner should read it, whoever ran the build (`docker build` for
 * an image, `docker compose build` for a stack): the time limit, an unreachable `# syntax=`
 * frontend, a base image that is not there, or the failing step with BuildKit's excerpt.
 */
export function buildFailure(
  build: Pick<BuildResult, 'output' | 'timedOut' | 'steps'>,
  budgetMs: number,
  command = 'docker build',
): LocalizedVerdict {
  const failed = build.steps.find((s) => s.failed);
  const unpullable = unresolvedBaseImages(build.output);
  const frontend = unresolvedFrontend(build.output);
  const seconds = budgetMs / 1000;
  const stepError = (step: BuildStep): Text => {
    const error = buildError(build.output);
    const at = `[${step.stage}] ${step.instruction}`;
    return 'exitCode' in error
      ? say(`step ${at} exited with code ${error.exitCode}`, `步骤 ${at} 失败，退出码是 ${error.exitCode}`)
      : say(`step ${at} ${error.message}`, `步骤 ${at} 出错：${error.message}`);
  };
  const actual = build.timedOut
    ? say(
        `the build was still running after ${seconds} s and was stopped (SHIPSHAPE_BUILD_TIMEOUT_S raises the limit)`,
        `构建运行了 ${seconds} 秒还没结束，已被停止（可以用 SHIPSHAPE_BUILD_TIMEOUT_S 调高这个时限）`,
      )
    : frontend
      ? say(
          `the \`# syntax=${frontend}\` line makes BuildKit download that frontend from a registry, which failed here; ` +
            "remove the line: Docker's built-in frontend understands everything this exercise needs, RUN --mount included",
          `\`# syntax=${frontend}\` 这一行会让 BuildKit 从镜像仓库下载这个前端，而这里下载失败了；` +
            '删掉这一行就行：Docker 内置的前端支持这个练习用到的全部语法，包括 RUN --mount',
        )
      : unpullable.length > 0
        ? say(
            `the base image ${unpullable.join(', ')} is not on this machine and could not be pulled ` +
              '(if Docker Hub is unreachable, `npm run images` builds the course images locally)',
            `基础镜像 ${unpullable.join('、')} 不在这台机器上，也拉取不下来` +
              '（如果连不上 Docker Hub，运行 `npm run images` 可以在本地构建课程用到的镜像）',
          )
        : failed
          ? stepError(failed)
          : buildErrorText(build.output);
  return verdict(say(`\`${command}\` to succeed`, `\`${command}\` 执行成功`), actual, {
    title: say('build output', '构建输出'),
    lines: buildErrorLog(build.output),
  });
}
