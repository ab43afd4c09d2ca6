import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { courseImages, parseCourseImages } from './images.js';

describe('courseImages', () => {
  it('reads the course tags from infra/images/Dockerfile, base image first', async () => {
    const images = await courseImages();
    expect(images).toEqual({
      debian: 'debian:bookworm-slim',
      node: 'node:24.9.0-bookworm-slim',
      postgres: 'postgres:15-bookworm',
      redis: 'redis:7-bookworm',
      prometheus: 'prom/prometheus:v2.42.0',
      alertmanager: 'prom/alertmanager:v0.25.0',
      nginx: 'nginx:1.22.1',
    });
    // The stand-ins are built on the debian image, so it has to come first.
    expect(Object.keys(images)[0]).toBe('debian');
  });

  it('has a stand-in build context for every image built on the base', async () => {
    const { debian: _base, ...others } = await courseImages();
    for (const stage of Object.keys(others)) {
      const dockerfile = new URL(`./images/standins/${stage}/Dockerfile`, import.meta.url);
      expect(existsSync(dockerfile), `stand-in for ${stage}`).toBe(true);
    }
  });
});

describe('parseCourseImages', () => {
  it('keeps registries and digests in the reference', () => {
    const text = [
      'FROM registry.example:5000/team/app:1.2 AS app',
      'FROM redis:7@sha256:0123456789abcdef AS cache',
    ].join('\n');
    expect(parseCourseImages(text)).toEqual({
      app: 'registry.example:5000/team/app:1.2',
      cache: 'redis:7@sha256:0123456789abcdef',
    });
  });

  it('ignores comments and blank lines', () => {
    expect(parseCourseImages('# tags\n\nFROM node:24 AS node\n')).toEqual({ node: 'node:24' });
  });

  it.each([
    ['a missing stage name', 'FROM node:24', /AS <name>/],
    ['a missing tag', 'FROM node AS node', /explicit tag/],
    ['a build argument', 'FROM node:${V} AS node', /literal image/],
    ['a duplicate stage', 'FROM node:24 AS node\nFROM node:22 AS node', /line 2: stage "node" appears twice/],
  ])('rejects %s', (_what, text, message) => {
    expect(() => parseCourseImages(text)).toThrow(message);
  });
});
