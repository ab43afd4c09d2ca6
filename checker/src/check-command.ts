// How `npm run check` starts the checker, as argv: package.json's "check" script, with its paths
// made absolute. The tests and the bench that start the CLI themselves read it here, so they run
// it with the same Node flags learners do.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './manifest.js';

export function checkCommand(): string[] {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: { check: string } };
  const [program, ...args] = pkg.scripts.check.split(/\s+/);
  if (program !== 'node') throw new Error(`package.json's check script should start with node, not ${program}`);
  return [process.execPath, ...args.map((arg) => (!arg.startsWith('-') && existsSync(join(repoRoot, arg)) ? join(repoRoot, arg) : arg))];
}
