#!/usr/bin/env tsx
// npm run seed-roster [folder]: fills the database of a running compose project (default
// exercises/exercise-8) with the roster the Stage 4 checks seed: a company's worth of
// employees and shifts, so that a query plan or a profile looks as it will in the checks.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { $, chalk } from 'zx';
import { repoRoot } from '../checker/src/manifest.js';
import { COMPANY, seedRoster } from '../checker/src/fixtures/roster-data.js';
import { psql } from '../checker/src/probes/sql.js';

const dir = resolve(process.argv[2] ?? resolve(repoRoot, 'exercises', 'exercise-8'));
if (!existsSync(resolve(dir, 'compose.yaml'))) {
  console.error(`Usage: npm run seed-roster [folder]  (no compose.yaml in ${dir})`);
  process.exit(2);
}
const db = (await $({ cwd: dir, nothrow: true, quiet: true })`docker compose ps -q db`).stdout.trim();
if (!db) {
  console.error(`No running db service in ${dir}: start the stack first (docker compose up --wait).`);
  process.exit(1);
}
const seeded = await psql(db, "SELECT count(*) FROM employees WHERE email LIKE '%@roster.example'");
if (!seeded.ok) {
  console.error(`The database cannot be read (${seeded.error.split('\n')[0]}): have the migrations run?`);
  process.exit(1);
}
if (Number(seeded.rows[0]?.[0]) > 0) {
  console.log(`The roster is already there; ${chalk.cyan('docker compose down -v')} and up again starts from an empty database.`);
  process.exit(0);
}
const counts = await seedRoster(db);
console.log(
  `${chalk.green('✓')} ${counts.employees} employees and ${counts.shifts} shifts, ${COMPANY.weeks} weeks up to the week of ${COMPANY.around}: try ?week=${COMPANY.around}`,
);
