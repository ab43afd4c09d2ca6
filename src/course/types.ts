// What the course-data plugin hands to the site's components (usePluginData('course-data')).
import type { Manifest } from '../../checker/src/manifest.ts';

export const COURSE_DATA_PLUGIN = 'course-data';

export interface CourseImage {
  /** The stage name in infra/images/Dockerfile, the key the code looks images up by. */
  name: string;
  /** The exact reference the exercises and checker use, e.g. postgres:15-bookworm. */
  ref: string;
}

export interface CourseData {
  manifest: Manifest;
  images: CourseImage[];
}
