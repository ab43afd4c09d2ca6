import Link from '@docusaurus/Link';
import Translate from '@docusaurus/Translate';
import type { ReactNode } from 'react';
import styles from './styles.module.css';
import { useCourse, useLocalize } from './useCourse';

/**
 * A link to an exercise once it exists in course.yaml (with its manifest title), and until then
 * the given text marked as planned. Pages can name future exercises without broken links, and
 * the links appear by themselves when the exercises land.
 */
export default function ExerciseLink({ exercise: id, children }: { exercise: string; children: ReactNode }): ReactNode {
  const exercise = useCourse().manifest.exercises.find((ex) => ex.id === id);
  const localize = useLocalize();
  if (exercise) return <Link to={exercise.docs}>{localize(exercise.title)}</Link>;
  return (
    <span>
      {children}{' '}
      <span className={styles.planned}>
        <Translate id="shipshape.exercise.planned" description="Marks an exercise that is not written yet">
          planned
        </Translate>
      </span>
    </span>
  );
}
