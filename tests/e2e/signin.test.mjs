// Browser tests of sign-in through both doors (docs/product.md §3) in Debian's Chromium,
// with the e-mail code read from maildev over real SMTP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, assertPasswordFields, openPage, startStack } from './harness.mjs';

const backend = process.env.IAM_TEST_DB || 'sqlite';
let stack;
let logins;

before(async () => {
  stack = await startStack();
  // The demo accounts, with the passwords seed-demo prints once.
  const printed = stack.run(['seed-demo']);
  logins = {};
  for (const m of printed.matchAll(/org code: (\S+)\s+username: (\S+)\s+password: (\S+)/g)) {
    logins[m[2]] = { org: m[1], username: m[2], password: m[3] };
  }
});
after(async () => { await stack?.stop(); });

const newPage = () => openPage(stack);

/** The newest sign-in code mailed to `to`, once there are more than `earlier`. */
async function codeMailedTo(to, earlier) {
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    const mail = (await stack.mail())
      .filter((m) => m.subject === 'IAMOnline | Your Email Verification' && m.to.some((t) => t.address === to));
    if (mail.length > earlier) return mail[mail.length - 1].text.match(/Enter this code: (\d{6})/)[1];
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no code mailed to ${to}`);
}

/** From "Get a verification email" to the Confidentiality Statement. */
async function passEmailCode(page, email) {
  await page.getByRole('heading', { name: 'Get a verification email' }).waitFor();
  await assertAccessible(page, 'get a verification email');
  const earlier = (await stack.mail())
    .filter((m) => m.subject === 'IAMOnline | Your Email Verification' && m.to.some((t) => t.address === email)).length;
  await page.getByRole('button', { name: 'Send me an email' }).click();
  await page.getByRole('heading', { name: 'Verify with your email' }).waitFor();
  await page.getByText(/We sent an email to d\*\*\*s@example\.org|We sent an email to p\*\*\*z@example\.org/).waitFor();
  assert.ok(await page.getByRole('button', { name: /Send again in \d+ s/ }).isDisabled(), 'Send again waits 30 s');
  await assertAccessible(page, 'verify with your email');
  const code = await codeMailedTo(email, earlier);
  await page.getByLabel('Enter Code').fill(code);
  await page.getByLabel('Enter Code').press('Enter');
  await page.getByRole('heading', { name: 'Confidentiality Statement' }).waitFor();
  await assertAccessible(page, 'confidentiality statement');
}

test(`[${backend}] IAMOnline sign-in: username, password, e-mail code from maildev, statement, app home, logout`, async () => {
  const dana = logins.DA1001MO;
  assert.ok(dana, 'seed-demo printed the demo logins');
  const { page, problems, close } = await newPage();
  await page.goto(stack.base + '/');
  await page.getByLabel('Username').fill(dana.username);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: "Verify it's you with a security method" }).waitFor();
  await assertAccessible(page, 'choose a method');
  await page.getByRole('button', { name: 'Select Password' }).click();
  await page.getByRole('heading', { name: 'Verify with your password' }).waitFor();
  await assertAccessible(page, 'verify with your password');
  await page.getByLabel('Password').fill(dana.password);
  await page.getByRole('button', { name: 'Verify' }).click();
  await passEmailCode(page, 'dana.morales@example.org');
  await page.getByRole('button', { name: 'I Agree' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  await page.getByText('Welcome, Dana Morales.').waitFor();
  await assertAccessible(page, 'app home');
  // A reload loses the in-memory access token; the HttpOnly refresh cookie restores the session.
  await page.reload();
  await page.getByText('Welcome, Dana Morales.').waitFor();
  await page.getByRole('button', { name: 'Logout' }).click();
  await page.getByText('You are now logged out of ImmTrac2.').waitFor();
  await assertAccessible(page, 'logged out');
  assert.deepEqual(problems, []);
  await close();
});

test(`[${backend}] ImmTrac2 login walks the ladder to the recall screen with a CAPTCHA, then to the lock`, async () => {
  const { page, close } = await newPage();
  await page.goto(stack.base + '/immtrac2/login');
  await assertPasswordFields(page, ['Password'], 'current-password');
  let lastImage = null;
  const attempt = async (button) => {
    await page.getByLabel('Org Code').fill('DSHS01');
    await page.getByLabel('Username').fill('jane.doe@dshs.texas.gov');
    await page.getByLabel('Password').fill('not-her-password');
    if (await page.getByLabel('Characters displayed').count()) {
      // Each failure brings a new image: wait for it before typing its characters.
      const shown = await page.waitForFunction((previous) => {
        const img = document.querySelector('.captcha img');
        return img && img.src !== previous ? img.src : null;
      }, lastImage);
      lastImage = await shown.jsonValue();
      // The response event can reach this process after the page showed the image.
      for (let i = 0; i < 50 && !page.captchaAnswers.has(lastImage); i++) await new Promise((r) => setTimeout(r, 100));
      await page.getByLabel('Characters displayed').fill(page.captchaAnswers.get(lastImage));
    }
    await page.getByRole('button', { name: button }).click();
  };
  await page.getByRole('heading', { name: 'ImmTrac2 Login' }).waitFor();
  await assertAccessible(page, 'ImmTrac2 login');
  // The seed's "Validation Error" dialog: modal, focus on OK, then back
  // to the Password field to re-enter it.
  for (let i = 0; i < 2; i++) {
    await attempt('Login');
    const dialog = page.getByRole('alertdialog', { name: 'Validation Error' });
    await dialog.waitFor();
    await dialog.getByText('The Org Code, Username and Password combination is invalid.').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'OK', 'focus moves into the dialog');
    if (i === 0) await assertAccessible(page, 'validation error dialog');
    await page.keyboard.press(i === 0 ? 'Enter' : 'Escape');
    await dialog.waitFor({ state: 'hidden' });
    // The dialog's close event is a queued task: it can run after the
    // dialog already counts as hidden, so wait for the focus to arrive.
    const focused = await page
      .waitForFunction(() => document.activeElement?.id === 'password', null, { timeout: 2000 })
      .then(() => 'password', async () => page.evaluate(() => document.activeElement?.id));
    assert.equal(focused, 'password', 'focus returns to the Password field');
  }
  await attempt('Login');
  // The third failure moves to the recall screen: intro text R and a CAPTCHA.
  await page.getByRole('heading', { name: 'Password Recall' }).waitFor();
  await page.getByText(/^Login attempt was unsuccessful\. If you remember your Org Code/).waitFor();
  await page.locator('.captcha img').waitFor();
  assert.ok(await page.getByRole('button', { name: 'New image' }).isVisible());
  assert.ok(await page.getByRole('button', { name: 'Forgot Password' }).isVisible());
  await assertAccessible(page, 'password recall');
  await attempt('Submit');
  await page.getByText('The Org Code, Username, or password entered is invalid. Please re-enter your user information.').waitFor();
  await attempt('Submit');
  await page.getByText('You have one more attempt to enter correct user information before your account will be locked.').waitFor();
  await attempt('Submit');
  await page.getByText('Login attempts have been exceeded. Click on the Forgot Password button to reset your password and unlock your account.').waitFor();
  await assertAccessible(page, 'lock message');
  await page.getByRole('button', { name: 'OK' }).click();
  await page.waitForURL('**/immtrac2/forgot-password');
  await close();
});

test(`[${backend}] a user of several organizations lands in the portal view and picks one`, async () => {
  const pat = logins.PA1234SA;
  const { page, close } = await newPage();
  await page.goto(stack.base + '/immtrac2/login');
  await page.getByLabel('Org Code').fill(pat.org);
  await page.getByLabel('Username').fill(pat.username);
  await page.getByLabel('Password').fill(pat.password);
  await page.getByLabel('Password').press('Enter');
  await passEmailCode(page, 'pat.sanchez@example.org');
  await page.getByRole('button', { name: 'I Agree' }).click();
  await page.getByRole('heading', { name: 'Select an organization' }).waitFor();
  await assertAccessible(page, 'portal view');
  await page.getByRole('button', { name: /\(67890\)/ }).click();
  await page.getByRole('heading', { name: 'ImmTrac2' }).waitFor();
  await page.getByText(/\(67890\)/).waitFor();
  await page.getByRole('button', { name: 'Logout' }).click();
  await page.getByText('You are now logged out of ImmTrac2.').waitFor();
  await close();
});
