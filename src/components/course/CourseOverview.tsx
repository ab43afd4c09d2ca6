import Link from '@docusaurus/Link';
import Translate from '@docusaurus/Translate';
import type { ReactNode } from 'react';
import styles from './styles.module.css';
import { numberOf, totalPoints, useCourse, useLocalize } from './useCourse';

/** What course.yaml holds today: each stage with its exercises, their checks and points. */
export default function CourseOverview(): ReactNode {
  const { manifest } = useCourse();
  const localize = useLocalize();
  return (
    <ul className={styles.overview}>
      {manifest.stages.map((stage) => (
        <li key={stage.id}>
          <Link to={`/docs/${stage.id}`}>
            <strong>
              <Translate id="shipshape.exercise.stage" values={{ n: numberOf(stage.id), title: localize(stage.title) }}>
                {'Stage {n}: {title}'}
              </Translate>
            </strong>
          </Link>
          <ul>
            {manifest.exercises
              .filter((ex) => ex.stage === stage.id)
              .map((ex) => (
                <li key={ex.id}>
                  <Link to={ex.docs}>
                    <Translate id="shipshape.overview.exercise" values={{ n: numberOf(ex.id), title: localize(ex.title) }}>
                      {'Exercise {n}: {title}'}
                    </Translate>
                  </Link>{' '}
                  <span className={styles.muted}>
                    {' · '}
                    <code>npm run check {ex.id}</code>
                    {' · '}
                    <Translate id="shipshape.exercise.size" values={{ count: ex.checks.length, points: totalPoints(ex) }}>
                      {'{count} checks · {points} points'}
                    </Translate>
                  </span>
                </li>
              ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
