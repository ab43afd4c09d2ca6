// From exercise 5 on, the service serves /metrics on a port of its own, and the production
// variant must not publish it: these tests hold the course's compose files to that, for every
// exercise built on exercise 5, in the starters and the solutions the learners receive.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadManifest, repoRoot, type ExerciseSpec } from '../../src/manifest.js';
import { APP_PORT, METRICS_PORT } from '../../src/service-ports.js';

const exercises = loadManifest().exercises;
const byId = new Map(exercises.map((e) => [e.id, e]));

function buildsOnExercise5(ex: ExerciseSpec): boolean {
  return ex.id === 'exercise-5' || ex.buildsOn.some((id) => byId.has(id) && buildsOnExercise5(byId.get(id)!));
}

/** The container ports a compose file's service publishes, whatever the syntax. */
function publishedPorts(file: string, service = 'app'): number[] {
  if (!existsSync(file)) return [];
  // `!reset []` (exercise 11's production drops the app's ports) is compose's own tag: an empty list.
  const compose = parse(readFileSync(file, 'utf8'), { logLevel: 'error' }) as { services?: Record<string, { ports?: unknown[] } | undefined> };
  return (compose.services?.[service]?.ports ?? []).map((entry) => {
    if (typeof entry === 'object' && entry !== null && 'target' in entry) return Number(entry.target);
    return Number(String(entry).split('/')[0]!.split(':').at(-1));
  });
}

const trees = exercises.filter(buildsOnExercise5).flatMap((ex) => ['exercises', 'solutions'].map((kind) => join(repoRoot, kind, ex.id)));

describe('the metrics port from exercise 5 on', () => {
  it('reaches every later exercise', () => {
    expect(trees.length).toBeGreaterThanOrEqual(2);
  });

  it.each(trees)('%s: production publishes the API and not the metrics', (dir) => {
    const files = [join(dir, 'compose.yaml'), join(dir, 'compose.prod.yaml')];
    // The later file's `ports` replaces the earlier's when it says !reset, as compose merges them.
    const prodApp = publishedPorts(files[1]!);
    const app = /ports:\s*!reset/.test(existsSync(files[1]!) ? readFileSync(files[1]!, 'utf8') : '') ? prodApp : files.flatMap((f) => publishedPorts(f));
    // From exercise 11 on, nginx is the only way in: the API is published as nginx's HTTPS port.
    const viaNginx = files.flatMap((f) => publishedPorts(f, 'nginx'));
    expect([...app, ...viaNginx]).toEqual(expect.arrayContaining([viaNginx.length > 0 ? 443 : APP_PORT]));
    expect(app).not.toContain(METRICS_PORT);
  });

  it.each(trees)('%s: development publishes the metrics, for the learner to read', (dir) => {
    expect(publishedPorts(join(dir, 'compose.override.yaml'))).toContain(METRICS_PORT);
  });
});
