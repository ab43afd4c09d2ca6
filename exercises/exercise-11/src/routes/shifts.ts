import { Router } from 'express';
import type { Cache } from '../cache.js';
import type { Db } from '../db.js';
import { HttpError } from '../http-errors.js';
import { weekStart } from '../week.js';
import { scheduleKey } from './schedule.js';
import { idParam, optionalString, requireTimestamp } from './validate.js';

/** The Monday of the week an instant falls in (UTC), as the schedule's keys name it. */
function weekOf(instant: Date): string {
  return weekStart(instant.toISOString().slice(0, 10));
}

/** The longest a shift may last: the schedule's queries rely on it (migration 003). */
const MAX_SHIFT_MS = 24 * 60 * 60 * 1000;

export function shiftRoutes(db: Db, cache: Cache): Router {
  const router = Router();

  // The week's shifts, each with the name of who works it: one query, however many shifts.
  router.get('/shifts', async (req, res) => {
    const start = weekStart(req.query.week);
    const { rows } = await db.query(
      `SELECT s.id, s.employee_id AS "employeeId", s.starts_at AS "startsAt", s.ends_at AS "endsAt", s.position,
              e.name AS "employeeName"
         FROM shifts s JOIN employees e ON e.id = s.employee_id
        WHERE s.starts_at >= $1::date AND s.starts_at < $1::date + 7
        ORDER BY s.starts_at, s.id`,
      [start],
    );
    res.json(rows);
  });

  router.post('/shifts', async (req, res) => {
    const body: unknown = req.body;
    const employeeId = idParam(String((body as { employeeId?: unknown } | null)?.employeeId));
    const startsAt = requireTimestamp(body, 'startsAt');
    const endsAt = requireTimestamp(body, 'endsAt');
    const position = optionalString(body, 'position') ?? 'floor';
    if (endsAt <= startsAt) throw new HttpError(400, 'endsAt must be after startsAt');
    if (endsAt.getTime() - startsAt.getTime() > MAX_SHIFT_MS) throw new HttpError(400, 'a shift lasts at most 24 hours');
    try {
      const { rows } = await db.query(
        `INSERT INTO shifts (employee_id, starts_at, ends_at, position) VALUES ($1, $2, $3, $4)
         RETURNING id, employee_id AS "employeeId", starts_at AS "startsAt", ends_at AS "endsAt", position`,
        [employeeId, startsAt, endsAt, position],
      );
      // Every week whose schedule lists the shift: the one it starts in and, for a shift over
      // Sunday midnight, the next one too.
      await cache.invalidate([...new Set([startsAt, endsAt].map(weekOf))].map(scheduleKey));
      res.status(201).json(rows[0]);
    } catch (err) {
      if ((err as { code?: string }).code === '23503') throw new HttpError(400, 'employee does not exist');
      throw err;
    }
  });

  return router;
}
