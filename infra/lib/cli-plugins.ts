// The docker CLI plugins the course needs: compose v2 (Testcontainers' DockerComposeEnvironment,
// the exercises) and buildx (BuildKit builds, so `RUN --mount=type=cache` works). Debian 12 has
// neither; Debian 13 packages both, built for a glibc that Debian 12 also satisfies. We take only
// their binaries, through a private apt configuration: the machine's sources never see trixie.
import os from 'node:os';
import { chmod, copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { $ } from 'zx';
import { downloadDebs, exists, isRoot } from './host.js';
import { info, ok } from './report.js';

/** Debian 13: the first Debian release with compose v2 and buildx packaged. */
const PLUGIN_SUITE = 'trixie';

interface Plugin {
  /** `docker <command> version` answers once the plugin is installed. */
  command: string;
  /** Debian package and binary name (both are docker-<command>). */
  name: string;
}

const PLUGINS: Plugin[] = [
  { command: 'compose', name: 'docker-compose' },
  { command: 'buildx', name: 'docker-buildx' },
];

export async function ensureCliPlugins(): Promise<void> {
  const missing: Plugin[] = [];
  for (const plugin of PLUGINS) {
    const version = await pluginVersion(plugin);
    if (version) ok(`docker ${plugin.command} already works: ${version}`);
    else missing.push(plugin);
  }
  if (missing.length === 0) return;

  // Root installs for everyone; anyone else for themselves (the CLI looks in both places).
  const target = isRoot() ? '/usr/libexec/docker/cli-plugins' : path.join(os.homedir(), '.docker', 'cli-plugins');
  const work = await mkdtemp(path.join(os.tmpdir(), 'shipshape-cli-plugins-'));
  try {
    const names = missing.map((plugin) => plugin.name);
    info(`fetching ${names.join(', ')} from Debian ${PLUGIN_SUITE} (a private apt configuration)`);
    const debs = await downloadDebs(names, PLUGIN_SUITE, work);
    await mkdir(target, { recursive: true });
    for (const plugin of missing) {
      await installPlugin(plugin, debs, work, target);
      const version = await pluginVersion(plugin);
      if (!version) throw new Error(`docker ${plugin.command} still fails after installing ${plugin.name}`);
      ok(`docker ${plugin.command} installed in ${target}: ${version}`);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function pluginVersion(plugin: Plugin): Promise<string | undefined> {
  const result = await $({ nothrow: true, quiet: true })`docker ${plugin.command} version`;
  return result.ok ? result.stdout.trim().split('\n')[0] : undefined;
}

/** Unpacks the plugin's .deb (no dpkg install: nothing else of trixie lands) and copies its binary. */
async function installPlugin(plugin: Plugin, debs: string[], work: string, target: string): Promise<void> {
  const deb = debs.find((file) => path.basename(file).startsWith(`${plugin.name}_`));
  if (!deb) throw new Error(`apt-get download gave no ${plugin.name} package`);
  const root = path.join(work, plugin.name);
  await $`dpkg -x ${deb} ${root}`;
  const binary = path.join(root, 'usr', 'libexec', 'docker', 'cli-plugins', plugin.name);
  if (!(await exists(binary))) throw new Error(`${path.basename(deb)} has no ${binary.slice(root.length)}`);
  await copyFile(binary, path.join(target, plugin.name));
  await chmod(path.join(target, plugin.name), 0o755);
}
