import { Router } from 'express';
import type { Db } from '../db.js';
import { countScheduleGenerated } from '../metrics.js';
import { weekStart } from '../week.js';

// The week cut into 15-minute slots, and for each slot how many people are on shift.
// Without an index on shifts (starts_at) this is a nested scan of slots times shifts:
// deliberately the slowest read in the API, and the one Stage 4 puts behind a cache.
const COVERAGE_SQL = `
  WITH slots AS (
    SELECT generate_series($1::date::timestamptz, $1::date::timestamptz + interval '7 days' - interval '15 minutes',
                           interval '15 minutes') AS slot
  )
  SELECT slots.slot, count(shifts.id)::int AS staffed
    FROM slots
    LEFT JOIN shifts ON shifts.starts_at <= slots.slot AND shifts.ends_at > slots.slot
   GROUP BY slots.slot
   ORDER BY slots.slot`;

const SHIFTS_SQL = `
  SELECT s.id, s.starts_at AS "startsAt", s.ends_at AS "endsAt", s.position,
         e.id AS "employeeId", e.name AS "employeeName"
    FROM shifts s JOIN employees e ON e.id = s.employee_id
   WHERE s.starts_at < $1::date + 7 AND s.ends_at > $1::date
   ORDER BY s.starts_at, s.id`;

interface CoverageRow {
  slot: Date;
  staffed: number;
}

export function scheduleRoutes(db: Db): Router {
  const router = Router();
  router.get('/schedule/weekly', async (req, res) => {
    const start = weekStart(req.query.week);
    const [coverage, shifts] = await Promise.all([
      db.query<CoverageRow>(COVERAGE_SQL, [start]),
      db.query(SHIFTS_SQL, [start]),
    ]);
    const staffed = coverage.rows.map((row) => row.staffed);
    countScheduleGenerated();
    res.json({
      weekStart: start,
      shifts: shifts.rows,
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
