import { say } from '../locale.js';
import { fail } from '../verdict.js';
import type { ComposeConfig } from './compose.js';

/** Which service of a learner's stack is which, by what it is rather than what the learner called it. */
export interface Roles {
  app: string;
  db: string;
  redis: string | undefined;
}

/** Services that are meant to finish (awaited with service_completed_successfully), not to keep running. */
export function oneOffJobs(services: ComposeConfig['services']): Set<string> {
  return new Set(
    Object.values(services).flatMap((s) =>
      Object.entries(s.depends_on ?? {}).filter(([, d]) => d.condition === 'service_completed_successfully').map(([n]) => n),
    ),
  );
}

/** The app (built here), PostgreSQL and Redis (by image) of a stack; a stack without app or database is a verdict. */
export function findRoles(config: ComposeConfig): Roles {
  const entries = Object.entries(config.services);
  const byImage = (name: string): string[] =>
    entries.filter(([, s]) => !s.build && new RegExp(`(^|/)${name}(:|@|$)`).test(s.image ?? '')).map(([n]) => n);
  const [db] = byImage('postgres');
  const [redis] = byImage('redis');
  // The app is the built service others do not wait to complete: a one-off migrate job built
  // from the same Dockerfile is awaited with service_completed_successfully.
  const jobs = oneOffJobs(config.services);
  const built = entries.filter(([, s]) => s.build).map(([n]) => n);
  const app = built.find((n) => !jobs.has(n)) ?? built[0];
  const names = entries.map(([n]) => n);
  const services = say(`services: ${names.join(', ') || 'none'}`, `现有的服务：${names.join('、') || '无'}`);
  if (!app) fail(say('a service built from the Dockerfile in this folder (build: .)', '一个用本目录的 Dockerfile 构建的服务（build: .）'), services);
  if (!db) fail(say('a PostgreSQL service (image: postgres:15-bookworm)', '一个 PostgreSQL 服务（image: postgres:15-bookworm）'), services);
  return { app, db, redis };
}
