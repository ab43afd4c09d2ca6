import { randomBytes } from 'node:crypto';

/** Everything a run creates carries these labels, so it can be found and removed later. */
export const RUN_LABEL = 'dev.shipshape.run';
export const PID_LABEL = 'dev.shipshape.pid';
/** Tells a run's containers of the same image apart (app, app-shutdown…). */
export const ROLE_LABEL = 'dev.shipshape.role';

export function newRunId(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

export function runLabels(runId: string, pid = process.pid): Record<string, string> {
  return { [RUN_LABEL]: runId, [PID_LABEL]: String(pid) };
}
