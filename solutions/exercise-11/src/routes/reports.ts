import { Router } from 'express';
import type { Db } from '../db.js';
import { weekStart } from '../week.js';

/**
 * Hours worked per employee in a week. The report is slow on purpose (REPORT_DELAY_MS): it is
 * the in-flight request that a graceful shutdown must let finish before the process exits.
 */
export function reportRoutes(db: Db, reportDelayMs: number): Router {
  const router = Router();
  router.get('/reports/hours', async (req, res) => {
    const start = weekStart(req.query.week);
    await db.query('SELECT pg_sleep($1)', [reportDelayMs / 1000]);
    const { rows } = await db.query(
      `SELECT e.id AS "employeeId", e.name,
              coalesce(round(sum(extract(epoch FROM s.ends_at - s.starts_at)) / 3600, 2), 0)::float AS hours
         FROM employees e
         LEFT JOIN shifts s ON s.employee_id = e.id AND s.starts_at >= $1::date AND s.starts_at < $1::date + 7
        GROUP BY e.id, e.name
        ORDER BY e.id`,
      [start],
    );
    res.json({ weekStart: start, employees: rows });
  });
  return router;
}
