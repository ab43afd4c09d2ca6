import Translate from '@docusaurus/Translate';
import type { ReactNode } from 'react';
import styles from './styles.module.css';
import { numberOf, totalPoints, useCourse, useExercise, useLocalize } from './useCourse';

/** "Stage 1: Containers · Exercise 1 · 11 checks, 100 points · you edit Dockerfile, .dockerignore" */
export default function ExerciseHeader({ exercise: id }: { exercise: string }): ReactNode {
  const exercise = useExercise(id);
  const localize = useLocalize();
  // A list in Chinese is separated by 、, not by an ASCII comma.
  const separator = localize({ en: ', ', 'zh-Hans': '、' });
  const stage = useCourse().manifest.stages.find((s) => s.id === exercise.stage);
  return (
    <div className={styles.header}>
      <span className={styles.badge}>
        <Translate id="shipshape.exercise.stage" values={{ n: numberOf(exercise.stage), title: stage ? localize(stage.title) : exercise.stage }}>
          {'Stage {n}: {title}'}
        </Translate>
      </span>
      <span className={styles.badge}>
        <Translate id="shipshape.exercise.number" values={{ n: numberOf(exercise.id) }}>
          {'Exercise {n}'}
        </Translate>
      </span>
      <span className={styles.badge}>
        <Translate id="shipshape.exercise.size" values={{ count: exercise.checks.length, points: totalPoints(exercise) }}>
          {'{count} checks · {points} points'}
        </Translate>
      </span>
      <span className={styles.badge}>
        <Translate
          id="shipshape.exercise.task"
          values={{
            // One node: Translate interpolates a value with String() unless it is an element.
            files: (
              <>
                {exercise.task.map((file, i) => (
                  <span key={file}>
                    {i > 0 ? separator : ''}
                    <code>{file}</code>
                  </span>
                ))}
              </>
            ),
          }}
        >
          {'You edit: {files}'}
        </Translate>
      </span>
    </div>
  );
}
