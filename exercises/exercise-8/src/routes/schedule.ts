import { Router } from 'express';
import type { Db } from '../db.js';
import { countScheduleGenerated } from '../metrics.js';
import { weekStart } from '../week.js';

// The week cut into 15-minute slots, and for each slot how many people are on shift.
// TODO 1: profile this route first (the exercise page shows how), then read the plan of this
//         query with EXPLAIN ANALYZE: every slot is compared with every shift ever recorded.
//         Make it compare the slots with the week's shifts only.
// 待办 1：先给这个路由做性能剖析（练习页面讲了怎么做），再用 EXPLAIN ANALYZE 看这条查询的执行计划：
//         每个时间段都要和有史以来的每一个班次比较一遍。改成只和本周的班次比较。
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

// TODO 2: find the week's shifts through an index, added by a new migration in migrations/
//         (003_….sql). An index on starts_at serves only a range with both ends: this filter
//         has none on starts_at's lower side.
// 待办 2：通过索引找出本周的班次，索引由 migrations/ 里一个新的迁移（003_….sql）添加。starts_at 上的
//         索引只能服务两端都有界的范围：这个过滤条件在 starts_at 的下界一侧没有限制。
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
