import { needs, once, type RunContext } from '../../src/exercise.js';
import { findRoles, type Roles } from '../../src/docker/compose-roles.js';
import { ComposeFixture, type LearnerCompose } from '../../src/fixtures/compose-project.js';
import { RunScope } from '../../src/fixtures/run-scope.js';
import type { Text } from '../../src/manifest.js';
import { stackEnvironment } from '../../src/fixtures/stack-env.js';

export interface Learner extends LearnerCompose {
  roles: Roles;
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

  /**
   * The scope removes everything by the run's label (the checker's override puts it on every
   * container, network and volume compose makes): a `docker compose down` first would only cost
   * its own start-up, about a second of every run.
   */
  async teardown(): Promise<void> {
    await this.scope.close();
  }
}
