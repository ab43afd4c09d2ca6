// Prometheus' own linter and rule tester, run from the course's Prometheus image, so that a
// learner's metrics, configuration and rules are judged by the tool the field uses.
import { courseImage } from '../course-images.js';
import { docker } from '../docker/cli.js';
import { runLabels } from '../docker/labels.js';

export interface PromtoolResult {
  /** promtool's exit code: 0 clean, 1 an error, 3 lint problems only (check metrics, check rules). */
  exitCode: number | null;
  /** stdout and stderr together, as promtool prints findings to either. */
  output: string;
  timedOut: boolean;
}

export interface PromtoolOptions {
  /** Fed to promtool's standard input, e.g. a /metrics page for `check metrics`. */
  input?: string;
  /** A host folder mounted read-only as the working directory, e.g. the learner's monitoring/ folder. */
  dir?: string;
  timeoutMs?: number;
}

/**
 * `promtool <args>` in a throwaway container: no network, read-only, small limits, and the run's
 * label so that an interrupted run's clean-up finds it. E.g. promtool(runId, ['check', 'metrics'],
 * { input: page }) or promtool(runId, ['test', 'rules', 'tests.yml'], { dir }).
 */
export async function promtool(runId: string, args: string[], { input, dir, timeoutMs = 30_000 }: PromtoolOptions = {}): Promise<PromtoolResult> {
  const labels = Object.entries(runLabels(runId)).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
  // As the learner's own user, not the image's nobody: it reads what the learner can (a 0700 folder too).
  const user = process.getuid && process.getgid ? ['--user', `${process.getuid()}:${process.getgid()}`] : [];
  const mount = dir ? [...user, '--volume', `${dir}:/work:ro`, '--workdir', '/work'] : [];
  // SIGTERM, not SIGKILL: docker run passes it on to promtool, so the container ends with the CLI.
  const out = await docker({ timeout: timeoutMs, timeoutSignal: 'SIGTERM', input: input ?? '' })`docker run --rm -i ${labels} --network none --read-only --memory 256m --cpus 1 --pids-limit 64 ${mount} --entrypoint promtool ${await courseImage('prometheus')} ${args}`;
  const timedOut = out.signal === 'SIGTERM' && out.exitCode === null;
  return { exitCode: out.exitCode, output: `${out.stdout}${out.stderr}`.trim(), timedOut };
}
