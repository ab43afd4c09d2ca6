import { isAbsolute, relative, resolve } from 'node:path';
import { LineCounter, parseDocument, isMap, isPair, isScalar, type Node } from 'yaml';
import { say } from '../locale.js';
import type { Text } from '../manifest.js';
import type { ComposeConfig } from './compose.js';

export interface PolicyFinding {
  /** The service's name, or `volumes.NAME` for a top-level volume. */
  service: string;
  setting: string;
  /** Why it is refused, in both languages. */
  why: Text;
  /** Where the setting is written: the learner's file (the last of them to set it) and its 1-based line. */
  file: string | undefined;
  line: number | undefined;
}

/** One of the learner's compose files and its text, in the order compose merges them. */
export interface ComposeSource {
  file: string;
  source: string;
}

const SOCKETS = ['/var/run/docker.sock', '/run/docker.sock'];

function inside(dir: string, path: string): boolean {
  const rel = relative(resolve(dir), resolve(dir, path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

interface Found {
  line: number | undefined;
  /** False when only an ancestor of the path was found (a setting that came from an anchor or a merge). */
  exact: boolean;
}

/** Where a key sits in one YAML file: its line, or its nearest written ancestor's. */
function lineOf(source: string): (path: string[]) => Found {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter });
  return (path) => {
    let node: unknown = doc.contents;
    let keyNode: Node | undefined;
    const at = (exact: boolean): Found => ({ line: keyNode?.range ? lineCounter.linePos(keyNode.range[0]).line : undefined, exact });
    for (const key of path) {
      if (!isMap(node)) return at(false);
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === key);
      if (!pair || !isPair(pair)) return at(false);
      keyNode = pair.key as Node;
      node = pair.value;
    }
    return at(true);
  };
}

/**
 * Where a key sits in the learner's files, so the message can point at the line to change: the
 * last file that writes it (later files win in compose's merge), else the last that has its parent.
 */
function locate(sources: ComposeSource[]): (path: string[]) => { file: string | undefined; line: number | undefined } {
  const finders = sources.map((s) => ({ file: s.file, find: lineOf(s.source) })).toReversed();
  return (path) => {
    const found = finders.map((f) => ({ file: f.file, ...f.find(path) }));
    const best = found.find((f) => f.exact) ?? found.find((f) => f.line !== undefined);
    return { file: best?.file, line: best?.line };
  };
}

/**
 * Settings that would hand a container power over the learner's machine. The checker runs
 * the learner's file for real, so it refuses these before anything starts.
 */
export function hostileSettings(config: ComposeConfig, sources: ComposeSource[], dir: string): PolicyFinding[] {
  const where = locate(sources);
  const findings: PolicyFinding[] = [];
  const add = (service: string, setting: string, why: Text): void => {
    findings.push({ service, setting, why, ...where(['services', service, setting]) });
  };
  for (const [name, s] of Object.entries(config.services)) {
    if (s.privileged) add(name, 'privileged', say('a privileged container can do anything the host root can', '特权容器能做宿主机 root 用户能做的任何事'));
    if (s.network_mode === 'host') add(name, 'network_mode', say('host networking bypasses the stack’s own network', '使用宿主机网络，就绕开了服务栈自己的网络'));
    for (const ns of ['pid', 'ipc', 'uts', 'userns_mode'] as const) {
      const space = ns.replace('_mode', '');
      if (s[ns] === 'host') add(name, ns, say(`sharing the host’s ${space} namespace exposes the host’s processes`, `共享宿主机的 ${space} 命名空间，会把宿主机的进程暴露给容器`));
    }
    if (s.cap_add?.length) add(name, 'cap_add', say(`extra kernel capabilities (${s.cap_add.join(', ')})`, `额外的内核能力（${s.cap_add.join('、')}）`));
    if (s.devices?.length) add(name, 'devices', say('host devices inside a container', '把宿主机的设备交给了容器'));
    if (s.security_opt?.some((o) => /unconfined|label[:=]disable/.test(o))) {
      add(name, 'security_opt', say('switching off seccomp, AppArmor or SELinux confinement', '关掉了 seccomp、AppArmor 或 SELinux 的隔离限制'));
    }
    for (const v of s.volumes ?? []) {
      if (v.type !== 'bind' || !v.source) continue;
      if (SOCKETS.includes(v.source)) add(name, 'volumes', say(`${v.source} gives the container control of Docker itself`, `${v.source} 会让容器控制 Docker 本身`));
      else if (!inside(dir, v.source)) add(name, 'volumes', say(`bind mount of ${v.source}, outside the exercise folder`, `绑定挂载了练习目录之外的 ${v.source}`));
    }
    if (s.build && !inside(dir, s.build.context)) add(name, 'build', say(`build context ${s.build.context} is outside the exercise folder`, `构建上下文 ${s.build.context} 在练习目录之外`));
    for (const f of s.env_file ?? []) {
      const path = typeof f === 'string' ? f : f.path;
      if (!inside(dir, path)) add(name, 'env_file', say(`env_file ${path} is outside the exercise folder`, `env_file ${path} 在练习目录之外`));
    }
  }
  for (const [name, v] of Object.entries(config.volumes ?? {})) {
    const device = v?.driver_opts?.device;
    if (device && !inside(dir, device)) {
      findings.push({
        service: `volumes.${name}`,
        setting: 'driver_opts',
        why: say(`binds host path ${device}`, `绑定了宿主机路径 ${device}`),
        ...where(['volumes', name, 'driver_opts']),
      });
    }
  }
  // A secret or config file is bind-mounted into the container: the same rule as a bind mount.
  for (const kind of ['secrets', 'configs'] as const) {
    for (const [name, entry] of Object.entries(config[kind] ?? {})) {
      if (entry.file && !inside(dir, entry.file)) {
        findings.push({
          service: `${kind}.${name}`,
          setting: 'file',
          why: say(`mounts ${entry.file}, outside the exercise folder, into a container`, `把练习目录之外的 ${entry.file} 挂载进了容器`),
          ...where([kind, name, 'file']),
        });
      }
    }
  }
  return findings;
}
