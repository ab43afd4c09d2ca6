import { isAbsolute, relative, resolve } from 'node:path';
import { LineCounter, parseDocument, isMap, isPair, isScalar, type Node } from 'yaml';
import type { ComposeConfig } from './compose.js';

export interface PolicyFinding {
  service: string;
  setting: string;
  why: string;
  /** 1-based line in the learner's file, when the setting is written there. */
  line: number | undefined;
}

const SOCKETS = ['/var/run/docker.sock', '/run/docker.sock'];

function inside(dir: string, path: string): boolean {
  const rel = relative(resolve(dir), resolve(dir, path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Where a key sits in the learner's YAML, so the message can point at the line to change. */
function lineOf(source: string): (path: string[]) => number | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter });
  return (path) => {
    let node: unknown = doc.contents;
    let keyNode: Node | undefined;
    for (const key of path) {
      if (!isMap(node)) return keyNode?.range ? lineCounter.linePos(keyNode.range[0]).line : undefined;
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === key);
      if (!pair || !isPair(pair)) return keyNode?.range ? lineCounter.linePos(keyNode.range[0]).line : undefined;
      keyNode = pair.key as Node;
      node = pair.value;
    }
    return keyNode?.range ? lineCounter.linePos(keyNode.range[0]).line : undefined;
  };
}

/**
 * Settings that would hand a container power over the learner's machine. The checker runs
 * the learner's file for real, so it refuses these before anything starts.
 */
export function hostileSettings(config: ComposeConfig, source: string, dir: string): PolicyFinding[] {
  const line = lineOf(source);
  const findings: PolicyFinding[] = [];
  const add = (service: string, setting: string, why: string): void => {
    findings.push({ service, setting, why, line: line(['services', service, setting]) });
  };
  for (const [name, s] of Object.entries(config.services)) {
    if (s.privileged) add(name, 'privileged', 'a privileged container can do anything the host root can');
    if (s.network_mode === 'host') add(name, 'network_mode', 'host networking bypasses the stack’s own network');
    for (const ns of ['pid', 'ipc', 'uts', 'userns_mode'] as const) {
      if (s[ns] === 'host') add(name, ns, `sharing the host’s ${ns.replace('_mode', '')} namespace exposes the host’s processes`);
    }
    if (s.cap_add?.length) add(name, 'cap_add', `extra kernel capabilities (${s.cap_add.join(', ')})`);
    if (s.devices?.length) add(name, 'devices', 'host devices inside a container');
    if (s.security_opt?.some((o) => /unconfined|label[:=]disable/.test(o))) {
      add(name, 'security_opt', 'switching off seccomp, AppArmor or SELinux confinement');
    }
    for (const v of s.volumes ?? []) {
      if (v.type !== 'bind' || !v.source) continue;
      if (SOCKETS.includes(v.source)) add(name, 'volumes', `${v.source} gives the container control of Docker itself`);
      else if (!inside(dir, v.source)) add(name, 'volumes', `bind mount of ${v.source}, outside the exercise folder`);
    }
    if (s.build && !inside(dir, s.build.context)) add(name, 'build', `build context ${s.build.context} is outside the exercise folder`);
    for (const f of s.env_file ?? []) {
      const path = typeof f === 'string' ? f : f.path;
      if (!inside(dir, path)) add(name, 'env_file', `env_file ${path} is outside the exercise folder`);
    }
  }
  for (const [name, v] of Object.entries(config.volumes ?? {})) {
    const device = v?.driver_opts?.device;
    if (device && !inside(dir, device)) {
      findings.push({ service: `volume ${name}`, setting: 'driver_opts', why: `binds host path ${device}`, line: line(['volumes', name, 'driver_opts']) });
    }
  }
  return findings;
}
