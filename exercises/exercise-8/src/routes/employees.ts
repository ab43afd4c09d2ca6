import { Router } from 'express';
import type { Db } from '../db.js';
import { HttpError } from '../http-errors.js';
import { requireString, optionalString, idParam } from './validate.js';

export function employeeRoutes(db: Db): Router {
  const router = Router();

  router.get('/employees', async (_req, res) => {
    const { rows } = await db.query('SELECT id, name, email, role FROM employees ORDER BY id');
    res.json(rows);
  });

  router.get('/employees/:id', async (req, res) => {
    const { rows } = await db.query('SELECT id, name, email, role FROM employees WHERE id = $1', [
      idParam(req.params.id),
    ]);
    if (rows.length === 0) throw new HttpError(404, 'employee not found');
    res.json(rows[0]);
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
      res.status(201).json(rows[0]);
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new HttpError(409, 'email already in use');
      throw err;
    }
  });

  return router;
}
