// Thin wrappers over the docker CLI, which is what learners and CI have in common.
import { $ } from 'zx';

/** Labels on every stand-in image, so tools can tell a local stand-in from the real thing. */
export const STANDIN_LABEL = 'dev.shipshape.standin';
/** Fingerprint of the recipe a stand-in was built from; a different one means "rebuild". */
export const RECIPE_LABEL = 'dev.shipshape.standin.recipe';

/** Whether a docker CLI command succeeds; its output is not needed. */
export async function dockerSucceeds(args: string[]): Promise<boolean> {
  return (await $({ nothrow: true, quiet: true })`docker ${args}`).ok;
}

/** The image's labels, or undefined when the image is not present locally. */
export async function localImageLabels(ref: string): Promise<Record<string, string> | undefined> {
  const result = await $({ nothrow: true, quiet: true })`docker image inspect --format ${'{{json .Config.Labels}}'} ${ref}`;
  if (!result.ok) return undefined;
  return (JSON.parse(result.stdout) as Record<string, string> | null) ?? {};
}

export type PullResult = { ok: true } | { ok: false; reason: string };

/** `docker pull` bounded in time: a blocked registry often hangs rather than fails. */
export async function pullImage(ref: string, timeoutSeconds: number): Promise<PullResult> {
  const result = await $({ nothrow: true, quiet: true, timeout: `${timeoutSeconds}s` })`docker pull ${ref}`;
  if (result.ok) return { ok: true };
  if (result.signal) return { ok: false, reason: `no answer within ${timeoutSeconds} s` };
  const lastLine = result.stderr.trim().split('\n').pop() ?? '';
  return { ok: false, reason: lastLine.replace(/^Error response from daemon:\s*/, '') };
}

export async function tagImage(source: string, target: string): Promise<void> {
  await $`docker tag ${source} ${target}`;
}
