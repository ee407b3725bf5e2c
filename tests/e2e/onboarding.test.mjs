// Browser tests of onboarding (docs/product.md §7) in Debian's Chromium: support
// creates an account, the Welcome e-mail arrives in maildev over real SMTP,
// and the person activates it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { assertAccessible, openPage, repoRoot, startStack } from './harness.mjs';
import { base32, totp } from './totp.mjs';

const backend = process.env.IAM_TEST_DB || 'sqlite';
const shots = path.join(repoRoot, 'tests/e2e/test-results/screens');
let stack;

before(async () => {
  fs.mkdirSync(shots, { recursive: true });
  stack = await startStack();
  stack.run(['seed-demo']);
});
after(async () => { await stack?.stop(); });

const mailTo = (to, subject, earlier) => stack.mailTo(to, subject, earlier);

test(`[${backend}] support creates a user; the Welcome link activates it; the dashboard's tiles unlock once the AUA is signed`, async () => {
  const email = `grace.${Date.now()}@example.org`;
  const created = stack.run(['create-user', '--first-name', 'Grace', '--last-name', 'Hopper', '--email', email, '--org', '12345']);
  const username = created.match(/created user (\S+)/)[1];
  const welcome = await mailTo(email, 'Welcome to IAMOnline');
  assert.match(welcome.text, new RegExp(`Username: ${username}`));
  const link = welcome.text.match(/Activate Account: (https?:\/\/\S+)/)[1];

  const { page, problems, close } = await openPage(stack);
  await page.goto(link);
  await page.getByRole('heading', { name: 'Activate your account' }).waitFor();
  await page.getByText(`Your username is ${username}.`, { exact: false }).waitFor();
  assert.ok(!page.url().includes('token'), 'the token leaves the address bar');
  await assertAccessible(page, 'activate your account');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: 'Get a verification email' }).waitFor();
  await page.getByRole('button', { name: 'Send me an email' }).click();
  await page.getByRole('heading', { name: 'Verify with your email' }).waitFor();
  const codeMail = await mailTo(email, 'IAMOnline | Your Email Verification');
  await page.getByLabel('Enter Code').fill(codeMail.text.match(/Enter this code: (\d{6})/)[1]);
  await page.getByLabel('Enter Code').press('Enter');

  // The authenticator list: the password is required; its Set up opens the form.
  await page.getByRole('heading', { name: 'Set up security methods' }).waitFor();
  await page.getByRole('heading', { name: 'Set up required' }).waitFor();
  await page.getByText(username, { exact: true }).waitFor();
  await assertAccessible(page, 'set up security methods (list)');
  await page.screenshot({ path: path.join(shots, `${backend}-activation-list.png`), fullPage: true });
  await page.getByRole('button', { name: 'Set up Password' }).click();
  await page.getByRole('button', { name: 'Return to authenticator list' }).click();
  await page.getByRole('button', { name: 'Set up Password' }).click();
  await page.getByLabel('Enter password', { exact: true }).waitFor();
  await assertAccessible(page, 'set up security methods');
  // The checklist knows the person's names before anything is saved.
  await page.getByLabel('Enter password', { exact: true }).fill('Grace-Lighthouse-Fjord-71');
  await page.locator('li[data-rule="not_first_name"].unmet').waitFor();
  await page.getByLabel('Enter password', { exact: true }).fill('Topaz-Hopper-Fjord-Cobalt-71');
  await page.locator('li[data-rule="not_first_name"].met').waitFor();
  await page.locator('li[data-rule="not_last_name"].unmet').waitFor();
  const password = 'Topaz-Lighthouse-Fjord-Cobalt-71';
  await page.getByLabel('Enter password', { exact: true }).fill(password);
  await page.getByLabel('Re-enter password').fill(password);
  await page.getByLabel('Phone number').fill('12');
  await page.getByLabel('Security question').fill('Name of your first ship?');
  await page.getByLabel('Answer').fill('USS Nautilus');
  await page.getByRole('button', { name: 'Finish' }).click();
  await page.getByText('Enter a phone number with 10 to 15 digits.').waitFor();
  await page.getByLabel('Phone number').fill('(512) 555-0142');
  await page.getByRole('button', { name: 'Finish' }).click();

  // "Set up optional": an authenticator app (passkeys need a host name,
  // not 127.0.0.1), whose codes the test computes itself; Continue would
  // skip it.
  await page.getByRole('heading', { name: 'Set up optional' }).waitFor();
  assert.deepEqual(await page.locator('ul.methods li strong').allTextContents(), ['Password', 'Authenticator app']);
  await page.getByRole('button', { name: 'Continue' }).waitFor();
  await assertAccessible(page, 'set up optional');
  await page.screenshot({ path: path.join(shots, `${backend}-activation-optional.png`), fullPage: true });
  await page.getByRole('button', { name: 'Set up Authenticator app' }).click();
  await page.getByRole('heading', { name: 'Set up your authenticator app' }).waitFor();
  const key = base32((await page.locator('code.secret').textContent()).replace(/\s+/g, ''));
  await page.getByLabel('Enter Code').fill(totp(key));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('heading', { name: 'Confidentiality Statement' }).waitFor();
  await mailTo(email, 'A security method was added to your account');
  await page.getByRole('button', { name: 'I Agree' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  await page.getByText('Welcome, Grace Hopper.').waitFor();

  // Applications stay locked until the Acceptable Use Agreement is signed.
  await page.locator('li.tile.locked', { hasText: 'ImmTrac2' }).waitFor();
  await page.getByText('Currently no data').first().waitFor();
  await assertAccessible(page, 'dashboard (locked)');
  // The application itself refuses (the server's AUA gate, not a hidden
  // link): the app shows the form and says why.
  await page.goto(stack.base + '/immtrac2');
  await page.getByRole('heading', { name: 'Acceptable Use Agreement' }).waitFor();
  await page.getByText(/The application you opened needs a signed Acceptable Use Agreement/).waitFor();
  assert.match(page.url(), /\/aua\?required=1$/);
  await assertAccessible(page, 'AUA form after the gate');
  await page.goto(stack.base + '/dashboard');
  await page.getByRole('link', { name: 'Acceptable Use Agreement' }).click();
  await page.getByRole('heading', { name: 'Acceptable Use Agreement' }).waitFor();
  await assertAccessible(page, 'AUA form');
  assert.equal(await page.getByLabel('First Name *').inputValue(), 'Grace', 'prefilled');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByText('Check the acknowledgement to sign.').waitFor();
  await page.getByText('Choose one.').waitFor();
  await page.getByText('Explain your choice (at most 500 characters).').waitFor();
  await assertAccessible(page, 'AUA form with errors');
  await page.getByLabel(/I have read, understand, and will comply/).check();
  await page.getByLabel(/A contractor/).check();
  await page.getByLabel('Explanation *').fill('Austin Pediatrics, clinic staff');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByText('Your signed AUA Form has been successfully submitted. Thank you.').waitFor();
  await page.getByRole('link', { name: 'ImmTrac2' }).first().waitFor();
  assert.equal(await page.locator('li.tile.locked').count(), 0, 'every tile unlocked at once');

  // "Add section": a named section of the user's own, kept across visits.
  await page.getByRole('button', { name: 'Add section' }).click();
  await page.getByLabel('Section name').fill('Daily');
  await page.getByLabel('ImmTrac2', { exact: true }).check();
  await assertAccessible(page, 'add section');
  await page.getByRole('button', { name: 'Save section' }).click();
  await page.getByRole('region', { name: 'Daily' }).getByRole('link', { name: 'ImmTrac2' }).waitFor();
  await page.reload();
  await page.getByRole('region', { name: 'Daily' }).getByRole('link', { name: 'ImmTrac2' }).waitFor();

  // The link is spent: its page says so.
  await page.goto(link);
  await page.getByText(/This activation link was already used/).waitFor();
  assert.deepEqual(problems, []);
  await close();
});
