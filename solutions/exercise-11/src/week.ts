import { HttpError } from './http-errors.js';

/** The Monday (UTC) of the week that contains `?week=YYYY-MM-DD`, or of this week. */
export function weekStart(param: unknown, today = new Date()): string {
  let day = today;
  if (param !== undefined) {
    if (typeof param !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(param)) {
      throw new HttpError(400, 'week must be a date such as 2026-11-23');
    }
    day = new Date(`${param}T00:00:00Z`);
    if (Number.isNaN(day.getTime())) throw new HttpError(400, `week ${param} is not a real date`);
  }
  const monday = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  return monday.toISOString().slice(0, 10);
}
