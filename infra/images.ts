// The course's container images, read from infra/images/Dockerfile (their one source of truth).
import { readFile } from 'node:fs/promises';
import { DockerfileParser } from 'dockerfile-ast';

/** Where the course's image tags live; a Dockerfile of FROM lines so that Dependabot can bump them. */
export const COURSE_IMAGES_DOCKERFILE = new URL('./images/Dockerfile', import.meta.url);

/**
 * Stage name -> image reference, in file order, e.g. { node: 'node:24.9.0-bookworm-slim', ... }.
 * File order matters: the stand-in builder builds the base (debian) before the images on top of it.
 */
export async function courseImages(
  dockerfile: URL | string = COURSE_IMAGES_DOCKERFILE,
): Promise<Record<string, string>> {
  return parseCourseImages(await readFile(dockerfile, 'utf8'));
}

/** Parses the FROM lines of `text`; throws on anything the code could not use unambiguously. */
export function parseCourseImages(text: string): Record<string, string> {
  const images: Record<string, string> = {};
  for (const from of DockerfileParser.parse(text).getFROMs()) {
    const line = from.getRange().start.line + 1;
    const stage = from.getBuildStage();
    const image = from.getImage();
    // A stage name is the key the code looks images up by, so every FROM needs one.
    if (!stage) throw new Error(`images Dockerfile line ${line}: FROM needs "AS <name>"`);
    if (!image || image.includes('$')) {
      throw new Error(`images Dockerfile line ${line}: FROM needs a literal image, not a build argument`);
    }
    // An untagged image means "latest", which moves under the learners' feet: insist on a tag.
    if (!from.getImageTag() && !from.getImageDigest()) {
      throw new Error(`images Dockerfile line ${line}: ${image} needs an explicit tag`);
    }
    if (stage in images) throw new Error(`images Dockerfile line ${line}: stage "${stage}" appears twice`);
    images[stage] = image;
  }
  return images;
}
