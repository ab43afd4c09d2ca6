import { describe, expect, it } from 'vitest';
import { buildErrorLog, buildErrorSummary, parseBuildSteps, unresolvedBaseImages, unresolvedFrontend } from './build.js';

// Shaped like BuildKit 0.8's --progress=plain output on Docker engine 20.10.
const rebuild = `#1 [internal] load build definition from Dockerfile
#1 DONE 0.0s
#5 [build 1/5] FROM docker.io/library/node:24.9.0-bookworm-slim
#5 DONE 0.0s
#6 [build 2/5] COPY package.json package-lock.json ./
#6 CACHED
#7 [build 3/5] RUN npm ci
#7 CACHED
#8 [build 4/5] COPY src ./src
#8 DONE 0.1s
#9 [build 5/5] RUN npm run build
#9 1.234 > tsc
#9 DONE 3.2s`;

const failure = `#9 [build 5/5] RUN npm run compile
#9 0.388 npm error Missing script: "compile"
#9 ERROR: executor failed running [/bin/sh -c npm run compile]: exit code: 1
------
 > [build 5/5] RUN npm run compile:
0.388 npm error Missing script: "compile"
------
ERROR: failed to solve: executor failed running [/bin/sh -c npm run compile]: exit code: 1`;

describe('parseBuildSteps', () => {
  it('tells cached steps from steps that ran, and leaves out internal vertices', () => {
    const steps = parseBuildSteps(rebuild);
    expect(steps.map((s) => [s.stage, s.cached])).toEqual([
      ['build 1/5', false],
      ['build 2/5', true],
      ['build 3/5', true],
      ['build 4/5', false],
      ['build 5/5', false],
    ]);
  });

  it('marks the step that failed', () => {
    expect(parseBuildSteps(failure).find((s) => s.failed)?.instruction).toBe('RUN npm run compile');
  });
});

describe('build errors', () => {
  it('summarizes a failing RUN by its exit code', () => {
    expect(buildErrorSummary(failure)).toBe('exited with code 1');
  });

  it("shows BuildKit's framed excerpt of the failing step", () => {
    expect(buildErrorLog(failure)[0]).toBe('------');
    expect(buildErrorLog(failure)).toContain('0.388 npm error Missing script: "compile"');
  });

  it('falls back to the last lines when there is no excerpt', () => {
    expect(buildErrorSummary('ERROR: failed to solve: the Dockerfile cannot be empty')).toBe('the Dockerfile cannot be empty');
    expect(buildErrorLog('a\nb\nc', 2)).toEqual(['b', 'c']);
  });
});

describe('unresolvedBaseImages', () => {
  it('names a base image that could not be pulled', () => {
    const output = `#3 [internal] load metadata for docker.io/library/node:24.9.0-bookworm-slim
#3 DONE 0.0s
#4 [internal] load metadata for docker.io/library/node:latest
#4 ERROR: failed to do request: Head "https://registry.example/v2/library/node/manifests/latest": no such host
ERROR: failed to solve: node:latest: failed to do request`;
    expect(unresolvedBaseImages(output)).toEqual(['node:latest']);
    expect(unresolvedBaseImages(rebuild)).toEqual([]);
  });
});

describe('unresolvedFrontend', () => {
  it('names the frontend a # syntax= line asked for when it could not be fetched', () => {
    const output = [
      '#1 [internal] load build definition from Dockerfile',
      '#1 DONE 0.0s',
      '#3 resolve image config for docker.io/docker/dockerfile:1',
      '#3 ERROR: failed to do request: Head "https://registry-1.docker.io/v2/docker/dockerfile/manifests/1": dial tcp: lookup registry-1.docker.io: no such host',
      'ERROR: failed to solve: rpc error: code = Unknown desc = failed to solve with frontend dockerfile.v0',
    ].join('\n');
    expect(unresolvedFrontend(output)).toBe('docker/dockerfile:1');
  });

  it('says nothing when the frontend resolved or was never asked for', () => {
    expect(unresolvedFrontend('#3 resolve image config for docker.io/docker/dockerfile:1\n#3 DONE 0.4s\n')).toBeUndefined();
    expect(unresolvedFrontend('#5 [build 2/6] RUN npm ci\n#5 ERROR: process "/bin/sh -c npm ci" did not complete\n')).toBeUndefined();
  });
});
