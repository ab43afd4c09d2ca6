// What the infra scripts need to know about the machine they run on. Everything here is read
// at run time, so no mirror hostname or machine path is ever written into the repo.
import { access, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { $, which } from 'zx';
import { info } from './report.js';

/** The Debian package mirror this machine's apt uses (Docker Hub may be blocked; it is not). */
export interface DebianMirror {
  /** Main archive URI, e.g. what `URIs:` says for the bookworm suite. */
  archive: string;
  /** Security archive URI, when the machine has one. */
  security?: string | undefined;
  /** Keyring that signs the archive. */
  keyring: string;
}

interface AptSource {
  uris: string[];
  suites: string[];
  signedBy?: string | undefined;
}

const DEFAULT_KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';

export async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** Writes `file`, creating its folder first. */
export async function writeFileIn(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** VERSION_CODENAME from /etc/os-release ("bookworm"), or undefined off Debian. */
export async function hostCodename(): Promise<string | undefined> {
  const text = await readFile('/etc/os-release', 'utf8').catch(() => '');
  return /^VERSION_CODENAME="?([a-z]+)"?$/m.exec(text)?.[1];
}

/**
 * The mirror of the machine's own apt sources (deb822 *.sources or one-line *.list files).
 * SHIPSHAPE_DEBIAN_MIRROR overrides it, e.g. on a non-Debian host or behind a closer mirror.
 */
export async function debianMirror(): Promise<DebianMirror> {
  const override = process.env.SHIPSHAPE_DEBIAN_MIRROR;
  if (override) return { archive: override, keyring: DEFAULT_KEYRING };
  const codename = await hostCodename();
  const sources = await readAptSources();
  const archive = sources.find((s) => codename && s.suites.includes(codename));
  const security = sources.find((s) => codename && s.suites.includes(`${codename}-security`));
  const uri = archive?.uris[0];
  if (!uri) {
    throw new Error(
      'found no Debian archive in /etc/apt/sources.list{,.d}; set SHIPSHAPE_DEBIAN_MIRROR to a Debian mirror URL',
    );
  }
  return { archive: uri, security: security?.uris[0], keyring: archive.signedBy ?? DEFAULT_KEYRING };
}

async function readAptSources(): Promise<AptSource[]> {
  const dir = '/etc/apt/sources.list.d';
  const names = (await readdir(dir).catch(() => [] as string[])).sort();
  const sources: AptSource[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    if (name.endsWith('.sources')) sources.push(...parseDeb822(await readFile(file, 'utf8')));
    if (name.endsWith('.list')) sources.push(...parseOneLine(await readFile(file, 'utf8')));
  }
  const legacy = await readFile('/etc/apt/sources.list', 'utf8').catch(() => '');
  return [...sources, ...parseOneLine(legacy)];
}

/** deb822 stanzas ("Types: deb / URIs: ... / Suites: ..."), skipping deb-src and Enabled: no. */
export function parseDeb822(text: string): AptSource[] {
  const stanzas = text.split(/\n\s*\n/);
  return stanzas.flatMap((stanza) => {
    const fields = new Map<string, string>();
    for (const line of stanza.split('\n')) {
      const match = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
      if (match?.[1] && match[2] !== undefined) fields.set(match[1].toLowerCase(), match[2].trim());
    }
    const types = (fields.get('types') ?? '').split(/\s+/);
    if (!types.includes('deb') || fields.get('enabled') === 'no') return [];
    // An inline key block (Signed-By: followed by indented lines) is not a path we can pass on.
    const signedBy = fields.get('signed-by');
    return [
      {
        uris: (fields.get('uris') ?? '').split(/\s+/).filter(Boolean),
        suites: (fields.get('suites') ?? '').split(/\s+/).filter(Boolean),
        signedBy: signedBy?.startsWith('/') ? signedBy : undefined,
      },
    ];
  });
}

/** One-line sources: "deb [signed-by=...] URI suite component...". */
export function parseOneLine(text: string): AptSource[] {
  return text.split('\n').flatMap((raw) => {
    const match = /^\s*deb\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)/.exec(raw);
    if (!match?.[2] || !match[3]) return [];
    const signedBy = /signed-by=(\S+)/.exec(match[1] ?? '')?.[1];
    return [{ uris: [match[2]], suites: [match[3]], signedBy }];
  });
}

/**
 * The CA bundle the host's tools are told to trust (this network may re-sign TLS), or undefined.
 * Same variables as the host's own node and curl read.
 */
export async function hostCaBundle(): Promise<string | undefined> {
  for (const candidate of [process.env.NODE_EXTRA_CA_CERTS, process.env.SSL_CERT_FILE]) {
    if (candidate && (await exists(candidate))) return candidate;
  }
  return undefined;
}

let aptListsFresh = false;

/** Installs Debian packages that provide `commands`, when any of them is missing. Needs root. */
export async function ensureHostPackages(packages: string[], commands: string[]): Promise<void> {
  const missing = [];
  for (const command of commands) {
    if (!(await which(command, { nothrow: true }))) missing.push(command);
  }
  if (missing.length > 0) await installHostPackages(packages, missing);
}

/** Installs Debian packages with apt-get, for what is `missing` (named in the messages). Needs root. */
export async function installHostPackages(packages: string[], missing: string[]): Promise<void> {
  if (!isRoot()) {
    throw new Error(`${missing.join(', ')} missing; run as root, or: sudo apt-get install -y ${packages.join(' ')}`);
  }
  info(`installing ${packages.join(' ')} with apt-get (for ${missing.join(', ')})`);
  // Quiet: apt's chatter would bury the one-line report; a failure still shows its output.
  const apt = $({ env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, quiet: true });
  // One `apt-get update` per run is enough, however many installs follow.
  if (!aptListsFresh) await apt`apt-get update -qq`;
  aptListsFresh = true;
  await apt`apt-get install -y -qq --no-install-recommends ${packages}`;
}

/** `apt-get download` from `suite` with lists, cache and status of its own, all under `work`. */
export async function downloadDebs(packages: string[], suite: string, work: string): Promise<string[]> {
  const mirror = await debianMirror();
  const sourceList = path.join(work, 'sources.list');
  const status = path.join(work, 'status');
  const debsDir = path.join(work, 'debs');
  await writeFileIn(sourceList, `deb [signed-by=${mirror.keyring}] ${mirror.archive} ${suite} main\n`);
  await writeFileIn(status, '');
  await mkdir(path.join(work, 'lists', 'partial'), { recursive: true });
  await mkdir(path.join(work, 'cache', 'archives', 'partial'), { recursive: true });
  await mkdir(debsDir, { recursive: true });
  const options = [
    `Dir::Etc::SourceList=${sourceList}`,
    'Dir::Etc::SourceParts=/dev/null',
    'Dir::Etc::Preferences=/dev/null',
    'Dir::Etc::PreferencesParts=/dev/null',
    `Dir::State::Lists=${path.join(work, 'lists')}`,
    `Dir::Cache=${path.join(work, 'cache')}`,
    `Dir::State::status=${status}`,
    // As root apt downloads as the _apt user, who cannot write into our private 0700 folder.
    ...(isRoot() ? ['APT::Sandbox::User=root'] : []),
  ].flatMap((option) => ['-o', option]);
  await $({ quiet: true })`apt-get ${options} -qq update`;
  await $({ cwd: debsDir, quiet: true })`apt-get ${options} -qq download ${packages}`;
  return (await readdir(debsDir)).filter((file) => file.endsWith('.deb')).map((file) => path.join(debsDir, file));
}

