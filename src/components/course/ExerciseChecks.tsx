import Link from '@docusaurus/Link';
import Translate from '@docusaurus/Translate';
import type { ReactNode } from 'react';
import { codeSpans } from './codeSpans';
import styles from './styles.module.css';
import { totalPoints, useExercise, useLocalize } from './useCourse';

/** A sentence from course.yaml with its `backticked` words as inline code, as the docs' Markdown shows them. */
function WithCode({ text }: { text: string }): ReactNode {
  return codeSpans(text).map((span, index) => (span.code ? <code key={index}>{span.text}</code> : span.text));
}

/**
 * Every check of an exercise as the checker names it: id, title, points, the step it belongs
 * to, and its hints (folded, so nobody reads them by accident).
 */
export default function ExerciseChecks({ exercise: id }: { exercise: string }): ReactNode {
  const exercise = useExercise(id);
  const localize = useLocalize();
  return (
    <div className={styles.checks}>
      <ol className={styles.checkList}>
        {exercise.checks.map((check) => (
          <li key={check.id} className={styles.check}>
            <div className={styles.checkHead}>
              <code className={styles.checkId}>{check.id}</code>
              <span className={styles.checkTitle}>
                <WithCode text={localize(check.title)} />
              </span>
              <span className={styles.points}>
                <Translate id="shipshape.checks.points" values={{ points: check.points }} description="Points a check is worth">
                  {'{points} points'}
                </Translate>
              </span>
            </div>
            <div className={styles.checkMeta}>
              <Link to={`#${check.anchor}`}>
                <Translate id="shipshape.checks.stepLink" description="Link from a check to the step of the exercise it checks">
                  Go to the step
                </Translate>
              </Link>
            </div>
            <details className={styles.hints}>
              <summary>
                <Translate id="shipshape.checks.hints" values={{ count: check.hints.length }} description="Summary of the folded hints of a check">
                  {'Hints ({count})'}
                </Translate>
              </summary>
              <ol>
                {check.hints.map((hint, index) => (
                  <li key={index}>
                    <WithCode text={localize(hint)} />
                  </li>
                ))}
              </ol>
            </details>
          </li>
        ))}
      </ol>
      <p className={styles.total}>
        <Translate
          id="shipshape.checks.total"
          values={{ count: exercise.checks.length, points: totalPoints(exercise) }}
          description="Below the list of checks: how many checks and points in total"
        >
          {'{count} checks, {points} points in total.'}
        </Translate>
      </p>
    </div>
  );
}
