// Familiar devices in Chromium (issue 15, point 9): a stranger's failures
// block unknown devices, never the owner's browser; support sees and clears
// the block. Its own stack: the block would refuse other files' fresh
// browser contexts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { assertAccessible, demoLogins, openPage, repoRoot, signIn, startStack } from './harness.mjs';

const backend = process.env.IAM_TEST_DB || 'sqlite';
const LOCKED = 'Login attempts have been exceeded. Click on the Forgot Password button to reset your password and unlock your account.';
const shots = path.join(repoRoot, 'tests/e2e/test-results/screens');
let stack;
let logins;
const cookieSecrets = [];

before(async () => {
  // Full request logging, so the test can prove no secret reaches the log.
  stack = await startStack({ env: { RUST_LOG: 'info,iam_api=debug,actix_web_prom=error' } });
  logins = demoLogins(stack.run(['seed-demo']));
  fs.mkdirSync(shots, { recursive: true });
});
after(async () => { await stack?.stop(); });

async function post(pathname, body) {
  const response = await fetch(stack.base + '/api/v1' + pathname, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: await response.json().catch(() => null) };
}

/** A stranger's script (no device cookie) walks the ImmTrac2 ladder. */
async function strangerWalksTheLadder(login) {
  let captcha;
  let last;
  for (let i = 0; i < 6; i += 1) {
    const body = { org_code: login.org, username: login.username, password: 'Wrong-Password-123' };
    if (captcha) body.captcha = captcha;
    last = await post('/login', body);
    captcha = undefined;
    if (last.json?.captcha_required) {
      const image = await post('/captcha', {});
      captcha = { captcha_id: image.json.captcha_id, answer: image.headers.get('x-test-captcha-answer') };
    }
  }
  return last;
}

async function tryImmTrac2Login(page, login) {
  await page.goto(stack.base + '/immtrac2/login');
  await page.getByLabel('Org Code').fill(login.org);
  await page.getByLabel('Username').fill(login.username);
  await page.getByLabel('Password').fill(login.password);
  await page.getByRole('button', { name: 'Login' }).click();
}

