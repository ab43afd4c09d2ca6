import { run } from '../../src/docker/cli.js';

// Requests are made from inside the app container, with the node it already has: the app
// needs no published port, and every replica can be asked directly.
const FETCH = `
const [path, body] = process.argv.slice(1);
const init = body ? { method: 'POST', body, headers: { 'content-type': 'application/json' } } : {};
fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + path, { ...init, signal: AbortSignal.timeout(5000) })
  .then(async (r) => console.log(JSON.stringify({ status: r.status, body: await r.text() })))
  .catch((e) => console.log(JSON.stringify({ error: String(e.cause?.code ?? e.message) })));`;

export type Reply = { status: number; body: string } | { error: string };

export async function appRequest(containerId: string, path: string, body?: object): Promise<Reply> {
  const res = await run(['exec', containerId, 'node', '-e', FETCH, path, ...(body ? [JSON.stringify(body)] : [])], 20_000);
  if (!res.ok) return { error: (res.stderr || res.stdout).trim().slice(0, 200) || 'docker exec failed' };
  try {
    return JSON.parse(res.stdout.trim().split('\n').at(-1) ?? '') as Reply;
  } catch {
    return { error: res.stdout.trim().slice(0, 200) };
  }
}

/** One SQL query in the database container, as its own superuser; rows as tab-separated lines. */
export async function psql(containerId: string, sql: string): Promise<{ ok: boolean; rows: string[][]; error: string }> {
  const res = await run(
    ['exec', containerId, 'sh', '-c', 'psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "${POSTGRES_DB:-$POSTGRES_USER}" -tAF "\t" -c "$0"', sql],
    20_000,
  );
  return { ok: res.ok, rows: res.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')), error: res.stderr.trim() };
}
