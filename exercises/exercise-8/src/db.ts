import pg from 'pg';
import { logger } from './logger.js';

export type Db = pg.Pool;

// TODO 4: bound the pool. At the last peak, requests queued for a connection, so the pool was
//         raised to 100 and the connect timeout removed. The database allows 20 connections to
//         this app, shared by every replica: give the pool a `max` that fits, a
//         `connectionTimeoutMillis` (a few seconds: how long a request may wait for a
//         connection) and an `idleTimeoutMillis` (when an unused connection is given back).
// 待办 4：给连接池设上限。上次高峰时请求排队等连接，于是有人把连接池调到 100，还去掉了连接超时。
//         数据库只允许这个应用开 20 个连接，所有副本共用：给连接池一个放得下的 `max`，一个
//         `connectionTimeoutMillis`（几秒钟：请求最多等多久拿到连接）和一个 `idleTimeoutMillis`
//         （空闲连接多久后归还）。
// TODO 5: end a runaway query: a `statement_timeout` of a few seconds makes PostgreSQL cancel
//         any statement of this pool that runs longer.
// 待办 5：让失控的查询停下来：设一个几秒钟的 `statement_timeout`，PostgreSQL 就会取消这个连接池里
//         任何运行超时的语句。
export function createDb(databaseUrl: string): Db {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 100 });
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
