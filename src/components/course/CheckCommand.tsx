import CodeBlock from '@theme/CodeBlock';
import type { ReactNode } from 'react';
import { useExercise } from './useCourse';

type Variant = 'check' | 'solution' | 'reset' | 'verbose';

const commands: Record<Variant, (id: string) => string> = {
  check: (id) => `npm run check ${id}`,
  solution: (id) => `npm run check ${id} -- --solution`,
  verbose: (id) => `npm run check ${id} -- --verbose`,
  reset: (id) => `npm run reset ${id}`,
};

/** A command for one exercise, with an id that is known to exist in course.yaml. */
export default function CheckCommand({ exercise, variant = 'check' }: { exercise: string; variant?: Variant }): ReactNode {
  const { id } = useExercise(exercise);
  return <CodeBlock language="bash">{commands[variant](id)}</CodeBlock>;
}
