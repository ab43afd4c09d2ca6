import { courseImages } from '../../infra/images.js';
import { CourseFault } from './verdict.js';

/**
 * The reference of one course image (postgres, redis...) the checks start beside the learner's
 * own. SHIPSHAPE_IMAGE_<NAME> points the checker at another copy, e.g. one on a mirror the
 * learner can reach; infra/images/Dockerfile names the default.
 */
export async function courseImage(name: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const override = env[`SHIPSHAPE_IMAGE_${name.toUpperCase().replace(/\W/g, '_')}`];
  if (override) return override;
  const ref = (await courseImages())[name];
  if (!ref) throw new CourseFault(`the course has no image called ${name}`, 'infra/images/Dockerfile names every course image: please report this');
  return ref;
}

export const REBUILD_IMAGES = 'Run `npm run images` to build the course images again, then check again; if it repeats, please report it.';
