import { needs, once, type RunContext } from '../../src/exercise.js';
import type { ComposeConfig } from '../../src/docker/compose.js';
import { ComposeFixture, type LearnerCompose } from '../../src/fixtures/compose-project.js';
import { RunScope } from '../../src/fixtures/run-scope.js';
import { say } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import { fail } from '../../src/verdict.js';
import { stackEnvironment } from './env.js';

export interface Roles {
  app: string;
  db: string;
  redis: string | undefined;
}

export interface Learner extends LearnerCompose {
  roles: Roles;
}

/** Services that are meant to finish (awaited with service_completed_successfully), not to keep running. */
export function oneOffJobs(services: ComposeConfig['services']): Set<string> {
  return new Set(
    Object.values(services).flatMap((s) =>
      Object.entries(s.depends_on ?? {}).filter(([, d]) => d.condition === 'service_completed_successfully').map(([n]) => n),
    ),
  );
}

/** Which service is which, by what it is rather than what the learner called it. */
function findRoles(config: ComposeConfig): Roles {
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

/** Exercise 2's stack: the learner's compose project, its roles, and the project run by the checker. */
export class ComposeStack {
  private readonly scope: RunScope;
  readonly project: ComposeFixture;

  constructor(
    readonly ctx: RunContext,
    progress: (message: Text) => void,
  ) {
    this.scope = new RunScope(ctx.runId);
    this.project = new ComposeFixture(ctx.dir, this.scope, progress);
  }

  /** The learner's own file alone: what the static checks judge. */
  readonly learner = once(async (): Promise<Learner> => {
    const loaded = await this.project.load(await stackEnvironment(this.ctx.dir));
    return { ...loaded, roles: findRoles(loaded.config) };
  });

  /** The learner's file, refused when it asks for power over the learner's machine. */
  readonly safe = once(async (): Promise<Learner> => {
    const learner = await this.learner();
    this.project.refuseHostile(learner);
    return learner;
  });

  /** The stack up, as `docker compose up --wait` leaves it. */
  readonly up = once(async (): Promise<void> => {
    const learner = await needs('compose-safe', this.safe);
    await this.project.up(learner, learner.roles.app);
  });

  async teardown(): Promise<void> {
    await this.project.close();
    await this.scope.close();
  }
}
