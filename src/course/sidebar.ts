// The course sidebar, built from course.yaml: the learner's first pages, then one category per
// stage with its exercises, both in manifest order, and the instructors' pages last. Category labels are made from the English
// stage titles; the zh-Hans ones come from i18n/zh-Hans/docusaurus-plugin-content-docs/current.json,
// which a test (docs.test.ts) holds equal to stageLabel(stage, 'zh-Hans').
import type { SidebarsConfig } from '@docusaurus/plugin-content-docs';
import { docIdFromPath, type Manifest } from './manifest.ts';

/** One entry of a sidebar written as an array. */
export type SidebarItem = Extract<SidebarsConfig[string], unknown[]>[number];

export const SIDEBAR_ID = 'course';

/** Pages a learner reads before the first exercise, in reading order. */
export const LEARNER_PAGES = ['intro', 'setup', 'checker'] as const;
/** Pages for instructors, after the course itself: a learner's path never runs through them. */
export const INSTRUCTOR_PAGES = ['grading'] as const;

/** The translation key Docusaurus uses for a stage's category label. */
export function stageCategoryKey(stageId: string): string {
  return `sidebar.${SIDEBAR_ID}.category.${stageId}`;
}

/** A stage's sidebar label in each locale, e.g. "Stage 1: Containers" and "阶段 1：容器". */
export function stageLabel(stage: Manifest['stages'][number], locale: 'en' | 'zh-Hans'): string {
  const n = /(\d+)$/.exec(stage.id)?.[1] ?? stage.id;
  return locale === 'en' ? `Stage ${n}: ${stage.title.en}` : `阶段 ${n}：${stage.title['zh-Hans']}`;
}

export function courseSidebar(manifest: Pick<Manifest, 'stages' | 'exercises'>): SidebarItem[] {
  const stages = manifest.stages.map(
    (stage): SidebarItem => ({
      type: 'category',
      key: stage.id,
      label: stageLabel(stage, 'en'),
      collapsed: false,
      link: { type: 'doc', id: `${stage.id}/index` },
      items: manifest.exercises.filter((ex) => ex.stage === stage.id).map((ex) => docIdFromPath(ex.docs)),
    }),
  );
  return [...LEARNER_PAGES, ...stages, ...INSTRUCTOR_PAGES];
}
