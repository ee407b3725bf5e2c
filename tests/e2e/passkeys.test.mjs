// Passkeys in Chromium (docs/authenticators.md) with a virtual authenticator
// of the DevTools Protocol's WebAuthn domain (CTAP2, internal transport,
// resident keys, user verification): add one from Manage My Access, sign in
// with it without a username and as the step after the password, remove it.
// The portal runs on `localhost`: WebAuthn refuses IP addresses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { assertAccessible, demoLogins, openPage, repoRoot, signIn, startStack } from './harness.mjs';

const backend = process.env.IAM_TEST_DB || 'sqlite';
const shots = path.join(repoRoot, 'tests/e2e/test-results/screens');
let stack;
let logins;

before(async () => {
  // The default policy (the harness relaxes it): staff need a passkey.
  stack = await startStack({ host: 'localhost', env: { IAM_AUTHENTICATOR_POLICY_ROLES: 'support=phishing_resistant,admin=phishing_resistant' } });
  logins = demoLogins(stack.run(['seed-demo']));
  fs.mkdirSync(shots, { recursive: true });
});
after(async () => { await stack?.stop(); });

/** A platform authenticator that verifies the user (as Touch ID or
 *  Windows Hello would) and keeps passkeys on the device. */
async function virtualAuthenticator(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2', transport: 'internal', hasResidentKey: true,
      hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true,
    },
  });
  return { credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials };
}

/** Sign out the way a closed browser does: no cookie, no token in memory. */
async function forget(page) {
  await page.context().clearCookies();
  await page.goto(stack.base + '/');
  await page.getByLabel('Username').waitFor();
}

