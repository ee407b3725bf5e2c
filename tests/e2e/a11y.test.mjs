// WCAG 2.1 AA checks that need a browser: every flow done with the
// keyboard alone (Tab, typing, Enter — no clicks), each step's focus on its
// heading, and every public screen usable at 320 CSS pixels wide (WCAG
// 1.4.10 Reflow: 1280 px at 400 % zoom; 200 % zoom is wider than that).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { assertAccessible, demoLogins, openPage, repoRoot, startStack } from './harness.mjs';

const backend = process.env.IAM_TEST_DB || 'sqlite';
const screens = path.join(repoRoot, 'tests/e2e/test-results/screens');
let stack;
let logins;

before(async () => {
  stack = await startStack();
  logins = demoLogins(stack.run(['seed-demo']));
});
after(async () => { await stack?.stop(); });

const active = (page) => page.evaluate(() => {
  const e = document.activeElement;
  return { tag: e?.tagName, id: e?.id ?? '', text: (e?.textContent ?? '').trim(), label: e?.getAttribute('aria-label') ?? '' };
});

/** Press Tab until the focused element matches `wanted` (at most 40 times). */
async function tabTo(page, wanted, what) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (wanted(await active(page))) return;
  }
  throw new Error(`Tab never reached ${what}; focus is on ${JSON.stringify(await active(page))}`);
}

const byId = (id) => (e) => e.id === id;
const byText = (text) => (e) => e.text === text || e.label === text;

/** The step's heading has the focus once it reads `title`. */
async function focusedHeading(page, title) {
  await page.getByRole('heading', { name: title, level: 1 }).waitFor();
  await page.waitForFunction((t) => document.activeElement?.tagName === 'H1' && document.activeElement.textContent.trim() === t, title, { timeout: 5000 })
    .catch(async () => assert.fail(`focus is not on the heading "${title}" but on ${JSON.stringify(await active(page))}`));
}

async function codeAfter(email, subject, earlier, pattern) {
  const mail = await stack.mailTo(email, subject, earlier);
  return mail.text.match(pattern)[1];
}

const mailsTo = async (email, subject) =>
  (await stack.mail()).filter((m) => m.subject === subject && m.to.some((t) => t.address === email)).length;

/** The e-mail code and the statement, by keyboard. */
async function emailStepsByKeyboard(page, email) {
  await focusedHeading(page, 'Get a verification email');
  const subject = 'IAMOnline | Your Email Verification';
  const earlier = await mailsTo(email, subject);
  await tabTo(page, byText('Send me an email'), 'Send me an email');
  await page.keyboard.press('Enter');
  await focusedHeading(page, 'Verify with your email');
  await tabTo(page, byId('code'), 'the code field');
  await page.keyboard.type(await codeAfter(email, subject, earlier, /Enter this code: (\d{6})/));
  await page.keyboard.press('Enter');
  await focusedHeading(page, 'Confidentiality Statement');
  await tabTo(page, byText('I Agree'), 'I Agree');
  await page.keyboard.press('Enter');
}

test(`[${backend}] the IAMOnline door with the keyboard alone, focus on each step's heading`, async () => {
  const dana = logins.DA1001MO;
  const { page, problems, close } = await openPage(stack);
  await page.goto(stack.base + '/');
  await focusedHeading(page, 'IAMOnline - Sign In');
  await tabTo(page, byId('username'), 'Username');
  await page.keyboard.type(dana.username);
  await page.keyboard.press('Enter');
  await focusedHeading(page, "Verify it's you with a security method");
  await tabTo(page, byText('Select Password'), 'Select Password');
  await page.keyboard.press('Enter');
  await focusedHeading(page, 'Verify with your password');
  await tabTo(page, byId('password'), 'Password');
  await page.keyboard.type(dana.password);
  await page.keyboard.press('Enter');
  await emailStepsByKeyboard(page, 'dana.morales@example.org');
  await focusedHeading(page, 'Dashboard');
  assert.deepEqual(problems, []);
  await close();
});

