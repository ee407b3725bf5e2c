// Browser tests of Forgot Password (docs/product.md §4, §5) in Debian's Chromium: both
// variants, followed through the e-mails maildev receives over real SMTP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, openPage, startStack, assertPasswordFields } from './harness.mjs';

const backend = process.env.IAM_TEST_DB || 'sqlite';
let stack;

before(async () => {
  stack = await startStack();
  stack.run(['seed-demo']);
});
after(async () => { await stack?.stop(); });

const newPage = () => openPage(stack);

const mailTo = (to, subject, earlier) => stack.mailTo(to, subject, earlier);

const linkIn = (mail, label) => mail.text.match(new RegExp(`${label}: (https?://\\S+)`))[1];

/** The checklist's verdicts, by rule: { min_length: true, … }. */
async function checklist(page) {
  return page.$$eval('ul.requirements li', (items) =>
    Object.fromEntries(items.map((li) => [li.dataset.rule, li.classList.contains('met')])));
}

test(`[${backend}] IAMOnline Forgot Password: code from the e-mail, live checklist, reset, signed in; then Report Suspicious Activity`, async () => {
  const { page, problems, close } = await newPage();
  await page.goto(stack.base + '/');
  // Central office users reset with their own directory, at the configured address.
  const config = await (await fetch(`${stack.base}/api/v1/config`)).json();
  const internal = await page.waitForFunction(() => [...document.links]
    .find((a) => a.textContent.includes('HHS/DSHS') && a.getAttribute('href'))?.getAttribute('href'));
  assert.equal(await internal.jsonValue(), config.features.internal_password_reset_url);
  await page.getByRole('link', { name: 'Forgot Password? (External Users Only)' }).click();
  await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
  await assertAccessible(page, 'reset your password');
  await page.getByLabel('Email or Username').fill('DA1001MO');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: 'Get a verification email' }).waitFor();
  await page.getByText('Send a verification email to d***s@example.org by clicking on "Send me an email".').waitFor();
  await page.getByRole('button', { name: 'Send me an email' }).click();
  await page.getByRole('heading', { name: 'Verify with your email' }).waitFor();
  await assertAccessible(page, 'verify with your email (recovery)');
  const mail = await mailTo('dana.morales@example.org', 'Reset your IAMOnline password');
  assert.match(linkIn(mail, 'Reset Password'), /\/reset-password#token=/);
  const code = mail.text.match(/Enter this code instead: (\d{6})/)[1];
  await page.getByText('We sent an email to d***s@example.org. Click the verification link in your email to continue or enter the code below.').waitFor();
  await page.getByRole('button', { name: 'Enter a verification code instead' }).click();
  await page.getByText("Haven't received an email?").waitFor();
  await page.getByLabel('Enter Code').fill(code);
  await page.getByLabel('Enter Code').press('Enter');
  await page.getByRole('heading', { name: 'Reset your IAMOnline password' }).waitFor();
  assert.ok(!page.url().includes('token'), 'the reset token never enters the address bar');
  await assertAccessible(page, 'reset your IAMOnline password');
  await assertPasswordFields(page, ['New password', 'Re-enter password'], 'new-password');

  // The checklist ticks what the server decides, case by case.
  const cases = ['short', 'all lowercase and long enough', 'Fourteen-Chr1!', 'Fifteen-Chars1!',
    'DA1001MO-Is-My-Name-42', 'Ünïcødé-Pässwörd-ß-99', 'Violet Tundra 🦊 Gazebo 82'];
  for (const typed of cases) {
    await page.getByLabel('New password').fill(typed);
    const verdict = await (await fetch(`${stack.base}/api/v1/password/evaluate`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password: typed, username: 'DA1001MO' }),
    })).json();
    const expected = Object.fromEntries(verdict.rules.filter((r) => r.checked).map((r) => [r.rule, r.passed]));
    await page.waitForFunction(() => /Strength: /.test(document.body.innerText));
    await page.waitForFunction((want) => {
      const got = Object.fromEntries([...document.querySelectorAll('ul.requirements li')]
        .map((li) => [li.dataset.rule, li.classList.contains('met')]));
      return Object.entries(want).every(([rule, passed]) => got[rule] === passed);
    }, expected, { timeout: 5000 }).catch(async () => {
      const shown = await checklist(page);
      const got = Object.fromEntries(Object.keys(expected).map((rule) => [rule, shown[rule]]));
      assert.deepEqual(got, expected, `checklist for ${JSON.stringify(typed)}`);
    });
  }

  const fresh = 'Harbor-Quartz-Meadow-Lynx-57';
  await page.getByLabel('New password').fill(fresh);
  await page.getByLabel('Re-enter password').fill(fresh);
  await page.getByLabel('Sign me out of all other devices').check();
  await page.getByRole('button', { name: 'Reset Password' }).click();
  await page.getByRole('heading', { name: 'Confidentiality Statement' }).waitFor();
  await page.getByRole('button', { name: 'I Agree' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  await page.getByText('Welcome, Dana Morales.').waitFor();

  // Signed in, the password can be changed again with the current one.
  await page.getByRole('link', { name: 'Change password' }).click();
  await page.getByRole('heading', { name: 'Change Password' }).waitFor();
  await assertAccessible(page, 'change password (signed in)');
  const next = 'Saffron-Glacier-Pylon-Otter-19';
  await page.getByLabel('Current password').fill('not-the-password');
  await page.getByLabel('New password').fill(next);
  await page.getByLabel('Re-enter password').fill(next);
  await page.getByRole('button', { name: 'Change Password' }).click();
  await page.getByText('The current password is not correct.').waitFor();
  await page.getByLabel('Current password').fill(fresh);
  await page.getByLabel('New password').fill(fresh);
  await page.getByLabel('Re-enter password').fill(fresh);
  await page.getByRole('button', { name: 'Change Password' }).click();
  await page.getByText('You used this password recently. Choose one that is not among your last 24 passwords.').waitFor();
  await page.getByLabel('New password').fill(next);
  await page.getByLabel('Re-enter password').fill(next);
  await page.getByRole('button', { name: 'Change Password' }).click();
  await page.getByText('Password Updated. Use your new password the next time you sign in.').waitFor();

  // The "password changed" e-mail's link asks before it acts.
  const changed = await mailTo('dana.morales@example.org', 'Your IAMOnline password was changed');
  const report = await newPage();
  await report.page.goto(linkIn(changed, 'Report Suspicious Activity'));
  await report.page.getByRole('heading', { name: 'Report Suspicious Activity' }).waitFor();
  await assertAccessible(report.page, 'report suspicious activity');
  await report.page.getByRole('button', { name: 'Report Suspicious Activity' }).click();
  await report.page.getByText(/We signed your account out everywhere, removed its passkeys and authenticator apps, and locked it/).waitFor();
  await report.close();
  assert.deepEqual(problems, []);
  await close();
});

