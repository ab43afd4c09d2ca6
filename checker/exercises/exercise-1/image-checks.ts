import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspectImage, imageHistory } from '../../src/docker/cli.js';
import { finalBase } from '../../src/docker/dockerfile.js';
import { needs, type CheckContext } from '../../src/exercise.js';
import { fail } from '../../src/verdict.js';
import { findSecrets } from '../../src/secrets.js';
import type { ImageStack } from './stack.js';

export async function imageBuilds(stack: ImageStack): Promise<void> {
  await stack.image();
}

export async function noSecrets(stack: ImageStack): Promise<void> {
  const { build, info } = await needs('image-builds', stack.image);
  const findings = findSecrets(info.Config.Env ?? [], await imageHistory(build.tag));
  if (findings.length > 0) {
    fail(
      'no passwords, tokens or keys in the image (anyone who pulls it can read ENV, ARG and build history)',
      findings.map((f) => `${f.what} (${f.where})`).join('; '),
    );
  }
}

const MB = 1_000_000;

export async function imageSize(stack: ImageStack, ctx: CheckContext): Promise<void> {
  const { info, dockerfile } = await needs('image-builds', stack.image);
  const base = finalBase(dockerfile);
  // Measured as bytes added on top of the base image, so the budget means the same with an
  // official node image and with a locally built stand-in of a different size.
  const baseInfo = base && base.ref !== 'scratch' ? await inspectImage(base.ref) : undefined;
  const added = info.Size - (baseInfo?.Size ?? 0);
  const budget = (ctx.params.budgetMB ?? 40) * MB;
  if (added > budget) {
    fail(
      `the final stage to add at most ${budget / MB} MB on top of ${base?.ref ?? 'its base image'}`,
      `it adds ${(added / MB).toFixed(1)} MB (the whole image is ${(info.Size / MB).toFixed(1)} MB)`,
    );
  }
}

interface LockEntry {
  dev?: boolean;
}

/** Packages the lockfile marks dev-only: needed to build, never to run. */
async function devOnlyPackages(dir: string): Promise<Set<string>> {
  const lock = JSON.parse(await readFile(join(dir, 'package-lock.json'), 'utf8')) as {
    packages?: Record<string, LockEntry>;
  };
  const names = new Set<string>();
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    const name = /node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(path)?.[1];
    if (name && entry.dev) names.add(name);
  }
  return names;
}

export async function noDevDependencies(stack: ImageStack, ctx: CheckContext): Promise<void> {
  const app = await needs('health-endpoint', stack.app);
  const devOnly = await devOnlyPackages(ctx.dir);
  // Every installed package's manifest, wherever the learner put the app; npm's own bundled
  // dependencies in the base image are not the app's.
  const listing = await app.container.exec(
    ['sh', '-c', "find / -xdev \\( -path /proc -o -path /sys -o -path '/usr/local/lib/node_modules/npm' \\) -prune -o -type f -path '*/node_modules/*/package.json' -print 2>/dev/null"],
    { user: '0' },
  );
  if (listing.exitCode !== 0 && listing.stdout.trim() === '') {
    fail('to list the packages installed in the image', `\`sh -c find\` failed in the container: ${listing.output.trim()}`);
  }
  const found = new Map<string, string>();
  for (const file of listing.stdout.split('\n')) {
    const match = /^(.*\/node_modules\/((?:@[^/]+\/)?[^/]+))\/package\.json$/.exec(file);
    if (match?.[2] && devOnly.has(match[2]) && !found.has(match[2])) found.set(match[2], match[1] ?? '');
  }
  if (found.size > 0) {
    const names = [...found.keys()];
    const shown = names.slice(0, 6).map((n) => (n === 'typescript' ? `typescript (${found.get(n)})` : n));
    fail(
      'only production dependencies in the final image',
      `${names.length} dev-only package(s) installed: ${shown.join(', ')}${names.length > 6 ? ', …' : ''}`,
    );
  }
}

const ROOT_USERS = new Set(['', 'root', '0', 'root:root', '0:0']);

export async function nonRoot(stack: ImageStack): Promise<void> {
  const { info } = await needs('image-builds', stack.image);
  const user = info.Config.User ?? '';
  if (ROOT_USERS.has(user)) {
    fail('a USER instruction that switches to a non-root user', user === '' ? 'no USER: the app runs as root' : `USER ${user} is root`);
  }
  const app = await needs('health-endpoint', stack.app);
  const id = await app.container.exec(['id', '-u']);
  const uid = id.stdout.trim();
  if (id.exitCode !== 0) fail('`id -u` to run in the container', `it failed: ${id.output.trim()}`);
  if (uid === '0') fail('the app process to run with a uid other than 0', `USER ${user} resolves to uid 0`);
}
