// One-file unified diffs, the way an exercise layer changes a file that a layer below it owns.
// jsdiff does the parsing and fitting; this module only decides what counts as a usable patch
// and says, in words a course author can act on, why one is not.
import { applyPatch, createTwoFilesPatch, FILE_HEADERS_ONLY, parsePatch, type StructuredPatch, type StructuredPatchHunk } from 'diff';

export const PATCH_SUFFIX = '.patch';

export const isPatchFile = (path: string): boolean => path.endsWith(PATCH_SUFFIX);

/** The path a patch file changes: `src/app.ts.patch` changes `src/app.ts`. */
export const patchedPath = (patchPath: string): string => patchPath.slice(0, -PATCH_SUFFIX.length);

/** A patch that cannot be used as it is; the message says why, without saying where. */
export class PatchError extends Error {}

/** Reads a patch that must change exactly one existing file. */
export function parseFilePatch(text: string): StructuredPatch {
  const files = parseOrExplain(text);
  const [patch] = files;
  if (files.length !== 1 || !patch) throw new PatchError(`it is a diff of ${files.length} files; a .patch file changes exactly one`);
  // A layer adds a new file by copying it whole, so creating or deleting through a patch is an authoring slip.
  if (patch.oldFileName === '/dev/null' || patch.isCreate) throw new PatchError('it creates a file; copy a new file whole instead');
  if (patch.newFileName === '/dev/null' || patch.isDelete) throw new PatchError('it deletes the file; a layer cannot remove files');
  if (patch.hunks.length === 0) throw new PatchError('it has no hunks, so it changes nothing');
  return patch;
}

function parseOrExplain(text: string): StructuredPatch[] {
  try {
    return parsePatch(text);
  } catch (err) {
    throw new PatchError(`it is not a unified diff (${(err as Error).message})`);
  }
}

/**
 * The patched text. Hunks may land a few lines away from where their header says (the file
 * below grew or shrank elsewhere), but their context must match exactly: guessing past a
 * changed context would hide the very conflicts the author has to look at.
 */
export function applyFilePatch(base: string, patchText: string): string {
  const patch = parseFilePatch(patchText);
  const patched = applyPatch(base, patch, { fuzzFactor: 0 });
  if (patched !== false) return patched;
  throw new PatchError(`${describeHunk(patch, firstMisfit(base, patch))} no longer matches the file it is applied to`);
}

/** The first hunk whose context is gone; the whole patch failed, so one of them must be. */
function firstMisfit(base: string, patch: StructuredPatch): number {
  const index = patch.hunks.findIndex((hunk) => applyPatch(base, { ...patch, hunks: [hunk] }) === false);
  return index === -1 ? patch.hunks.length - 1 : index;
}

function describeHunk(patch: StructuredPatch, index: number): string {
  const header = hunkHeader(patch.hunks[index] as StructuredPatchHunk);
  return patch.hunks.length === 1 ? `its hunk (${header})` : `hunk ${index + 1} of ${patch.hunks.length} (${header})`;
}

const hunkHeader = (hunk: StructuredPatchHunk): string =>
  `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`;

/** What re-creating a patch starts from: the hunks that still fit, applied; the others, as text to redo. */
export interface Salvage {
  readonly text: string;
  readonly misfits: readonly string[];
}

/** Applies each hunk that still fits, one at a time, so one moved line does not lose the rest. */
export function applyWhatFits(base: string, patchText: string): Salvage {
  const patch = parseFilePatch(patchText);
  let text = base;
  const misfits: string[] = [];
  for (const hunk of patch.hunks) {
    const next = applyPatch(text, { ...patch, hunks: [hunk] });
    if (next === false) misfits.push([hunkHeader(hunk), ...hunk.lines].join('\n'));
    else text = next;
  }
  return { text, misfits };
}

/** The patch that turns `base` into `edited`, with a/ and b/ headers as `git diff` writes them. */
export function createFilePatch(path: string, base: string, edited: string): string {
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, base, edited, undefined, undefined, {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY,
  });
}
