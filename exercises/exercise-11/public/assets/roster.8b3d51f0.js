// The roster page: who is signed in, a sign-in form, and the employees. Every request goes to
// the same origin, so nginx sends it to one of the app's replicas with the session cookie.
const who = document.querySelector('#who');
const message = document.querySelector('#message');
const rows = document.querySelector('#employees tbody');

async function json(path, init) {
  const res = await fetch(path, { credentials: 'same-origin', ...init });
  const body = res.headers.get('content-type')?.includes('json') ? await res.json() : undefined;
  return { res, body };
}

async function showWho() {
  const { res, body } = await json('/auth/me');
  who.textContent = res.ok && body?.email ? `Signed in as ${body.email}` : 'Not signed in.';
}

async function showEmployees() {
  const { res, body } = await json('/employees');
  rows.replaceChildren();
  if (!res.ok || !Array.isArray(body)) return;
  for (const employee of body) {
    const row = document.createElement('tr');
    for (const value of [employee.name, employee.email, employee.role]) {
      const cell = document.createElement('td');
      cell.textContent = value ?? '';
      row.append(cell);
    }
    rows.append(row);
  }
}

document.querySelector('#sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const { res } = await json('/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: form.get('email'), password: form.get('password') }),
  });
  if (res.status === 429) {
    const wait = res.headers.get('retry-after');
    message.textContent = `Too many attempts. Try again in ${wait ?? 'a few'} seconds.`;
  } else {
    message.textContent = res.ok ? '' : 'Wrong email or password.';
  }
  await showWho();
});

await Promise.all([showWho(), showEmployees()]);
