// The course components every docs page can use without importing them.
import MDXComponents from '@theme-original/MDXComponents';
import CheckCommand from '@site/src/components/course/CheckCommand';
import CourseImages from '@site/src/components/course/CourseImages';
import CourseOverview from '@site/src/components/course/CourseOverview';
import ExerciseChecks from '@site/src/components/course/ExerciseChecks';
import ExerciseHeader from '@site/src/components/course/ExerciseHeader';
import ExerciseLink from '@site/src/components/course/ExerciseLink';

export default {
  ...MDXComponents,
  CheckCommand,
  CourseImages,
  CourseOverview,
  ExerciseChecks,
  ExerciseHeader,
  ExerciseLink,
};