test(`[${backend}] the ImmTrac2 door and its Validation Error dialog with the keyboard alone`, async () => {
  const pat = logins.PA1234SA;
  const { page, problems, close } = await openPage(stack);
  await page.goto(stack.base + '/immtrac2/login');
  await focusedHeading(page, 'ImmTrac2 Login');
  await tabTo(page, byId('org_code'), 'Org Code');
  await page.keyboard.type(pat.org);
  await page.keyboard.press('Tab');
  await page.keyboard.type(pat.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type('not-the-password');
  await page.keyboard.press('Enter');
  await page.getByRole('alertdialog', { name: 'Validation Error' }).waitFor();
  assert.equal((await active(page)).text, 'OK');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'password');
  await page.keyboard.type(pat.password);
  await page.keyboard.press('Enter');
  await emailStepsByKeyboard(page, 'pat.sanchez@example.org');
  // Pat works for several organizations: the portal view, then one.
  await focusedHeading(page, 'Select an organization');
  await tabTo(page, (e) => e.tag === 'BUTTON' && e.text.includes(`(${pat.org})`), `organization ${pat.org}`);
  await page.keyboard.press('Enter');
  await focusedHeading(page, 'ImmTrac2');
  await tabTo(page, byText('Logout'), 'Logout');
  await page.keyboard.press('Enter');
  await page.getByText('You are now logged out of ImmTrac2.').waitFor();
  assert.deepEqual(problems, []);
  await close();
});

test(`[${backend}] Forgot Password and Forgot Username with the keyboard alone`, async () => {
  const { page, problems, close } = await openPage(stack);
  await page.goto(stack.base + '/');
  await focusedHeading(page, 'IAMOnline - Sign In');
  await tabTo(page, byText('Forgot Username? (ImmTrac2/VAOS/Syntropi Users Only)'), 'Forgot Username');
  await page.keyboard.press('Enter');
  await focusedHeading(page, 'Forgot Username');
  await tabTo(page, byId('first_name'), 'First Name');
  await page.keyboard.type('Robin');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Keys');
  await page.keyboard.press('Tab');
  await page.keyboard.type('robin.keys@example.org');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Request Complete' }).waitFor();
  await tabTo(page, byText('Ok'), 'Ok');
  await page.keyboard.press('Enter');
  await focusedHeading(page, 'IAMOnline - Sign In');

  await tabTo(page, byText('Forgot Password? (External Users Only)'), 'Forgot Password (external)');
  await page.keyboard.press('Enter');
  await focusedHeading(page, 'Reset your password');
  await tabTo(page, byId('identifier'), 'Email or Username');
  await page.keyboard.type('LI2222NE');
  await page.keyboard.press('Enter');
  await focusedHeading(page, 'Get a verification email');
  await tabTo(page, byText('Send me an email'), 'Send me an email');
  await page.keyboard.press('Enter');
  await focusedHeading(page, 'Verify with your email');
  await tabTo(page, byText('Enter a verification code instead'), 'Enter a verification code instead');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'code');
  assert.deepEqual(problems, []);
  await close();
});

test(`[${backend}] whoever cannot read the CAPTCHA image gets a code by e-mail instead, by keyboard`, async () => {
  const pat = logins.PA1234SA;
  const email = 'pat.sanchez@example.org';
  const { page, problems, close } = await openPage(stack);
  await page.goto(stack.base + '/immtrac2/forgot-password');
  await focusedHeading(page, 'User Information');
  await tabTo(page, byId('org_code'), 'Org Code');
  await page.keyboard.type(pat.org);
  await page.keyboard.press('Tab');
  await page.keyboard.type(pat.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(email);
  const subject = 'IAMOnline | Your Email Verification';
  const earlier = await mailsTo(email, subject);
  await tabTo(page, byText("Can't read the image? Email me a code instead"), 'the CAPTCHA alternative');
  await page.keyboard.press('Enter');
  await page.getByText('If this username belongs to an account, we sent a code to its email address.').waitFor();
  await assertAccessible(page, 'CAPTCHA alternative sent');
  fs.mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: path.join(screens, `${backend}-captcha-by-email.png`), fullPage: true });
  const code = await codeAfter(email, subject, earlier, /Enter this code: ([A-Z0-9]+)/);
  await tabTo(page, byId('captcha'), 'Characters displayed');
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  await page.getByText('A password reset link has been sent to the email address associated with this account and will be valid for 24 hours.').waitFor();
  assert.deepEqual(problems, []);
  await close();
});

