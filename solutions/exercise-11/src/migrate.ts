import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import { loadConfig } from './config.js';
import { logger } from './logger.js';

// Compiled to dist/migrate.js, so the SQL files sit one level up, in migrations/.
const migrationsDir = fileURLToPath(new URL('../migrations', import.meta.url));

/**
 * Applies pending migrations. Several replicas may start at once: node-pg-migrate takes a
 * PostgreSQL advisory lock, and 'wait' makes the others queue behind it and find nothing
 * left to do, so each migration runs exactly once.
 */
export async function migrate(databaseUrl: string): Promise<void> {
  await runner({
    databaseUrl,
    dir: migrationsDir,
    direction: 'up',
    migrationsTable: 'pgmigrations',
    advisoryLockMode: 'wait',
    log: (message: string) => logger.info({ component: 'migrate' }, message),
  });
}

// `node dist/migrate.js` runs the migrations and exits: a one-off job for Compose or CI.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // loadConfig() inside the chain: a configuration error is a message, not a stack trace.
  Promise.resolve()
    .then(() => migrate(loadConfig().databaseUrl))
    .then(
      () => process.exit(0),
      (err: unknown) => {
        logger.fatal({ err }, 'migration failed');
        process.exit(1);
      },
    );
}
