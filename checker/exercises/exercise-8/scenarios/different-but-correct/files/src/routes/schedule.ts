import { Router } from 'express';
import type { Db } from '../db.js';
import { countScheduleGenerated } from '../metrics.js';
import { weekStart } from '../week.js';

const SLOT_MS = 15 * 60 * 1000;
const SLOTS = (7 * 24 * 60 * 60 * 1000) / SLOT_MS;

// One query: the shifts whose time range overlaps the week's, through the GiST index.
const SHIFTS_SQL = `
  SELECT s.id, s.starts_at AS "startsAt", s.ends_at AS "endsAt", s.position,
         e.id AS "employeeId", e.name AS "employeeName"
    FROM shifts s JOIN employees e ON e.id = s.employee_id
   WHERE tstzrange(s.starts_at, s.ends_at) && tstzrange($1::date, $1::date + 7)
   ORDER BY s.starts_at, s.id`;

interface ShiftRow {
  startsAt: Date;
  endsAt: Date;
}

/** How many shifts cover each 15-minute slot of the week: a slot counts a shift that has begun and not yet ended. */
function coverage(weekStartsAt: number, shifts: ShiftRow[]): number[] {
  const staffed = new Array<number>(SLOTS).fill(0);
  for (const shift of shifts) {
    const from = Math.max(0, Math.ceil((shift.startsAt.getTime() - weekStartsAt) / SLOT_MS));
    const to = Math.min(SLOTS, Math.ceil((shift.endsAt.getTime() - weekStartsAt) / SLOT_MS));
    for (let slot = from; slot < to; slot++) staffed[slot]! += 1;
  }
  return staffed;
}

export function scheduleRoutes(db: Db): Router {
  const router = Router();
  router.get('/schedule/weekly', async (req, res) => {
    const start = weekStart(req.query.week);
    const { rows } = await db.query<ShiftRow>(SHIFTS_SQL, [start]);
    // The database's session time zone is UTC, and so is the week's start.
    const staffed = coverage(Date.parse(`${start}T00:00:00Z`), rows);
    countScheduleGenerated();
    res.json({
      weekStart: start,
      shifts: rows,
      coverage: {
        slotMinutes: 15,
        minStaffed: Math.min(...staffed),
        maxStaffed: Math.max(...staffed),
        uncoveredSlots: staffed.filter((n) => n === 0).length,
      },
    });
  });
  return router;
}
