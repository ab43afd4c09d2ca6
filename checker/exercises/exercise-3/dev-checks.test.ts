import { describe, expect, it } from 'vitest';
import type { ComposeService } from '../../src/docker/compose.js';
import { editCanReachApp } from './dev-checks.js';
import type { Variant } from './stack.js';

/** A development variant in /copy whose app service is `app`, as far as editCanReachApp reads it. */
function variant(app: ComposeService): Variant {
  return {
    dir: '/copy',
    roles: { app: 'app', db: 'db' },
    learner: { config: { services: { app } } },
  } as unknown as Variant;
}

const bind = (source: string, target = '/app/src') => ({ type: 'bind', source, target });

describe('editCanReachApp', () => {
  it.each([
    ['./src mounted, as in the course', [bind('/copy/src')]],
    ['the whole folder mounted', [bind('/copy', '/app')]],
    ['only the routes folder mounted', [bind('/copy/src/routes', '/app/src/routes')]],
  ])('sees an edit reach the app: %s', (_what, volumes) => {
    expect(editCanReachApp(variant({ volumes }))).toBe(true);
  });

  it('does not count compose watch rules, which act only under docker compose watch', () => {
    expect(editCanReachApp(variant({ develop: { watch: [{ path: './src', action: 'sync', target: '/app/src' }] } }))).toBe(false);
  });

  it.each([
    ['no volumes at all (the starter)', undefined],
    ['a named volume only', [{ type: 'volume', source: 'data', target: '/app/src' }]],
    ['another folder mounted', [bind('/copy/migrations', '/app/migrations')]],
    ['a folder whose name only starts like src', [bind('/copy/sr', '/app/sr')]],
  ])('knows an edit cannot reach the app: %s', (_what, volumes) => {
    expect(editCanReachApp(variant({ volumes }))).toBe(false);
  });
});
