import { courseImages } from '../../infra/images.js';
import { say } from './locale.js';
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
  if (!ref) {
    throw new CourseFault(
      say(`the course has no image called ${name}`, `课程里没有名为 ${name} 的镜像`),
      say('infra/images/Dockerfile names every course image: please report this.', '课程用到的镜像都写在 infra/images/Dockerfile 里：请把这个问题反馈给我们。'),
    );
  }
  return ref;
}

export const REBUILD_IMAGES = say(
  'Run `npm run images` to build the course images again, then check again; if it repeats, please report it.',
  '运行 `npm run images` 重新构建课程镜像，然后再检查一次；如果问题依旧，请反馈给我们。',
);
