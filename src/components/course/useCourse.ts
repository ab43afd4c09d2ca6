// Access to course.yaml from React, in the page's locale. Unknown ids throw, so a typo in a
// page fails the build (every page is rendered at build time) instead of rendering nothing.
import useDocusaurusContext from '@docusaurus/useDocusaurusContext';
import { usePluginData } from '@docusaurus/useGlobalData';
import type { ExerciseSpec, Text } from '../../course/manifest';
import { COURSE_DATA_PLUGIN, type CourseData } from '../../course/types';

export function useCourse(): CourseData {
  return usePluginData(COURSE_DATA_PLUGIN) as CourseData;
}

/** Picks the current locale's text from a manifest `{ en, zh-Hans }` pair. */
export function useLocalize(): (text: Text) => string {
  const { i18n } = useDocusaurusContext();
  return (text) => (text as Record<string, string>)[i18n.currentLocale] ?? text.en;
}

export function useExercise(id: string): ExerciseSpec {
  const exercise = useCourse().manifest.exercises.find((ex) => ex.id === id);
  if (!exercise) throw new Error(`<… exercise="${id}">: there is no ${id} in course.yaml`);
  return exercise;
}

/** The number in an id such as exercise-12 or stage-3. */
export function numberOf(id: string): string {
  return /(\d+)$/.exec(id)?.[1] ?? id;
}

export function totalPoints(exercise: ExerciseSpec): number {
  return exercise.checks.reduce((sum, check) => sum + check.points, 0);
}
