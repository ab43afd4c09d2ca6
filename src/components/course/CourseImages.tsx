import Translate from '@docusaurus/Translate';
import type { ReactNode } from 'react';
import { useCourse } from './useCourse';

/** What each image is for; names come from infra/images/Dockerfile, unknown ones get no note. */
function Purpose({ name, usedBy }: { name: string; usedBy: string[] }): ReactNode {
  const list = usedBy.join(', ');
  switch (name) {
    case 'debian':
      return (
        <Translate id="shipshape.images.debian" description="What the debian image is for">
          The base the local stand-ins are built on
        </Translate>
      );
    case 'node':
      return (
        <Translate id="shipshape.images.node" description="What the node image is for">
          The base image of your Dockerfiles (both stages)
        </Translate>
      );
    default:
      return usedBy.length > 0 ? (
        <Translate id="shipshape.images.startedBy" values={{ list }} description="An image the checker starts next to the learner's app">
          {'Started by the checker next to your app ({list})'}
        </Translate>
      ) : (
        <Translate id="shipshape.images.later" description="An image only later exercises use">
          Used by later exercises
        </Translate>
      );
  }
}

/** The course's images with their exact tags, read from infra/images/Dockerfile at build time. */
export default function CourseImages(): ReactNode {
  const { images, manifest } = useCourse();
  return (
    <table>
      <thead>
        <tr>
          <th>
            <Translate id="shipshape.images.image">Image</Translate>
          </th>
          <th>
            <Translate id="shipshape.images.purpose">What it is for</Translate>
          </th>
        </tr>
      </thead>
      <tbody>
        {images.map(({ name, ref }) => (
          <tr key={name}>
            <td>
              <code>{ref}</code>
            </td>
            <td>
              <Purpose name={name} usedBy={manifest.exercises.filter((ex) => ex.images.includes(name)).map((ex) => ex.id)} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
