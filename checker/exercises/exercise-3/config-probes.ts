import pLimit from 'p-limit';
import { once, type Once } from '../../src/exercise.js';
import type { LearnerImage } from '../../src/fixtures/learner-image.js';
import type { RunScope } from '../../src/fixtures/run-scope.js';
import { randomSecret } from '../../src/fixtures/stack-env.js';
import { ALL_AT_ONCE, BAD_CONFIGS, leakConfigs, runWithConfig, UNREADABLE_FILE, VALID, WATCH_SECONDS, type BadConfig, type ConfigRun } from './config-probe.js';

export interface Tried {
  config: BadConfig;
  run: ConfigRun;
}

/**
 * The configuration probes: short-lived containers of the learner's image, each started once
 * for the checks that read it, all side by side as soon as the image exists.
 */
export class ConfigProbes {
  /** The secret the leak probes plant: the checker's own, never anything of the learner's. */
  readonly leakSecret = randomSecret();

  constructor(
    private readonly image: () => Promise<LearnerImage>,
    private readonly scope: RunScope,
  ) {}

  // Three at a time: a start-up timed while nine others start beside it measures the machine, not the app.
  private readonly limit = pLimit(3);

  private async tryConfig(role: string, config: BadConfig): Promise<Tried> {
    const image = await this.image();
    return this.limit(async () => ({ config, run: await runWithConfig(image, this.scope, { role, env: config.env, watchSeconds: WATCH_SECONDS }) }));
  }

  /** The control: without it, an app that crashes on anything would pass for one that checks its configuration. */
  readonly valid: Once<Tried> = once(() => this.tryConfig('config-valid', { variable: '', env: VALID, shown: 'a valid configuration' }));
  readonly bad: Once<Tried[]> = once(() => Promise.all(BAD_CONFIGS.map((c, i) => this.tryConfig(`config-bad-${i}`, c))));
  readonly allAtOnce: Once<Tried> = once(() => this.tryConfig('config-all-at-once', ALL_AT_ONCE));
  readonly leaks: Once<Tried[]> = once(() => Promise.all(leakConfigs(this.leakSecret).map((c, i) => this.tryConfig(`config-leak-${i}`, c))));
  readonly unreadableFile: Once<Tried> = once(() => this.tryConfig('config-unreadable-file', UNREADABLE_FILE));

  /** Resolves once every probe started so far has finished, however it ended. */
  async settled(): Promise<void> {
    const started = [this.valid, this.bad, this.allAtOnce, this.leaks, this.unreadableFile].filter((p) => p.started);
    await Promise.allSettled(started.map((p) => p()));
  }
}