test(`[${backend}] a passkey added from Manage My Access signs Pat in without a username and after the password`, async () => {
  const pat = logins.PA1234SA;
  assert.ok(pat, 'seed-demo printed the demo logins');
  const email = 'pat.sanchez@example.org';
  const { page, problems, close } = await openPage(stack);
  const authenticator = await virtualAuthenticator(page);
  await signIn(stack, page, pat, email);

  await page.goto(stack.base + '/manage-my-access');
  await page.getByRole('heading', { name: 'Security methods' }).waitFor();
  await page.getByText('No passkey or authenticator app is set up.').waitFor();
  await page.screenshot({ path: path.join(shots, `${backend}-security-methods-empty.png`), fullPage: true });
  await page.getByLabel(/^Name for the passkey/).fill('This laptop');
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await page.getByText('This laptop is set up.').waitFor();
  await page.getByText(/This laptop — passkey, added/).waitFor();
  const [credential] = await authenticator.credentials();
  assert.ok(credential.isResidentCredential, 'the passkey is discoverable (kept on the authenticator)');
  assert.equal(credential.rpId, 'localhost');
  await stack.mailTo(email, 'A security method was added to your account');
  await assertAccessible(page, 'security methods with a passkey');
  await page.screenshot({ path: path.join(shots, `${backend}-security-methods-passkey.png`), fullPage: true });

  // Without a username: the passkey names the account.
  await forget(page);
  await page.screenshot({ path: path.join(shots, `${backend}-signin-with-passkey.png`), fullPage: true });
  await assertAccessible(page, 'sign-in page with the passkey button');
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await page.getByRole('heading', { name: 'Confidentiality Statement' }).waitFor();
  await page.getByRole('button', { name: 'I Agree' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();

  // After the password, "Verify with something else" lists the passkey.
  await forget(page);
  await page.getByLabel('Username').fill(pat.username);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Select Password' }).click();
  await page.getByLabel('Password').fill(pat.password);
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('button', { name: 'Send me an email' }).waitFor();
  await page.getByRole('link', { name: 'Verify with something else' }).click();
  await page.getByRole('heading', { name: "Verify it's you with a security method" }).waitFor();
  const listed = await page.locator('ul.methods li span').allTextContents();
  assert.deepEqual(listed, ['Email', 'Passkey']);
  await assertAccessible(page, 'security method list with a passkey');
  await page.screenshot({ path: path.join(shots, `${backend}-choose-method-passkey.png`), fullPage: true });
  await page.getByRole('button', { name: 'Select Passkey' }).click();
  await page.getByRole('heading', { name: 'Confidentiality Statement' }).waitFor();
  await page.getByRole('button', { name: 'I Agree' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  const [used] = await authenticator.credentials();
  assert.ok(used.signCount >= 2, `the authenticator signed twice (count ${used.signCount})`);

  // Renamed, then removed (the sign-in is recent): the passkey no longer
  // opens the account.
  await page.goto(stack.base + '/manage-my-access');
  await page.getByRole('button', { name: 'Rename This laptop' }).click();
  await page.getByLabel('New name').fill('Work laptop');
  await page.getByLabel('New name').press('Enter');
  await page.getByText('Renamed to Work laptop.').waitFor();
  await page.getByText(/Work laptop — passkey, added .*, last used/).waitFor();

  // The three sign-ins are three sessions; the other two end at once.
  await page.getByRole('heading', { name: "Where you're signed in" }).waitFor();
  const sessions = page.locator('#sessions > li');
  assert.equal(await sessions.count(), 3);
  await page.getByText(/\(this device\)/).waitFor();
  await assertAccessible(page, 'where you are signed in');
  await page.screenshot({ path: path.join(shots, `${backend}-devices.png`), fullPage: true });
  await page.getByRole('button', { name: 'Sign out of all other devices' }).click();
  await page.getByText('You are now signed out of 2 other devices.').waitFor();
  await page.getByRole('button', { name: 'Sign out of all other devices' }).waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.querySelectorAll('#sessions > li').length === 1);

  await page.getByRole('button', { name: 'Remove Work laptop' }).click();
  await page.getByText('Work laptop was removed.').waitFor();
  await stack.mailTo(email, 'A security method was removed from your account');
  await forget(page);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await page.getByRole('alert').filter({ hasText: 'This passkey was not accepted' }).waitFor();
  await page.screenshot({ path: path.join(shots, `${backend}-passkey-refused.png`), fullPage: true });
  assert.deepEqual(problems, []);
  await close();
});

test(`[${backend}] support staff set up the passkey their role requires at first sign-in, then verify with it`, async () => {
  const sam = logins['sam.support@dshs.texas.gov'];
  assert.ok(sam, 'seed-demo printed the support login');
  const email = 'sam.support@dshs.texas.gov';
  const { page, problems, close } = await openPage(stack);
  await virtualAuthenticator(page);
  const subject = 'IAMOnline | Your Email Verification';
  const earlier = (await stack.mail()).filter((m) => m.subject === subject && m.to.some((t) => t.address === email)).length;
  await page.goto(stack.base + '/');
  await page.getByLabel('Username').fill(sam.username);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Select Password' }).click();
  await page.getByLabel('Password').fill(sam.password);
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('button', { name: 'Send me an email' }).click();
  const mail = await stack.mailTo(email, subject, earlier);
  await page.getByLabel('Enter Code').fill(mail.text.match(/Enter this code: (\d{6})/)[1]);
  await page.getByLabel('Enter Code').press('Enter');

  // "Set up required" before the statement.
  await page.getByRole('heading', { name: 'Set up security methods' }).waitFor();
  await page.getByRole('heading', { name: 'Set up required' }).waitFor();
  await assertAccessible(page, 'set up required');
  await page.screenshot({ path: path.join(shots, `${backend}-setup-required.png`), fullPage: true });
  await page.getByRole('button', { name: 'Set up Passkey' }).click();
  await page.getByRole('heading', { name: 'Confidentiality Statement' }).waitFor();
  await page.getByRole('button', { name: 'I Agree' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  await stack.mailTo(email, 'A security method was added to your account');

  // Next time the password leads straight to the passkey: no e-mail code.
  await forget(page);
  await page.getByLabel('Username').fill(sam.username);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Select Password' }).click();
  await page.getByLabel('Password').fill(sam.password);
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('heading', { name: "Verify it's you with a security method" }).waitFor();
  assert.deepEqual(await page.locator('ul.methods li span').allTextContents(), ['Passkey']);
  await page.getByRole('button', { name: 'Select Passkey' }).click();
  await page.getByRole('heading', { name: 'Confidentiality Statement' }).waitFor();
  await page.getByRole('button', { name: 'I Agree' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  assert.deepEqual(problems, []);
  await close();
});
