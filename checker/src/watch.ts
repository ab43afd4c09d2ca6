// Watching an exercise folder for saves, for `npm run check exercise-N -- --watch`.
// On WSL, file events from a Windows folder (/mnt/c/…) never reach Linux (rustlings #417,
// #444), so there the watcher polls instead, and the learner is told to move the repository.
import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { watch } from 'chokidar';

/** Folders that change without the learner saving anything: installs, builds, git itself. */
const IGNORED_DIRS = new Set(['node_modules', 'dist', '.git']);
/** Editor droppings: vim swap and its write probe, emacs lock and backup files. */
const EDITOR_TEMP = /(\.sw[a-p]|~|\.tmp)$|^\.#|^4913$/;

/** Whether a path (relative to the watched folder) should never trigger a run. */
export function isIgnored(relPath: string): boolean {
  const parts = relPath.split(/[/\\]/).filter(Boolean);
  if (parts.some((p) => IGNORED_DIRS.has(p))) return true;
  const name = parts.at(-1) ?? '';
  return EDITOR_TEMP.test(name);
}

export function isWsl(procVersion?: string): boolean {
  if (procVersion !== undefined) return /microsoft/i.test(procVersion);
  try {
    return /microsoft/i.test(readFileSync('/proc/version', 'utf8'));
  } catch {
    return false;
  }
}

export interface WatchPlan {
  poll: boolean;
  /** The folder is on a Windows drive mounted into WSL: slow, and saves may be missed. */
  onWindowsDrive: boolean;
}

export function watchPlan(dir: string, wsl = isWsl()): WatchPlan {
  return { poll: wsl, onWindowsDrive: wsl && /^\/mnt\/[a-z]\//i.test(dir.endsWith('/') ? dir : `${dir}/`) };
}

export interface FolderWatcher {
  close(): Promise<void>;
}

/**
 * Calls `onChange` with the folder-relative path of every saved, added or removed file that is
 * not ignored. Resolves once the initial scan is done, so a save right after it is seen.
 */
export async function watchFolder(
  dir: string,
  { poll, onChange, onError }: { poll: boolean; onChange: (relPath: string) => void; onError?: (err: unknown) => void },
): Promise<FolderWatcher> {
  const watcher = watch('.', {
    cwd: dir,
    ignoreInitial: true,
    backend: poll ? 'polling' : 'auto',
    pollingInterval: 500,
    // Chokidar tests the path joined with cwd: judge only the part inside the folder, so a
    // repository cloned under, say, ~/dist/ is not ignored whole.
    ignored: (path) => isIgnored(isAbsolute(path) ? relative(dir, path) : path),
  });
  watcher.on('all', (event, path) => {
    if (event === 'addDir' || event === 'unlinkDir') return;
    if (path && !isIgnored(path)) onChange(path);
  });
  watcher.on('error', (err) => onError?.(err));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return { close: () => watcher.close() };
}

/** When a file the learner could have edited last changed, to tell whether a result is stale. */
export async function newestChange(dir: string, rel = ''): Promise<number> {
  let newest = 0;
  let entries;
  try {
    entries = await readdir(join(dir, rel), { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = rel ? `${rel}${sep}${entry.name}` : entry.name;
    if (isIgnored(path)) continue;
    if (entry.isDirectory()) newest = Math.max(newest, await newestChange(dir, path));
    else if (entry.isFile()) newest = Math.max(newest, (await stat(join(dir, path))).mtimeMs);
  }
  return newest;
}
