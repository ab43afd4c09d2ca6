import { randomBytes } from 'node:crypto';

/** Everything a run creates carries these labels, so it can be found and removed later. */
export const RUN_LABEL = 'dev.shipshape.run';
export const PID_LABEL = 'dev.shipshape.pid';
/** Tells a run's containers of the same image apart (app, app-shutdown…). */
export const ROLE_LABEL = 'dev.shipshape.role';

export function newRunId(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/** When a run started, read back from its id; undefined for an id of another shape. */
export function runStartedAt(runId: string): number | undefined {
  const match = /^([0-9a-z]+)[0-9a-f]{6}$/.exec(runId);
  const ms = match ? parseInt(match[1]!, 36) : NaN;
  return Number.isFinite(ms) && ms > 1.6e12 ? ms : undefined;
}

export function runLabels(runId: string, pid = process.pid): Record<string, string> {
  return { [RUN_LABEL]: runId, [PID_LABEL]: String(pid) };
}
