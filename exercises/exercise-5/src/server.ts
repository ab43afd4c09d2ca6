import { createApp, createMetricsApp } from './app.js';
import { loadConfig } from './config.js';
import { createDb } from './db.js';
import { migrate } from './migrate.js';
import { createRedis } from './redis.js';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.migrateOnStart) await migrate(config.databaseUrl);

  const db = createDb(config.databaseUrl);
  const redis = config.redisUrl ? createRedis(config.redisUrl) : undefined;
  const app = createApp({ db, redis, reportDelayMs: config.reportDelayMs });
  const server = app.listen(config.port, () => {
    console.log(`hr-api listening on port ${config.port}`);
  });
  const metricsServer = createMetricsApp(db).listen(config.metricsPort, () => {
    console.log(`metrics on port ${config.metricsPort}`);
  });

  // Graceful shutdown: stop accepting connections, let in-flight requests finish, close the
  // pools, exit 0. This only works when the signal reaches node, which is why the
  // Dockerfile's CMD must be in exec form.
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: draining in-flight requests`);
    const force = setTimeout(() => {
      console.error(`requests still running after ${config.shutdownTimeoutMs} ms, exiting anyway`);
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    // Scrapes need no draining: a half-served one is simply retried at the next interval.
    metricsServer.close();
    metricsServer.closeAllConnections();
    server.close(async () => {
      await db.end();
      await redis?.quit().catch(() => undefined);
      console.log('shutdown complete');
      process.exit(0);
    });
    // A keep-alive connection turns idle when its last response is sent, and would then hold
    // server.close() open until the client gives up on it: close idle ones as they appear.
    server.closeIdleConnections();
    setInterval(() => server.closeIdleConnections(), 100).unref();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((err: unknown) => {
  console.error(`hr-api failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
