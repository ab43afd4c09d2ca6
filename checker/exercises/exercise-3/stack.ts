import { existsSync } from 'node:fs';
import { cp, lstat, mkdir, realpath, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { findRoles, type Roles } from '../../src/docker/compose-roles.js';
import { needs, once, type Once, type RunContext } from '../../src/exercise.js';
import { ComposeFixture, type LearnerCompose } from '../../src/fixtures/compose-project.js';
import { buildLearnerImage, readDockerfile, type LearnerImage } from '../../src/fixtures/learner-image.js';
import { startPostgres, type CoursePostgres } from '../../src/fixtures/postgres.js';
import { RunScope } from '../../src/fixtures/run-scope.js';
import { randomSecret, stackEnvironment } from '../../src/fixtures/stack-env.js';
import { say } from '../../src/locale.js';
import { fail } from '../../src/verdict.js';
import type { Text } from '../../src/manifest.js';
import { ConfigProbes } from './config-probes.js';
import { findEnvironments, type Environment, type EnvironmentName } from './environments.js';

/** One environment of the learner's stack, loaded from its own copy of the folder. */
export interface Variant {
  env: Environment;
  /** The copy the checker runs it from: it writes secret files and edits sources there, never in the learner's folder. */
  dir: string;
  fixture: ComposeFixture;
  learner: LearnerCompose;
  roles: Roles;
}

/** The running container of a variant's app; none is a verdict. */
export async function appContainer(v: Variant): Promise<string> {
  const [id] = await v.fixture.replicas(v.roles.app);
  const where = IN[v.env.name];
  if (!id) fail(say(`the ${v.roles.app} service running in ${where.en}`, `${where['zh-Hans']}里 ${v.roles.app} 服务在运行`), say('no running container', '没有正在运行的容器'));
  return id;
}

/** Never copied (top-level names): the learner's own secrets and what the image builds for itself. */
const NOT_COPIED = new Set(['node_modules', '.git', 'dist', '.env', 'secrets']);

const IN = { development: say('development', '开发环境'), production: say('production', '生产环境') } as const;

/**
 * Exercise 3's stack: the learner's image (for the configuration probes), the course's
 * PostgreSQL behind a planted password, and the development and production variants of the
 * learner's compose stack, each up in a copy of the folder.
 */
export class EnvironmentsStack {
  readonly scope: RunScope;
  /** The one password of the run: planted in every secret, searched for wherever it must not be. */
  readonly planted = randomSecret();
  readonly probes: ConfigProbes;

  constructor(
    readonly ctx: RunContext,
    private readonly progress: (message: Text) => void,
  ) {
    this.scope = new RunScope(ctx.runId);
    this.probes = new ConfigProbes(() => needs('image-builds', this.image), this.scope);
  }

  readonly image = once(async (): Promise<LearnerImage> =>
    buildLearnerImage({
      dir: this.ctx.dir,
      dockerfile: await readDockerfile(this.ctx.dir),
      tag: `shipshape-${this.ctx.exerciseId}:${this.ctx.runId}`,
      runId: this.ctx.runId,
      progress: this.progress,
    }),
  );

  /** A PostgreSQL whose password is the planted one: what the secret-file probes must reach. */
  readonly database = once((): Promise<CoursePostgres> => startPostgres(this.scope, { password: this.planted }));

  readonly environments = once(() => findEnvironments(this.ctx.dir));

  private async copyOfFolder(name: EnvironmentName): Promise<string> {
    const dir = join(await this.scope.tempDir(`exercise-3-${name}`), basename(this.ctx.dir));
    // Only at the top: a src/secrets/ folder of the learner's own is source like any other.
    await cp(this.ctx.dir, dir, { recursive: true, filter: (src) => !NOT_COPIED.has(relative(this.ctx.dir, src)) });
    return dir;
  }

  /** Every secret the variant reads from a file gets the planted password, as the docs promise. */
  private async plantSecretFiles(dir: string, learner: LearnerCompose): Promise<void> {
    const root = await realpath(dir);
    for (const secret of Object.values(learner.config.secrets ?? {})) {
      if (!secret.file) continue;
      // The policy judged the path as written; a symbolic link in the copy could still lead out
      // of it, and the checker must never create or write anything outside its own folder.
      const refuse = (): never =>
        fail(say('secret files inside the exercise folder', '密钥文件都在练习目录之内'), say(`${secret.file} leads outside it through a symbolic link`, `${secret.file} 通过符号链接指向了目录之外`));
      let existing = dirname(secret.file);
      while (!existsSync(existing)) existing = dirname(existing);
      if (relative(root, await realpath(existing)).startsWith('..')) refuse();
      await mkdir(dirname(secret.file), { recursive: true });
      const where = join(await realpath(dirname(secret.file)), basename(secret.file));
      const link = await lstat(where).then((st) => st.isSymbolicLink(), () => false);
      if (link || relative(root, where).startsWith('..')) refuse();
      // With the newline `echo` or an editor would leave: the app must not take it for the password.
      await writeFile(where, `${this.planted}\n`, { mode: 0o644 });
    }
  }

  private load(name: EnvironmentName): Once<Variant> {
    return once(async () => {
      const env = (await this.environments())[name];
      const dir = await this.copyOfFolder(name);
      const label = IN[name];
      const progress = (m: Text): void => this.progress(say(`${label.en}: ${m.en}`, `${label['zh-Hans']}：${m['zh-Hans']}`));
      const fixture = new ComposeFixture(dir, this.scope, progress, { name: name === 'development' ? 'dev' : 'prod', files: env.files, profiles: env.profiles });
      const variables = await stackEnvironment(dir, () => this.planted);
      // The checker's own .env in place of the learner's: `env_file: .env` reads the same values.
      await writeFile(join(dir, '.env'), Object.entries(variables).map(([k, v]) => `${k}=${v}\n`).join(''));
      const learner = await fixture.load(variables);
      fixture.refuseHostile(learner);
      await this.plantSecretFiles(dir, learner);
      return { env, dir, fixture, learner, roles: findRoles(learner.config) };
    });
  }

  readonly development = this.load('development');
  readonly production = this.load('production');

  /** Both variants valid and harmless: what compose-safe judges. */
  readonly safe = once(async (): Promise<void> => {
    await this.environments();
    await Promise.all([this.development(), this.production()]);
  });

  private up(variant: Once<Variant>): Once<Variant> {
    return once(async () => {
      // Nothing starts while either variant is refused: the verdict says "before starting anything".
      await needs('compose-safe', this.safe);
      const v = await variant();
      // The image is built once, for the probes; compose runs it wherever it would build the same.
      const image = await needs('image-builds', this.image);
      // The probes time how fast a bad configuration stops the app: they run on a quiet machine,
      // and the stacks (the heavy part, and timed by nobody) start once they are done.
      await this.probes.settled();
      await v.fixture.up(v.learner, v.roles.app, { prebuilt: image.build.tag });
      return v;
    });
  }

  readonly developmentUp = this.up(this.development);
  readonly productionUp = this.up(this.production);

  async teardown(): Promise<void> {
    // Every container, network and volume either variant made carries the run's label: the
    // scope removes them all at once, so no `docker compose down` per variant.
    await this.scope.close();
  }
}
