import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import { findComposeFile } from '../../src/docker/compose.js';
import type { ComposeVariant } from '../../src/fixtures/compose-project.js';
import { say } from '../../src/locale.js';
import { fail } from '../../src/verdict.js';

export type EnvironmentName = 'development' | 'production';

/** One environment as the learner wrote it: the files compose merges, or the base file with a profile. */
export interface Environment extends ComposeVariant {
  name: EnvironmentName;
  files: string[];
  profiles: string[];
  /** The command a learner would type to start it, for messages. */
  command: string;
}

// The names people use, in the order the checker prefers them. compose.override.yaml is the
// file `docker compose up` merges by itself: the usual home of development settings.
const FILES: Record<EnvironmentName, string[]> = {
  development: ['compose.dev.yaml', 'compose.dev.yml', 'compose.development.yaml', 'compose.development.yml', 'compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yml', 'docker-compose.override.yaml'],
  production: ['compose.prod.yaml', 'compose.prod.yml', 'compose.production.yaml', 'compose.production.yml', 'docker-compose.prod.yml', 'docker-compose.prod.yaml'],
};
const PROFILES: Record<EnvironmentName, string[]> = { development: ['dev', 'development'], production: ['prod', 'production'] };

/** Every profile a service of the base file names. */
function profilesIn(source: string): Set<string> {
  const services = parseDocument(source).get('services');
  const found = new Set<string>();
  if (!isMap(services)) return found;
  for (const service of services.items) {
    if (!isPair(service) || !isMap(service.value)) continue;
    const profiles = service.value.get('profiles');
    if (isSeq(profiles)) for (const p of profiles.items) if (isScalar(p)) found.add(String(p.value));
  }
  return found;
}

/**
 * The development and production variants of the learner's stack: an extra file each
 * (compose.override.yaml or compose.dev.yaml, compose.prod.yaml), or profiles in compose.yaml.
 * A missing one is a verdict that says what the checker looked for.
 */
export async function findEnvironments(dir: string): Promise<Record<EnvironmentName, Environment>> {
  const base = findComposeFile(dir);
  if (!base) {
    fail(
      say('a compose.yaml in the exercise folder', '练习目录里有一个 compose.yaml'),
      say('no compose.yaml (nor compose.yml, docker-compose.yml)', '没有 compose.yaml（也没有 compose.yml 或 docker-compose.yml）'),
    );
  }
  const profiles = profilesIn(await readFile(join(dir, base), 'utf8'));
  const find = (name: EnvironmentName): Environment | undefined => {
    const file = FILES[name].find((f) => existsSync(join(dir, f)));
    if (file) return { name, files: [base, file], profiles: [], command: `docker compose -f ${base} -f ${file} up` };
    const profile = PROFILES[name].find((p) => profiles.has(p));
    if (profile) return { name, files: [base], profiles: [profile], command: `docker compose --profile ${profile} up` };
    return undefined;
  };
  const development = find('development');
  const production = find('production');
  if (!development || !production) {
    const missing = [...(development ? [] : ['development']), ...(production ? [] : ['production'])];
    fail(
      say(
        'a development variant (compose.override.yaml, compose.dev.yaml or a dev profile) and a production variant (compose.prod.yaml or a prod profile)',
        '一个开发变体（compose.override.yaml、compose.dev.yaml 或 dev profile）和一个生产变体（compose.prod.yaml 或 prod profile）',
      ),
      say(`no ${missing.join(' and no ')} variant`, `没有${missing.map((m) => (m === 'development' ? '开发' : '生产')).join('和')}变体`),
    );
  }
  return { development, production };
}
