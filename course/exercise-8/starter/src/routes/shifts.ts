import { Router } from 'express';
import type { Db } from '../db.js';
import { HttpError } from '../http-errors.js';
import { weekStart } from '../week.js';
import { idParam, optionalString, requireTimestamp } from './validate.js';

interface ShiftRow {
  id: number;
  employeeId: number;
  startsAt: Date;
  endsAt: Date;
  position: string;
}

export function shiftRoutes(db: Db): Router {
  const router = Router();

  // The week's shifts, each with the name of who works it (the rota screen shows names).
  // TODO 3: count the queries one request makes (pg_stat_statements shows them): one for the
  //         shifts, then one per shift. Fetch the names with the shifts.
  // 待办 3：数一数一个请求发出多少条查询（pg_stat_statements 里看得到）：先查一次班次，
  //         然后每个班次再查一次。把姓名和班次一起取回来。
  router.get('/shifts', async (req, res) => {
    const start = weekStart(req.query.week);
    const { rows } = await db.query<ShiftRow>(
      `SELECT id, employee_id AS "employeeId", starts_at AS "startsAt", ends_at AS "endsAt", position
         FROM shifts
        WHERE starts_at >= $1::date AND starts_at < $1::date + 7
        ORDER BY starts_at, id`,
      [start],
    );
    const shifts = [];
    for (const shift of rows) {
      const employee = await db.query<{ name: string }>('SELECT name FROM employees WHERE id = $1', [shift.employeeId]);
      shifts.push({ ...shift, employeeName: employee.rows[0]?.name ?? null });
    }
    res.json(shifts);
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
