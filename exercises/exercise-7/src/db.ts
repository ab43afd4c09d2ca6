import pg from 'pg';
import { logger } from './logger.js';

export type Db = pg.Pool;

export function createDb(databaseUrl: string): Db {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 3000 });
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
