import { readFile } from 'node:fs/promises';
import { DockerfileParser } from 'dockerfile-ast';

export interface ImageRef {
  /** As written after ARG defaults are substituted, e.g. node:24.9.0-bookworm-slim. */
  ref: string;
  name: string;
  tag: string | undefined;
  digest: string | undefined;
  /** 1-based line of the FROM, for messages. */
  line: number;
}

export interface Stage {
  alias: string | undefined;
  from: ImageRef;
  /** Set when FROM names an earlier stage rather than an image. */
  parentStage: number | undefined;
}

export interface ParsedDockerfile {
  instructionCount: number;
  stages: Stage[];
}

/** Substitutes $NAME, ${NAME} and ${NAME:-default} with the global ARG defaults. */
function expand(value: string, args: Map<string, string>): string {
  return value.replace(/\$\{(\w+)(?::?-([^}]*))?\}|\$(\w+)/g, (_, braced?: string, fallback?: string, bare?: string) => {
    const name = (braced ?? bare) as string;
    return args.get(name) || fallback || '';
  });
}

function splitRef(ref: string): Pick<ImageRef, 'name' | 'tag' | 'digest'> {
  const [withoutDigest, digest] = ref.split('@', 2) as [string, string | undefined];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return colon === -1
    ? { name: withoutDigest, tag: undefined, digest }
    : { name: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1), digest };
}

export function parseDockerfile(source: string): ParsedDockerfile {
  const dockerfile = DockerfileParser.parse(source);
  const args = new Map<string, string>();
  for (const arg of dockerfile.getInitialARGs()) {
    const property = arg.getProperty();
    if (property) args.set(property.getName(), property.getValue() ?? '');
  }
  const stages: Stage[] = [];
  for (const from of dockerfile.getFROMs()) {
    const ref = expand(from.getImage() ?? '', args);
    const parentStage = stages.findIndex((s) => s.alias !== undefined && s.alias === ref.toLowerCase());
    stages.push({
      alias: from.getBuildStage()?.toLowerCase() ?? undefined,
      from: { ref, ...splitRef(ref), line: from.getRange().start.line + 1 },
      parentStage: parentStage === -1 ? undefined : parentStage,
    });
  }
  return { instructionCount: dockerfile.getInstructions().length, stages };
}

export async function readDockerfile(path: string): Promise<ParsedDockerfile> {
  return parseDockerfile(await readFile(path, 'utf8'));
}

/** Images pulled from a registry, as opposed to earlier stages. `scratch` is no image. */
export function externalBases(parsed: ParsedDockerfile): ImageRef[] {
  return parsed.stages
    .filter((s) => s.parentStage === undefined && s.from.ref !== 'scratch')
    .map((s) => s.from);
}

/** The image the final stage is ultimately built on, following stage-to-stage FROMs. */
export function finalBase(parsed: ParsedDockerfile): ImageRef | undefined {
  let stage = parsed.stages.at(-1);
  while (stage?.parentStage !== undefined) stage = parsed.stages[stage.parentStage];
  return stage?.from;
}
