import { Router } from 'express';
import type { Cache } from '../cache.js';
import type { Db } from '../db.js';
import { HttpError } from '../http-errors.js';
import { requireString, optionalString, idParam } from './validate.js';

/** Employees change far less often than they are read: a minute in the cache at most. */
const EMPLOYEE_TTL_SECONDS = 60;

/** Where the list of every employee is cached. */
export const EMPLOYEES_KEY = 'employees';

/** Where one employee is cached. */
export function employeeKey(id: number): string {
  return `employee:${id}`;
}

export function employeeRoutes(db: Db, cache: Cache): Router {
  const router = Router();

  router.get('/employees', async (_req, res) => {
    const employees = await cache.getOrLoad(EMPLOYEES_KEY, EMPLOYEE_TTL_SECONDS, async () => {
      const { rows } = await db.query('SELECT id, name, email, role FROM employees ORDER BY id');
      return rows;
    });
    res.json(employees);
  });

  router.get('/employees/:id', async (req, res) => {
    const id = idParam(req.params.id);
    // An unknown id throws before anything is stored: a 404 is never cached.
    const employee = await cache.getOrLoad(employeeKey(id), EMPLOYEE_TTL_SECONDS, async () => {
      const { rows } = await db.query('SELECT id, name, email, role FROM employees WHERE id = $1', [id]);
      if (rows.length === 0) throw new HttpError(404, 'employee not found');
      return rows[0];
    });
    res.json(employee);
  });

  router.post('/employees', async (req, res) => {
    const body: unknown = req.body;
    const name = requireString(body, 'name');
    const email = requireString(body, 'email');
    const role = optionalString(body, 'role') ?? 'staff';
    try {
      const { rows } = await db.query(
        'INSERT INTO employees (name, email, role) VALUES ($1, $2, $3) RETURNING id, name, email, role',
        [name, email, role],
      );
      // The list no longer holds every employee. No one's own entry changes: a new id has none yet.
      await cache.invalidate([EMPLOYEES_KEY]);
      res.status(201).json(rows[0]);
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new HttpError(409, 'email already in use');
      throw err;
    }
  });

  return router;
}