test(`[${backend}] a stranger's failures block new browsers, not Dana's own; support clears the block`, async () => {
  const dana = logins.DA1001MO;
  const own = await openPage(stack);
  await signIn(stack, own.page, dana, 'dana.morales@example.org');
  const device = (await own.page.context().cookies()).find((c) => c.name === '__Host-iam_device');
  assert.ok(device, 'the browser that signed in is given a device cookie');
  cookieSecrets.push(...(await own.page.context().cookies()).map((c) => c.value));
  assert.ok(device.httpOnly && device.secure && device.sameSite === 'Strict', JSON.stringify(device));
  assert.ok(device.expires > Date.now() / 1000 + 300 * 86400, 'it outlives the browser session');
  // Tokens stay out of script's reach: no Web Storage, no readable cookie.
  const reachable = await own.page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }, document.cookie]));
  assert.doesNotMatch(reachable, /eyJ|iam_refresh|iam_device/, reachable);
  await own.page.getByRole('button', { name: 'Logout' }).click();
  await own.page.getByText('You are now logged out of ImmTrac2.').waitFor();
  const kept = (await own.page.context().cookies()).map((c) => c.name);
  assert.deepEqual(kept, ['__Host-iam_device'], 'sign-out removes the refresh cookie, not the device cookie');

  const last = await strangerWalksTheLadder(dana);
  assert.equal(last.status, 403);
  assert.equal(last.json.detail, LOCKED);

  // A browser Dana never used is refused, with the seed's words.
  const other = await openPage(stack);
  await tryImmTrac2Login(other.page, dana);
  await other.page.getByText(LOCKED).waitFor();

  // Her own browser signs in as usual.
  await tryImmTrac2Login(own.page, dana);
  await own.page.getByRole('heading', { name: 'Get a verification email' }).waitFor();
  await own.page.screenshot({ path: path.join(shots, 'familiar-device-after-block.png'), fullPage: true });
  const mail = await stack.mailTo('dana.morales@example.org', 'Sign-ins to your ImmTrac2 account from new devices are blocked');
  assert.doesNotMatch(mail.text, /https?:\/\//, 'the notice carries no link');

  // Support sees both ladders and lifts the block.
  const staff = await openPage(stack);
  const p = staff.page;
  await signIn(stack, p, logins['sam.support@dshs.texas.gov'], 'sam.support@dshs.texas.gov');
  await p.getByRole('link', { name: 'Support console' }).click();
  await p.getByLabel('Username, e-mail address or name').fill('dana.mor');
  await p.getByRole('button', { name: 'Search' }).click();
  await p.getByRole('link', { name: 'DA1001MO' }).click();
  await p.getByRole('heading', { name: 'Dana Morales (DA1001MO)' }).waitFor();
  await p.getByText(/^6 — unknown devices blocked until /).waitFor();
  await assertAccessible(p, 'user detail with an unknown-device block');
  await p.screenshot({ path: path.join(shots, 'support-unknown-device-block.png'), fullPage: true });
  await p.getByRole('button', { name: 'Clear unknown-device failures' }).click();
  await p.getByText('Failures from unknown devices are cleared; new devices may sign in again.').waitFor();
  assert.equal(await p.getByRole('button', { name: 'Clear unknown-device failures' }).count(), 0, 'nothing left to clear');

  await tryImmTrac2Login(other.page, dana);
  await other.page.getByRole('heading', { name: 'Get a verification email' }).waitFor();

  // Support judges the password compromised: a new one is required.
  await p.getByRole('button', { name: 'Require a new password' }).click();
  await p.getByRole('alertdialog').getByText(/locked until its owner sets a new password/).waitFor();
  await assertAccessible(p, 'require a new password');
  await p.screenshot({ path: path.join(shots, 'support-require-new-password.png'), fullPage: true });
  await p.getByRole('button', { name: 'Yes, require a new password' }).click();
  await p.getByText('The owner was signed out and e-mailed a link to choose a new password.').waitFor();
  await p.locator('dd', { hasText: 'Locked' }).first().waitFor();
  await stack.mailTo('dana.morales@example.org', 'Choose a new ImmTrac2 password');
  for (const opened of [own, other, staff]) {
    assert.deepEqual(opened.problems, []);
    await opened.close();
  }
});

test(`[${backend}] the log names refusals but never a password, code, cookie or token, and cannot be forged`, async () => {
  // A line break in a username is refused, and never written as a line of its own.
  const forged = await post('/login', { org_code: '12345', username: 'x\n2026-12-02T00:00:00Z ERROR forged', password: 'whatever-it-is-1' });
  assert.equal(forged.status, 422);
  await fetch(stack.base + '/api/v1/%0a2026-12-02T00:00:00Z%20ERROR%20forged');
  // "Send again" within 30 s: a 429, which the log names too.
  const started = await post('/signin', { username: logins.DA1001MO.username });
  const send = () => post(`/signin/${started.json.transaction_id}/email-code`, {});
  assert.equal((await send()).status, 200);
  assert.equal((await send()).status, 429);
  const logs = stack.logs();
  assert.ok(logs.length > 1000, 'requests were logged');
  assert.match(logs, /request refused/, 'refusals are logged');
  assert.match(logs, /account_locked|Login attempts have been exceeded/, 'the lock is in the log');
  assert.match(logs, /status\W+403/, 'a 403 denial is in the log');
  assert.match(logs, /status\W+429/, 'a 429 is in the log');
  assert.doesNotMatch(logs, /^\S*2026-12-02T00:00:00Z ERROR forged/m, 'no forged line');
  const secrets = [logins.DA1001MO.password, logins['sam.support@dshs.texas.gov'].password, 'Wrong-Password-123'];
  for (const m of await stack.mail()) {
    for (const code of (m.text ?? '').matchAll(/Enter this code: (\d{6})/g)) secrets.push(code[1]);
    for (const token of (m.text ?? '').matchAll(/#token=([\w-]{20,})/g)) secrets.push(token[1]);
  }
  secrets.push(...cookieSecrets);
  assert.ok(secrets.length >= 6, secrets.length);
  for (const secret of secrets) assert.ok(!logs.includes(secret), `a secret in the log (${secret.slice(0, 3)}…)`);
});
