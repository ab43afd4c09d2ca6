// Creates an account that may sign in, or gives an existing one a new password:
//   ACCOUNT_PASSWORD='…' node dist/create-account.js ana@example.com [more@example.com …]
// or, inside the compose stack: docker compose exec app node dist/create-account.js ana@example.com
// (the password is then read from standard input). The password never goes on the command
// line, where `ps` and the shell's history would show it.
import { createInterface } from 'node:readline/promises';
import { saveAccount } from './accounts.js';
import { loadConfig } from './config.js';
import { createDb } from './db.js';

async function password(): Promise<string> {
  const fromEnv = process.env.ACCOUNT_PASSWORD;
  if (fromEnv) return fromEnv;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question('password: ')).trim();
  } finally {
    rl.close();
  }
}

async function main(): Promise<void> {
  const emails = process.argv.slice(2);
  if (emails.length === 0 || emails.some((e) => !e.includes('@'))) {
    console.error('usage: node dist/create-account.js EMAIL [EMAIL …]  (password from ACCOUNT_PASSWORD or standard input)');
    process.exit(64);
  }
  const secret = await password();
  if (secret.length < 8) {
    console.error('a password needs at least 8 characters');
    process.exit(64);
  }
  const db = createDb(loadConfig().databaseUrl);
  try {
    for (const email of emails) await saveAccount(db, email, secret);
  } finally {
    await db.end();
  }
  console.error(`${emails.length} account${emails.length === 1 ? '' : 's'} saved`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
