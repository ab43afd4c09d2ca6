import { describe, expect, it } from 'vitest';
import { externalBases, finalBase, parseDockerfile } from './dockerfile.js';

describe('parseDockerfile', () => {
  it('follows the final stage back to the image it is built on', () => {
    const parsed = parseDockerfile(`
FROM node:24.9.0-bookworm-slim AS base
FROM base AS build
RUN npm ci
FROM base AS runtime
CMD ["node", "dist/server.js"]
`);
    expect(parsed.stages).toHaveLength(3);
    expect(finalBase(parsed)?.ref).toBe('node:24.9.0-bookworm-slim');
    expect(externalBases(parsed).map((b) => b.line)).toEqual([2]);
  });

  it('substitutes global ARG defaults in FROM', () => {
    const parsed = parseDockerfile(`ARG NODE_VERSION=24.9.0\nFROM node:\${NODE_VERSION}-bookworm-slim\n`);
    expect(finalBase(parsed)).toMatchObject({ name: 'node', tag: '24.9.0-bookworm-slim', line: 2 });
  });

  it('tells an untagged image, a registry port and a digest apart', () => {
    const parsed = parseDockerfile(
      'FROM node\nFROM localhost:5000/node\nFROM node@sha256:abc\nFROM localhost:5000/node:24\n',
    );
    expect(externalBases(parsed).map(({ name, tag, digest }) => ({ name, tag, digest }))).toEqual([
      { name: 'node', tag: undefined, digest: undefined },
      { name: 'localhost:5000/node', tag: undefined, digest: undefined },
      { name: 'node', tag: undefined, digest: 'sha256:abc' },
      { name: 'localhost:5000/node', tag: '24', digest: undefined },
    ]);
  });

  it('counts no instructions in a file of comments', () => {
    expect(parseDockerfile('# TODO: write me\n\n# still nothing\n').instructionCount).toBe(0);
  });
});
