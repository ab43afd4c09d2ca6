// Prometheus' own linter and rule tester (promtool) and Alertmanager's (amtool), each run from
// the course's image of its server, so that a learner's metrics, configuration and rules are
// judged by the tools the field uses.
import { courseImage } from '../course-images.js';
import { docker } from '../docker/cli.js';
import { runLabels } from '../docker/labels.js';

export interface PromtoolResult {
  /** The tool's exit code: 0 clean, 1 an error, 3 lint problems only (check metrics, check rules). */
  exitCode: number | null;
  /** stdout and stderr together, as the tools print findings to either. */
  output: string;
  timedOut: boolean;
}

export interface PromtoolOptions {
  /** Fed to the tool's standard input, e.g. a /metrics page for `check metrics`. */
  input?: string;
  /** A host folder mounted read-only as the working directory, e.g. the learner's monitoring/prometheus. */
  dir?: string;
  /**
   * Where `dir` is mounted: /work by default. /etc/prometheus puts a learner's folder where their
   * compose file mounts it, so an absolute path in their configuration resolves as it would there.
   */
  mountAt?: string;
  timeoutMs?: number;
}

/**
 * `promtool <args>` in a throwaway container: no network, read-only, small limits, and the run's
 * label so that an interrupted run's clean-up finds it. E.g. promtool(runId, ['check', 'metrics'],
 * { input: page }) or promtool(runId, ['test', 'rules', 'tests.yml'], { dir }).
 */
export function promtool(runId: string, args: string[], options: PromtoolOptions = {}): Promise<PromtoolResult> {
  return toolInCourseImage('prometheus', 'promtool', runId, args, options);
}

/** `amtool <args>`, the same way: e.g. amtool(runId, ['check-config', 'alertmanager.yml'], { dir }). */
export function amtool(runId: string, args: string[], options: PromtoolOptions = {}): Promise<PromtoolResult> {
  return toolInCourseImage('alertmanager', 'amtool', runId, args, options);
}

async function toolInCourseImage(
  image: string,
  tool: string,
  runId: string,
  args: string[],
  { input, dir, mountAt = '/work', timeoutMs = 30_000 }: PromtoolOptions,
): Promise<PromtoolResult> {
  const labels = Object.entries(runLabels(runId)).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
  // As the learner's own user, not the image's nobody: it reads what the learner can (a 0700 folder too).
  const user = process.getuid && process.getgid ? ['--user', `${process.getuid()}:${process.getgid()}`] : [];
  const mount = dir ? [...user, '--volume', `${dir}:${mountAt}:ro`, '--workdir', mountAt] : [];
  // SIGTERM, not SIGKILL: docker run passes it on to the tool, so the container ends with the CLI.
  const out = await docker({ timeout: timeoutMs, timeoutSignal: 'SIGTERM', input: input ?? '' })`docker run --rm -i ${labels} --network none --read-only --tmpfs /tmp --memory 256m --cpus 1 --pids-limit 64 ${mount} --entrypoint ${tool} ${await courseImage(image)} ${args}`;
  const timedOut = out.signal === 'SIGTERM' && out.exitCode === null;
  return { exitCode: out.exitCode, output: `${out.stdout}${out.stderr}`.trim(), timedOut };
}
