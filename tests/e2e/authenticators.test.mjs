// Authenticator apps in Chromium (docs/authenticators.md): set one up from
// Manage My Access (its QR code and key), then sign in with its code through
// "Verify with something else". The codes are computed here with Node's own
// HMAC-SHA-1 (RFC 6238), not with the server's library.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { assertAccessible, demoLogins, openPage, repoRoot, signIn, startStack } from './harness.mjs';
import { base32, totp } from './totp.mjs';

const backend = process.env.IAM_TEST_DB || 'sqlite';
const shots = path.join(repoRoot, 'tests/e2e/test-results/screens');
let stack;
let logins;

before(async () => {
  stack = await startStack();
  logins = demoLogins(stack.run(['seed-demo']));
  fs.mkdirSync(shots, { recursive: true });
});
after(async () => { await stack?.stop(); });

test('the test TOTP is RFC 6238', () => {
  const key = Buffer.from('12345678901234567890');
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(1n);
  const hash = crypto.createHmac('sha1', key).update(counter).digest();
  const binary = (hash.readUInt32BE(hash[19] & 0x0f) & 0x7fffffff) % 1000000;
  assert.equal(String(binary).padStart(6, '0'), '287082');
  assert.deepEqual(base32('GEZDGNBV'), Buffer.from('12345'));
});

test(`[${backend}] an authenticator app set up from Manage My Access signs Pat in instead of the e-mail code`, async () => {
  const pat = logins.PA1234SA;
  assert.ok(pat, 'seed-demo printed the demo logins');
  const { page, problems, close } = await openPage(stack);
  await signIn(stack, page, pat, 'pat.sanchez@example.org');
  await page.goto(stack.base + '/manage-my-access');
  await page.getByRole('heading', { name: 'Security methods' }).waitFor();
  await page.getByText('No passkey or authenticator app is set up.').waitFor();
  await page.getByLabel(/^Name for the app/).fill('Work phone');
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await page.getByRole('heading', { name: 'Set up your authenticator app' }).waitFor();
  const qr = page.getByRole('img', { name: /^QR code/ });
  await qr.waitFor();
  assert.ok((await qr.getAttribute('src')).startsWith('data:image/svg+xml'), 'the QR code is the server-drawn SVG');
  assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), 'the QR code renders');
  const key = base32((await page.locator('code.secret').textContent()).replace(/\s+/g, ''));
  assert.equal(key.length, 20);
  await assertAccessible(page, 'authenticator app set-up');
  await page.screenshot({ path: path.join(shots, `${backend}-authenticator-setup.png`), fullPage: true });
  await page.getByLabel('Enter Code').fill(totp(key));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByText('Work phone is set up.', { exact: false }).waitFor();
  await page.getByRole('button', { name: 'Remove Work phone' }).waitFor();
  await page.screenshot({ path: path.join(shots, `${backend}-security-methods.png`), fullPage: true });
  const added = await stack.mailTo('pat.sanchez@example.org', 'A security method was added to your account', 0);
  assert.match(added.text, /Report Suspicious Activity/);
  await close();

  // A new browser: password, then "Verify with something else" → the app.
  const second = await openPage(stack);
  const p = second.page;
  await p.goto(stack.base + '/');
  await p.getByLabel('Username').fill(pat.username);
  await p.getByRole('button', { name: 'Next' }).click();
  await p.getByRole('button', { name: 'Select Password' }).click();
  await p.getByLabel('Password').fill(pat.password);
  await p.getByRole('button', { name: 'Verify' }).click();
  await p.getByRole('button', { name: 'Send me an email' }).waitFor();
  await p.getByRole('link', { name: 'Verify with something else' }).click();
  await p.getByRole('button', { name: 'Select Authenticator app' }).click();
  await p.getByRole('heading', { name: 'Verify with your authenticator app' }).waitFor();
  await assertAccessible(p, 'authenticator app code');
  await p.screenshot({ path: path.join(shots, `${backend}-signin-app-code.png`), fullPage: true });
  // The set-up's code is spent: a wrong or used code is refused in words.
  await p.getByLabel('Enter Code').fill('000000' === totp(key, 1) ? '111111' : '000000');
  await p.getByRole('button', { name: 'Verify' }).click();
  await p.getByText('The code is incorrect.', { exact: false }).waitFor();
  // The next step's code (accepted one step ahead) opens the statement.
  await p.getByLabel('Enter Code').fill(totp(key, 1));
  await p.getByRole('button', { name: 'Verify' }).click();
  await p.getByRole('button', { name: 'I Agree' }).click();
  await p.getByRole('heading', { name: 'Dashboard' }).waitFor();
  assert.deepEqual(problems, []);
  assert.deepEqual(second.problems, []);
  await second.close();

  // Pat lost the phone: support sees the method and how Pat signed in,
  // and resets it.
  const staff = await openPage(stack);
  const s = staff.page;
  await signIn(stack, s, logins['sam.support@dshs.texas.gov'], 'sam.support@dshs.texas.gov');
  await s.goto(stack.base + '/admin');
  await s.getByLabel('Username, e-mail address or name').fill(pat.username);
  await s.getByRole('button', { name: 'Search' }).click();
  await s.getByRole('link', { name: pat.username }).click();
  await s.getByRole('heading', { name: 'Security methods' }).waitFor();
  await s.getByText(/^Work phone — authenticator app/).waitFor();
  await s.getByRole('cell', { name: 'Password and authenticator app' }).first().waitFor();
  await s.getByRole('button', { name: 'Reset security methods' }).click();
  await assertAccessible(s, 'reset security methods confirmation');
  await s.screenshot({ path: path.join(shots, `${backend}-console-security-methods.png`), fullPage: true });
  await s.getByRole('button', { name: 'Yes, reset them' }).click();
  await s.getByText('The security methods are reset; the owner was told by e-mail.').waitFor();
  await s.getByText('Password and e-mail code only').waitFor();
  await stack.mailTo('pat.sanchez@example.org', 'A security method was removed from your account', 0);
  assert.deepEqual(staff.problems, []);
  await staff.close();
});
