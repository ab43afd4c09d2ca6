import pg from 'pg';
import { logger } from './logger.js';

export type Db = pg.Pool;

export function createDb(databaseUrl: string): Db {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    // The database allows this app 20 connections, shared by its replicas (two in production):
    // ten each. A request that finds all ten busy waits its turn, which is quicker than a
    // database juggling a hundred.
    max: 10,
    // How long a request may wait for a connection before it fails, instead of forever.
    connectionTimeoutMillis: 5000,
    // A connection nobody used for 30 s goes back to the database.
    idleTimeoutMillis: 30_000,
    // PostgreSQL cancels any statement of this pool that runs longer (error 57014), and the
    // request ends in a 503 instead of hanging with a connection held. Longer than anything
    // the API does on purpose: the hours report takes REPORT_DELAY_MS (2 s by default).
    statement_timeout: 5000,
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', (err) => logger.error({ err }, 'database pool error'));
  return pool;
}

export async function databaseIsUp(db: Db): Promise<boolean> {
  try {
    await db.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}
