// The sidebar is not written by hand: it follows course.yaml, stages and exercises in manifest
// order (see src/course/sidebar.ts). A new exercise in course.yaml appears here by itself, and
// the build fails until its page exists.
import type { SidebarsConfig } from '@docusaurus/plugin-content-docs';
import { readCourseUnchecked } from './src/course/manifest.ts';
import { courseSidebar, SIDEBAR_ID } from './src/course/sidebar.ts';

const sidebars: SidebarsConfig = {
  [SIDEBAR_ID]: courseSidebar(readCourseUnchecked()),
};

export default sidebars;