test(`[${backend}] a public form takes a code mailed to the address on it instead of the image, by keyboard`, async () => {
  const email = 'robin.alvarez@example.com';
  const { page, problems, close } = await openPage(stack);
  await page.goto(stack.base + '/register/citizen');
  await focusedHeading(page, 'Create a new account as a citizen');
  await tabTo(page, byId('first_name'), 'First Name');
  await page.keyboard.type('Robin');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Alvarez');
  await page.keyboard.press('Tab');
  await page.keyboard.type(email);
  const subject = 'IAMOnline | Your Email Verification';
  const earlier = await mailsTo(email, subject);
  await tabTo(page, byText("Can't read the image? Email me a code instead"), 'the CAPTCHA alternative');
  await page.keyboard.press('Enter');
  await page.getByText('We sent a code to the email address on the form.', { exact: false }).waitFor();
  await assertAccessible(page, 'public form CAPTCHA alternative sent');
  fs.mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: path.join(screens, `${backend}-form-captcha-by-email.png`), fullPage: true });
  const code = await codeAfter(email, subject, earlier, /Enter this code: ([A-Z0-9]+)/);
  await tabTo(page, byId('captcha'), 'Characters displayed');
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  await page.getByText(/Check your e-mail/).waitFor();
  await stack.mailTo(email, 'Welcome to IAMOnline');
  assert.deepEqual(problems, []);
  await close();
});

/** Nothing on the page is wider than the 320 px viewport or cut off by it. */
async function assertReflows(page, name) {
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = document.documentElement.scrollWidth > width ? [`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`] : [];
    const cut = [...document.querySelectorAll('a, button, input, select, textarea, label, h1, h2, p, li, img')]
      // The skip link waits off-screen until it has the focus, by design.
      .filter((e) => e.offsetParent !== null && !e.classList.contains('skip-link'))
      .filter((e) => { const r = e.getBoundingClientRect(); // Nor past the edge of its own card.
        const card = e.closest('.card')?.getBoundingClientRect();
        return r.left < -1 || r.right > width + 1 || (card && (r.left < card.left - 1 || r.right > card.right + 1)); })
      .map((e) => `${e.tagName.toLowerCase()} "${(e.textContent || e.getAttribute('aria-label') || e.id).trim().slice(0, 40)}"`);
    return [...wide, ...cut];
  });
  assert.deepEqual(overflow, [], `at 320 px, ${name}`);
  fs.mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: path.join(screens, `${backend}-320px-${name}.png`), fullPage: true });
}

test(`[${backend}] every public screen fits a 320 px wide viewport`, async () => {
  const { page, problems, close } = await openPage(stack);
  await page.setViewportSize({ width: 320, height: 640 });
  const visits = [
    ['/', 'IAMOnline - Sign In'],
    ['/immtrac2/login', 'ImmTrac2 Login'],
    ['/forgot-username', 'Forgot Username'],
    ['/forgot-password', 'Reset your password'],
    ['/immtrac2/forgot-password', 'User Information'],
    ['/register/citizen', null],
    ['/register/organization', null],
  ];
  for (const [route, title] of visits) {
    await page.goto(stack.base + route);
    if (title) await page.getByRole('heading', { name: title, level: 1 }).waitFor();
    else await page.locator('h1').first().waitFor();
    await page.waitForLoadState('networkidle');
    await assertReflows(page, route === '/' ? 'sign-in' : route.slice(1).replaceAll('/', '-'));
    await assertAccessible(page, `${route} at 320 px`);
  }
  // A signed-in screen and a dialog too.
  const dana = logins.DA1001MO;
  await page.goto(stack.base + '/immtrac2/login');
  await page.getByLabel('Org Code').fill(dana.org);
  await page.getByLabel('Username').fill(dana.username);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Login' }).click();
  await page.getByRole('alertdialog', { name: 'Validation Error' }).waitFor();
  await assertReflows(page, 'validation-error');
  await page.keyboard.press('Escape');
  await page.getByLabel('Password').fill(dana.password);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.getByRole('heading', { name: 'Get a verification email' }).waitFor();
  await assertReflows(page, 'get-a-verification-email');
  assert.deepEqual(problems, []);
  await close();
});
