// students.csv, for a gradebook import: one row per student, the best run's points per
// exercise, the total and what the exercises are worth. RFC 4180: CRLF, quotes doubled.
import type { ExerciseColumn, StudentRow } from './aggregate.js';

/**
 * A cell as text. Names come from folder names anyone could choose, and a spreadsheet runs a
 * cell that starts with = + - @ as a formula (CSV injection): such text gets a leading quote.
 */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** An exercise no run of the student's graded is an empty cell, not 0: "never handed in" is not "scored nothing". */
export function toStudentsCsv(rows: readonly StudentRow[], columns: readonly ExerciseColumn[]): string {
  // English in every locale, unlike report.md and report.html: a gradebook import and scripts read these names.
  const header = ['student', ...columns.map((c) => c.id), 'total', 'max'];
  const lines = rows.map((row) => [row.student, ...columns.map((c) => row.scores.get(c.id)?.points), row.total, row.max]);
  return [header, ...lines].map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
