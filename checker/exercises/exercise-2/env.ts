import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { isSecretName } from '../../src/secrets.js';

/**
 * The environment the checker starts the stack with: the learner's .env.example, with every
 * secret replaced by a fresh random value, so nothing works by accident with a placeholder
 * and no real secret of the learner's is ever read.
 */
export async function stackEnvironment(dir: string): Promise<Record<string, string>> {
  const example = join(dir, '.env.example');
  if (!existsSync(example)) return {};
  const values = parse(await readFile(example, 'utf8'));
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, isSecretName(k) ? randomBytes(12).toString('base64url') : v]),
  );
}
