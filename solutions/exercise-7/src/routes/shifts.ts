import { Router } from 'express';
import type { Db } from '../db.js';
import { HttpError } from '../http-errors.js';
import { weekStart } from '../week.js';
import { idParam, optionalString, requireTimestamp } from './validate.js';

export function shiftRoutes(db: Db): Router {
  const router = Router();

  router.get('/shifts', async (req, res) => {
    const start = weekStart(req.query.week);
    const { rows } = await db.query(
      `SELECT id, employee_id AS "employeeId", starts_at AS "startsAt", ends_at AS "endsAt", position
         FROM shifts
        WHERE starts_at >= $1::date AND starts_at < $1::date + 7
        ORDER BY starts_at, id`,
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
    try {
      const { rows } = await db.query(
        `INSERT INTO shifts (employee_id, starts_at, ends_at, position) VALUES ($1, $2, $3, $4)
         RETURNING id, employee_id AS "employeeId", starts_at AS "startsAt", ends_at AS "endsAt", position`,
        [employeeId, startsAt, endsAt, position],
      );
      res.status(201).json(rows[0]);
    } catch (err) {
      if ((err as { code?: string }).code === '23503') throw new HttpError(400, 'employee does not exist');
      throw err;
    }
  });

  return router;
}
