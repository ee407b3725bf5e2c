// "Set up required" with an authenticator app (docs/authenticators.md,
// "Policy"): an organization that requires multi-factor has its member set
// the app up at sign-in, after the e-mail code and before the statement,
// on the portal's screen the sign-in hands over to; from then on the
// password leads to the app, not the e-mail code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { assertAccessible, demoLogins, openPage, repoRoot, startStack } from './harness.mjs';
import { base32, totp } from './totp.mjs';

const backend = process.env.IAM_TEST_DB || 'sqlite';
const shots = path.join(repoRoot, 'tests/e2e/test-results/screens');
let stack;
let logins;

before(async () => {
  stack = await startStack({ env: { IAM_AUTHENTICATOR_POLICY_ORGANIZATIONS: '12345=mfa' } });
  logins = demoLogins(stack.run(['seed-demo']));
  fs.mkdirSync(shots, { recursive: true });
});
after(async () => { await stack?.stop(); });

async function password(page, login) {
  await page.goto(stack.base + '/');
  await page.getByLabel('Username').fill(login.username);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Select Password' }).click();
  await page.getByLabel('Password').fill(login.password);
  await page.getByRole('button', { name: 'Verify' }).click();
}

test(`[${backend}] a member of an organization that requires an app sets it up at sign-in, then signs in with it`, async () => {
  const dana = logins.DA1001MO;
  assert.ok(dana, 'seed-demo printed the demo logins');
  const email = 'dana.morales@example.org';
  const { page, problems, close } = await openPage(stack);
  await password(page, dana);
  await page.getByRole('button', { name: 'Send me an email' }).click();
  const mail = await stack.mailTo(email, 'IAMOnline | Your Email Verification');
  await page.getByLabel('Enter Code').fill(mail.text.match(/Enter this code: (\d{6})/)[1]);
  await page.getByLabel('Enter Code').press('Enter');

  await page.getByRole('heading', { name: 'Set up required' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/set-up-security-methods');
  // On 127.0.0.1 the server cannot offer passkeys: the app alone is listed.
  assert.deepEqual(await page.locator('ul.methods li strong').allTextContents(), ['Authenticator app']);
  await assertAccessible(page, 'set up required with an app');
  await page.screenshot({ path: path.join(shots, `${backend}-setup-required-app.png`), fullPage: true });
  await page.getByRole('button', { name: 'Set up Authenticator app' }).click();
  await page.getByRole('heading', { name: 'Set up your authenticator app' }).waitFor();
  // "Return to authenticator list" goes back; a second set-up is a new key.
  await page.getByRole('button', { name: 'Return to authenticator list' }).click();
  await page.getByRole('heading', { name: 'Set up required' }).waitFor();
  await page.getByRole('button', { name: 'Set up Authenticator app' }).click();
  await page.getByRole('heading', { name: 'Set up your authenticator app' }).waitFor();
  const key = base32((await page.locator('code.secret').textContent()).replace(/\s+/g, ''));
  await assertAccessible(page, 'authenticator app set-up at sign-in');
  await page.screenshot({ path: path.join(shots, `${backend}-setup-required-app-key.png`), fullPage: true });
  await page.getByLabel('Enter Code').fill(totp(key));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('heading', { name: 'Confidentiality Statement' }).waitFor();
  await page.getByRole('button', { name: 'I Agree' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();

  // Next time: the password, then the app (the e-mail code is not offered).
  await page.context().clearCookies();
  await password(page, dana);
  await page.getByRole('heading', { name: "Verify it's you with a security method" }).waitFor();
  assert.deepEqual(await page.locator('ul.methods li span').allTextContents(), ['Authenticator app']);
  await page.getByRole('button', { name: 'Select Authenticator app' }).click();
  await page.getByLabel('Enter Code').fill(totp(key, 1));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('button', { name: 'I Agree' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  assert.deepEqual(problems, []);
  await close();
});
