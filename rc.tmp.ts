import { loadManifest } from './checker/src/manifest.js';
import { runChecks } from './checker/src/run-checks.js';
import { configureTestcontainers } from './checker/src/docker/containers.js';
import { producedDir } from './scripts/lib/trees.js';
configureTestcontainers();
const ex = loadManifest().exercises.find((e) => e.id === 'exercise-4')!;
for (let i = 0; i < 2; i++) {
  const t = Date.now(); const c = process.cpuUsage();
  const r = await runChecks(ex, producedDir('exercise-4', 'starter'), {}, undefined, undefined, { only: ['workflow-valid'] });
  const u = process.cpuUsage(c);
  console.log(i, Date.now() - t, 'ms wall', Math.round((u.user + u.system) / 1000), 'ms main cpu', r.checks.map((c) => c.id + ':' + c.status + ':' + Math.round(c.durationMs)).join(' '));
}
