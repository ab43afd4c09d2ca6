import type { Db } from './db.js';
import { hashPassword } from './passwords.js';

export interface Account {
  id: number;
  email: string;
  passwordHash: string;
}

/** Emails are compared in lower case: one account however the address is typed. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export async function findAccount(db: Db, email: string): Promise<Account | undefined> {
  const { rows } = await db.query<Account>('SELECT id, email, password_hash AS "passwordHash" FROM accounts WHERE email = $1', [normalizeEmail(email)]);
  return rows[0];
}

export async function accountById(db: Db, id: number): Promise<Pick<Account, 'id' | 'email'> | undefined> {
  const { rows } = await db.query<Pick<Account, 'id' | 'email'>>('SELECT id, email FROM accounts WHERE id = $1', [id]);
  return rows[0];
}

/** Creates the account, or sets a new password when it exists. */
export async function saveAccount(db: Db, email: string, password: string): Promise<void> {
  await db.query(
    `INSERT INTO accounts (email, password_hash) VALUES ($1, $2)
     ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash`,
    [normalizeEmail(email), await hashPassword(password)],
  );
}