test(`[${backend}] ImmTrac2 Forgot Password: CAPTCHA, 24-hour link, statement, Change Password, Password Updated; the used link says so`, async () => {
  const { page, problems, close } = await newPage();
  await page.goto(stack.base + '/immtrac2/login');
  await page.getByRole('button', { name: 'Forgot Password' }).click();
  await page.getByRole('heading', { name: 'User Information' }).waitFor();
  await page.getByLabel('Org Code').fill('12345');
  await page.getByLabel('Username').fill('PA1234SA');
  await page.getByLabel('Email Address').fill('pat.sanchez@example.org');
  const image = await (await page.waitForFunction(() => document.querySelector('.captcha img')?.src)).jsonValue();
  for (let i = 0; i < 50 && !page.captchaAnswers.has(image); i++) await new Promise((r) => setTimeout(r, 100));
  await page.getByLabel('Characters displayed').fill(page.captchaAnswers.get(image));
  await assertAccessible(page, 'ImmTrac2 forgot password');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByText('A password reset link has been sent to the email address associated with this account and will be valid for 24 hours.').waitFor();

  const mail = await mailTo('pat.sanchez@example.org', 'ImmTrac2 Password Reset');
  assert.match(mail.text, /This link will be available for 24 hours\./);
  const link = linkIn(mail, 'Reset Password');
  await page.goto(link);
  await page.getByRole('heading', { name: 'Confidentiality Statement' }).waitFor();
  await page.getByRole('button', { name: 'I Agree' }).click();
  await page.getByRole('heading', { name: 'Change Password' }).waitFor();
  await assertAccessible(page, 'change password');
  assert.equal(await page.getByLabel('Sign me out of all other devices').count(), 0);
  const fresh = 'Copper-Willow-Granite-Heron-64';
  await page.getByLabel('New password').fill(fresh);
  await page.getByLabel('Re-enter password').fill('Copper-Willow-Granite-Heron-65');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('The passwords do not match.').waitFor();
  await page.getByLabel('Re-enter password').fill(fresh);
  await page.getByRole('button', { name: 'Save' }).click();
  // "A "Password Updated" message displays at the top of the screen."
  await page.getByRole('status').filter({ hasText: /^Password Updated$/ }).waitFor();
  await assertAccessible(page, 'password updated');

  // Sign in normally with the new password.
  await page.getByRole('link', { name: 'Login', exact: true }).click();
  await page.getByLabel('Org Code').fill('12345');
  await page.getByLabel('Username').fill('PA1234SA');
  await page.getByLabel('Password').fill(fresh);
  await page.getByLabel('Password').press('Enter');
  await page.getByRole('heading', { name: 'Get a verification email' }).waitFor();

  // The link was used: its page says so plainly.
  await page.goto(link);
  await page.getByRole('heading', { name: 'This link cannot be used' }).waitFor();
  await page.getByText('This link was already used. Request a new one if you still need to reset your password.').waitFor();
  await assertAccessible(page, 'used link');
  assert.deepEqual(problems, []);
  await close();
});
