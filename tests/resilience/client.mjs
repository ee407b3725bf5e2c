// Small HTTP helpers for the resilience suite: JSON calls with a deadline
// (a hung server fails the test instead of stalling it), and the flows that
// send mail or sign in, through the public API only.
import http from 'node:http';

export const PASSWORD = 'Blue-Harbor-Lantern-42';

/** The `i`-th bulk-seeded username (`iam-api seed-bulk`, as in `bulk_seed::username`). */
export function bulkUsername(i) {
  const letter = (n) => String.fromCharCode(65 + (n % 26));
  const high = Math.floor(i / 10000);
  return `${letter(Math.floor(high / 17576))}${letter(Math.floor(high / 676))}${String(i % 10000).padStart(4, '0')}`
    + `${letter(Math.floor(high / 26))}${letter(high)}`;
}

/** One request; resolves to `{ status, json, headers, ms }` or rejects on a
 *  network error or when `timeoutMs` passes without an answer. */
export async function call(base, method, pathname, { body, token, timeoutMs = 15000, localAddress, agent = false } = {}) {
  const url = new URL(pathname.startsWith('/api') || pathname.startsWith('/readyz') || pathname.startsWith('/healthz')
    ? pathname : `/api/v1${pathname}`, base);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers = { accept: 'application/json' };
  if (payload !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers, localAddress, agent, timeout: timeoutMs }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => { text += chunk; });
      response.on('end', () => {
        let json = null;
        try { json = text ? JSON.parse(text) : null; } catch { json = { unparsed: text }; }
        resolve({ status: response.statusCode, json, headers: response.headers, ms: performance.now() - started });
      });
    });
    request.on('timeout', () => request.destroy(new Error(`${method} ${pathname}: no answer in ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end(payload);
  });
}

/** Like `call`, but the answer must be a success. */
export async function ok(base, method, pathname, options) {
  const response = await call(base, method, pathname, options);
  if (response.status >= 300) {
    throw new Error(`${method} ${pathname}: ${response.status} ${JSON.stringify(response.json)}`);
  }
  return response.json;
}

/** Sign-in up to the e-mailed code: returns the transaction id. */
export async function signInToEmailCode(base, username, password = PASSWORD) {
  const { transaction_id: tx } = await ok(base, 'POST', '/signin', { body: { username, keep_signed_in: false } });
  const step = await ok(base, 'POST', `/signin/${tx}/password`, { body: { password } });
  if (step.next_step !== 'email_code') throw new Error(`unexpected step ${step.next_step}`);
  await ok(base, 'POST', `/signin/${tx}/email-code`, { body: {} });
  return tx;
}

/** A whole IAMOnline sign-in, reading the code from maildev: the access token. */
export async function signIn(stack, base, username, email, password = PASSWORD) {
  const subject = 'IAMOnline | Your Email Verification';
  const earlier = (await stack.mail()).filter((m) => m.subject === subject && m.to.some((t) => t.address === email)).length;
  const tx = await signInToEmailCode(base, username, password);
  const mail = await stack.mailTo(email, subject, earlier);
  const code = mail.text.match(/Enter this code: (\d{6})/)[1];
  await ok(base, 'POST', `/signin/${tx}/email-code/verify`, { body: { code } });
  return (await ok(base, 'POST', `/signin/${tx}/agree`, { body: {} })).access_token;
}

/** Waits until `predicate()` holds, polling; fails after `timeoutMs`. */
export async function eventually(predicate, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
