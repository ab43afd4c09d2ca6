// Faults injected into one of the run's own containers through the docker CLI: stop, kill,
// pause, restart, take it off a network. Each answers with a line a verdict can show.
import { performance } from 'node:perf_hooks';
import { run } from '../docker/cli.js';
import { RUN_LABEL } from '../docker/labels.js';

export interface FaultResult {
  ok: boolean;
  /** e.g. "docker stop redis-1 took 0.4 s", or "... failed after 0.1 s: <docker's reason>". */
  transcript: string;
  ms: number;
  /** docker's reason when ok is false. */
  error?: string;
}

/** The docker CLI waits this long beyond a command's own grace period before giving up on it. */
const CLI_SLACK_MS = 30_000;

/**
 * Fault injection bound to one run: every action first checks that the container carries
 * `dev.shipshape.run=<runId>`, so a check can only ever break its own run's containers, never
 * the learner's other containers or another run's.
 */
export class Faults {
  constructor(private readonly runId: string) {}

  /** SIGTERM, then SIGKILL after `graceSeconds`: what `docker stop` and an orchestrator do. */
  stop(containerId: string, { graceSeconds = 10 }: { graceSeconds?: number } = {}): Promise<FaultResult> {
    return this.act(containerId, (name) => [['stop', '-t', String(graceSeconds), containerId], `docker stop ${name}`], graceSeconds);
  }

  /** One signal, SIGKILL by default: a crash, with no chance to clean up. */
  kill(containerId: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<FaultResult> {
    return this.act(containerId, (name) => [['kill', '--signal', signal, containerId], `docker kill --signal ${signal} ${name}`]);
  }

  /** Freezes every process: the container still accepts connections but never answers, like a hung server. */
  pause(containerId: string): Promise<FaultResult> {
    return this.act(containerId, (name) => [['pause', containerId], `docker pause ${name}`]);
  }

  unpause(containerId: string): Promise<FaultResult> {
    return this.act(containerId, (name) => [['unpause', containerId], `docker unpause ${name}`]);
  }

  restart(containerId: string, { graceSeconds = 10 }: { graceSeconds?: number } = {}): Promise<FaultResult> {
    return this.act(
      containerId,
      (name) => [['restart', '-t', String(graceSeconds), containerId], `docker restart ${name}`],
      graceSeconds,
    );
  }

  start(containerId: string): Promise<FaultResult> {
    return this.act(containerId, (name) => [['start', containerId], `docker start ${name}`]);
  }

  /** Takes the container off a network: its peers' names stop resolving and open connections hang. */
  disconnect(containerId: string, network: string): Promise<FaultResult> {
    return this.act(containerId, (name) => [
      ['network', 'disconnect', '--force', network, containerId],
      `docker network disconnect ${network} ${name}`,
    ]);
  }

  connect(containerId: string, network: string, { aliases = [] }: { aliases?: string[] } = {}): Promise<FaultResult> {
    const aliasArgs = aliases.flatMap((alias) => ['--alias', alias]);
    return this.act(containerId, (name) => [
      ['network', 'connect', ...aliasArgs, network, containerId],
      `docker network connect ${network} ${name}`,
    ]);
  }

  /** The container's name, or throws if it is not this run's. */
  async guard(containerId: string): Promise<string> {
    const format = `{{index .Config.Labels "${RUN_LABEL}"}}|{{.Name}}`;
    const res = await run(['container', 'inspect', '--format', format, containerId], 15_000);
    if (!res.ok) throw new Error(`faults: no container ${containerId} (${res.stderr.trim().split('\n')[0] ?? ''})`);
    const [label = '', rawName = ''] = res.stdout.trim().split('|');
    const name = rawName.replace(/^\//, '') || containerId;
    if (label !== this.runId) {
      throw new Error(`faults: refusing to touch ${name}: it does not carry ${RUN_LABEL}=${this.runId}`);
    }
    return name;
  }

  private async act(
    containerId: string,
    command: (name: string) => [string[], string],
    graceSeconds = 0,
  ): Promise<FaultResult> {
    const name = await this.guard(containerId);
    const [args, shown] = command(name);
    const started = performance.now();
    const res = await run(args, graceSeconds * 1000 + CLI_SLACK_MS);
    const ms = Math.round(performance.now() - started);
    const took = `${(ms / 1000).toFixed(1)} s`;
    if (res.ok) return { ok: true, transcript: `${shown} took ${took}`, ms };
    const error = (res.stderr || res.stdout).trim().split('\n')[0]?.replace(/^Error response from daemon: /, '') || 'docker failed';
    return { ok: false, transcript: `${shown} failed after ${took}: ${error}`, ms, error };
  }
}
