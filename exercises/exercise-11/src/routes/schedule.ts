import { Router } from 'express';
import type { Cache } from '../cache.js';
import type { Db } from '../db.js';
import { countScheduleGenerated } from '../metrics.js';
import { weekStart } from '../week.js';

// The shifts that overlap the week starting at $1. No shift lasts longer than a day (a
// constraint since migration 003), so each of them starts at most a day before the week: a
// range with both ends, which the index on starts_at serves. `ends_at > $1` then drops the
// few of the day before that ended before Monday.
const IN_WEEK = `s.starts_at >= $1::date - 1 AND s.starts_at < $1::date + 7 AND s.ends_at > $1::date`;

// The week cut into 15-minute slots, and for each slot how many people are on shift: the
// slots are compared with the week's shifts (about 1,500), not with every shift ever recorded.
const COVERAGE_SQL = `
  WITH week AS (
    SELECT s.starts_at, s.ends_at FROM shifts s WHERE ${IN_WEEK}
  ), slots AS (
    SELECT generate_series($1::date::timestamptz, $1::date::timestamptz + interval '7 days' - interval '15 minutes',
                           interval '15 minutes') AS slot
  )
  SELECT slots.slot, count(week.starts_at)::int AS staffed
    FROM slots
    LEFT JOIN week ON week.starts_at <= slots.slot AND week.ends_at > slots.slot
   GROUP BY slots.slot
   ORDER BY slots.slot`;

const SHIFTS_SQL = `
  SELECT s.id, s.starts_at AS "startsAt", s.ends_at AS "endsAt", s.position,
         e.id AS "employeeId", e.name AS "employeeName"
    FROM shifts s JOIN employees e ON e.id = s.employee_id
   WHERE ${IN_WEEK}
   ORDER BY s.starts_at, s.id`;

interface CoverageRow {
  slot: Date;
  staffed: number;
}

/** How long a cached schedule lives at most without a write: shifts change rarely, and a write invalidates it at once. */
const SCHEDULE_TTL_SECONDS = 300;

/** Where the schedule of the week starting on `monday` (YYYY-MM-DD) is cached. */
export function scheduleKey(monday: string): string {
  return `schedule:${monday}`;
}

/** The week's schedule as PostgreSQL computes it: two queries, the expensive read the cache saves. */
async function loadSchedule(db: Db, start: string): Promise<unknown> {
  const [coverage, shifts] = await Promise.all([
    db.query<CoverageRow>(COVERAGE_SQL, [start]),
    db.query(SHIFTS_SQL, [start]),
  ]);
  const staffed = coverage.rows.map((row) => row.staffed);
  countScheduleGenerated();
  return {
    weekStart: start,
    shifts: shifts.rows,
    coverage: {
      slotMinutes: 15,
      minStaffed: Math.min(...staffed),
      maxStaffed: Math.max(...staffed),
      uncoveredSlots: staffed.filter((n) => n === 0).length,
    },
  };
}

export function scheduleRoutes(db: Db, cache: Cache): Router {
  const router = Router();
  router.get('/schedule/weekly', async (req, res) => {
    const start = weekStart(req.query.week);
    const schedule = await cache.getOrLoad(scheduleKey(start), SCHEDULE_TTL_SECONDS, () => loadSchedule(db, start));
    res.json(schedule);
  });
  return router;
}
