// The webinar names Chrome, Edge and Firefox. Chromium (the rest of this
// suite) covers Chrome and Edge; this file walks both doors, recovery and
// the dashboard in Debian's Firefox ESR, driven by puppeteer-core over
// WebDriver BiDi (Playwright's Firefox needs a patched build that cannot
// be downloaded here). Every screen is checked with axe-core and kept as a
// screenshot (test-results/screens/firefox-*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import puppeteer from 'puppeteer-core';
import { demoLogins, repoRoot, startStack } from './harness.mjs';

const backend = process.env.IAM_TEST_DB || 'sqlite';
const firefox = process.env.IAM_FIREFOX || '/usr/bin/firefox-esr';
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const screens = path.join(repoRoot, 'tests/e2e/test-results/screens');
const dana = { email: 'dana.morales@example.org' };
let stack;
let browser;
let logins;

before(async () => {
  stack = await startStack({ browser: false });
  logins = demoLogins(stack.run(['seed-demo']));
  Object.assign(dana, logins.DA1001MO);
  browser = await puppeteer.launch({ browser: 'firefox', executablePath: firefox, headless: true });
});
after(async () => {
  await browser?.close();
  await stack?.stop();
});

/** A fresh private context's page, with the page's uncaught errors kept. */
async function openFirefoxPage() {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 1024, height: 900 });
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  return { page, problems, close: () => context.close() };
}

const visibleText = (page) => page.evaluate(() => document.body.innerText);

/** Wait until the page shows `text` (a string or a RegExp). */
async function shows(page, text) {
  await page.waitForFunction(
    (source, flags, plain) => (source ? new RegExp(source, flags).test(document.body.innerText) : document.body.innerText.includes(plain)),
    { timeout: 15000 },
    text instanceof RegExp ? text.source : null, text instanceof RegExp ? text.flags : null, typeof text === 'string' ? text : null,
  ).catch(async (e) => {
    throw new Error(`waiting for ${text}: ${e.message}\n--- page ---\n${await visibleText(page)}`);
  });
}

/** The `<h1>` once it reads `title`. */
async function heading(page, title) {
  await page.waitForFunction((t) => [...document.querySelectorAll('h1')].some((h) => h.textContent.trim() === t), { timeout: 15000 }, title)
    .catch(async (e) => { throw new Error(`no heading "${title}": ${e.message}\n--- page ---\n${await visibleText(page)}`); });
}

/** Click the button (or link) whose whole text is `label`, as a user does. */
async function press(page, label, selector = 'button, a') {
  const handle = await page.waitForFunction((sel, l) => [...document.querySelectorAll(sel)]
    .find((e) => e.textContent.trim() === l && !e.disabled && e.offsetParent !== null), { timeout: 15000 }, selector, label);
  await handle.asElement().click();
}

async function fill(page, id, value) {
  await page.locator(`#${id}`).fill(value);
}

/** axe-core finds nothing serious or critical, and the screen is kept. */
async function checkScreen(page, name) {
  await page.evaluate(axeSource);
  const serious = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`));
  assert.deepEqual(serious, [], `axe violations in Firefox on ${name}`);
  fs.mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: path.join(screens, `firefox-${backend}-${name}.png`) });
}

/** The newest code e-mailed to `email` after `earlier` such mails. */
async function codeMailed(email, earlier, pattern = /Enter this code: (\d{6})/, subject = 'IAMOnline | Your Email Verification') {
  const mail = await stack.mailTo(email, subject, earlier);
  return mail.text.match(pattern)[1];
}

const mailsTo = async (email, subject) =>
  (await stack.mail()).filter((m) => m.subject === subject && m.to.some((t) => t.address === email)).length;

/** "Get a verification email" → the code → the Confidentiality Statement. */
async function emailCodeAndStatement(page, prefix) {
  await heading(page, 'Get a verification email');
  await shows(page, 'Send a verification email to d***s@example.org by clicking on "Send me an email".');
  await checkScreen(page, `${prefix}-send-email`);
  const earlier = await mailsTo(dana.email, 'IAMOnline | Your Email Verification');
  await press(page, 'Send me an email');
  await heading(page, 'Verify with your email');
  await shows(page, "Haven't received an email?");
  await shows(page, 'We sent an email to d***s@example.org. Enter the verification code in the text box.');
  await checkScreen(page, `${prefix}-verify-email`);
  await fill(page, 'code', await codeMailed(dana.email, earlier));
  await press(page, 'Verify');
  await heading(page, 'Confidentiality Statement');
  await checkScreen(page, `${prefix}-confidentiality`);
  await press(page, 'I Agree');
}

test(`[${backend}] Firefox: the IAMOnline door, step by step, to the dashboard`, async () => {
  const { page, problems, close } = await openFirefoxPage();
  await page.goto(stack.base + '/');
  await heading(page, 'IAMOnline - Sign In');
  await shows(page, 'System Use Notification');
  await checkScreen(page, 'iamonline-sign-in');
  await fill(page, 'username', dana.username);
  await press(page, 'Next');
  await heading(page, "Verify it's you with a security method");
  await shows(page, dana.username);
  await checkScreen(page, 'iamonline-choose-method');
  await page.locator('button[aria-label="Select Password"]').click();
  await heading(page, 'Verify with your password');
  await shows(page, 'Forgot Password? (External Users Only)');
  await checkScreen(page, 'iamonline-password');
  await fill(page, 'password', dana.password);
  await press(page, 'Verify');
  await emailCodeAndStatement(page, 'iamonline');
  await heading(page, 'Dashboard');
  await shows(page, 'Welcome, Dana Morales.');
  await shows(page, 'Texas Immunization Registry');
  await checkScreen(page, 'dashboard');
  assert.deepEqual(problems, [], 'no uncaught errors in Firefox');
  await close();
});

test(`[${backend}] Firefox: the ImmTrac2 door, its Validation Error dialog, and logout`, async () => {
  const { page, problems, close } = await openFirefoxPage();
  await page.goto(stack.base + '/immtrac2/login');
  await heading(page, 'ImmTrac2 Login');
  await checkScreen(page, 'immtrac2-login');
  await fill(page, 'org_code', dana.org);
  await fill(page, 'username', dana.username);
  await fill(page, 'password', 'not-the-password');
  await page.keyboard.press('Enter');
  // The seed's dialog: modal, focus on OK; OK returns to the Password field.
  await page.waitForSelector('dialog[open]');
  await shows(page, 'The Org Code, Username and Password combination is invalid.');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'OK', 'focus moves into the dialog');
  await checkScreen(page, 'immtrac2-validation-error');
  await page.keyboard.press('Enter');
  await page.waitForSelector('dialog[open]', { hidden: true });
  // The close event that moves the focus is a queued task: wait for it.
  const focused = await page
    .waitForFunction(() => document.activeElement?.id === 'password', { timeout: 2000 })
    .then(() => 'password', () => page.evaluate(() => document.activeElement?.id));
  assert.equal(focused, 'password', 'focus returns to the Password field');
  await fill(page, 'password', dana.password);
  await page.keyboard.press('Enter');
  await emailCodeAndStatement(page, 'immtrac2');
  await heading(page, 'ImmTrac2');
  await shows(page, 'Welcome, Dana Morales.');
  await checkScreen(page, 'immtrac2-home');
  await press(page, 'Logout');
  await shows(page, 'You are now logged out of ImmTrac2.');
  await checkScreen(page, 'logged-out');
  assert.deepEqual(problems, [], 'no uncaught errors in Firefox');
  await close();
});

test(`[${backend}] Firefox: IAMOnline Forgot Password with the code instead of the link`, async () => {
  const { page, problems, close } = await openFirefoxPage();
  await page.goto(stack.base + '/forgot-password');
  await heading(page, 'Reset your password');
  await checkScreen(page, 'reset-your-password');
  await fill(page, 'identifier', dana.username);
  await press(page, 'Next');
  await heading(page, 'Get a verification email');
  await shows(page, 'Send a verification email to d***s@example.org by clicking on "Send me an email".');
  const earlier = await mailsTo(dana.email, 'Reset your IAMOnline password');
  await press(page, 'Send me an email');
  await shows(page, 'We sent an email to d***s@example.org. Click the verification link in your email to continue or enter the code below.');
  await checkScreen(page, 'recovery-sent');
  await press(page, 'Enter a verification code instead');
  const code = await codeMailed(dana.email, earlier, /Enter this code instead: (\d{6})/, 'Reset your IAMOnline password');
  await fill(page, 'code', code);
  await press(page, 'Verify');
  await heading(page, 'Reset your IAMOnline password');
  await shows(page, 'Password requirements:');
  await shows(page, "Password can't be the same as your last 24 passwords");
  await checkScreen(page, 'reset-new-password');
  const fresh = 'Maple-Orbit-Canyon-Finch-83';
  await fill(page, 'new_password', fresh);
  await fill(page, 'confirm_password', fresh);
  await press(page, 'Reset Password');
  dana.password = fresh;
  await heading(page, 'Confidentiality Statement');
  await press(page, 'I Agree');
  await heading(page, 'Dashboard');
  assert.deepEqual(problems, [], 'no uncaught errors in Firefox');
  await close();
});

test(`[${backend}] Firefox: the keyboard alone through the IAMOnline door, the focus on each heading`, async () => {
  const { page, problems, close } = await openFirefoxPage();
  const focused = () => page.evaluate(() => {
    const e = document.activeElement;
    return { tag: e?.tagName, id: e?.id ?? '', text: (e?.textContent ?? '').trim(), label: e?.getAttribute('aria-label') ?? '' };
  });
  const headingFocused = async (title) => {
    await heading(page, title);
    await page.waitForFunction((t) => document.activeElement?.tagName === 'H1' && document.activeElement.textContent.trim() === t, { timeout: 5000 }, title)
      .catch(async () => assert.fail(`focus is not on "${title}" but on ${JSON.stringify(await focused())}`));
  };
  const tabTo = async (wanted, what) => {
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const e = await focused();
      if (e.id === wanted || e.text === wanted || e.label === wanted) return;
    }
    assert.fail(`Tab never reached ${what}`);
  };
  await page.goto(stack.base + '/');
  await headingFocused('IAMOnline - Sign In');
  await tabTo('username', 'Username');
  await page.keyboard.type(dana.username);
  await page.keyboard.press('Enter');
  await headingFocused("Verify it's you with a security method");
  await tabTo('Select Password', 'Select Password');
  await page.keyboard.press('Enter');
  await headingFocused('Verify with your password');
  await tabTo('password', 'Password');
  await page.keyboard.type(dana.password);
  await page.keyboard.press('Enter');
  await headingFocused('Get a verification email');
  const earlier = await mailsTo(dana.email, 'IAMOnline | Your Email Verification');
  await tabTo('Send me an email', 'Send me an email');
  await page.keyboard.press('Enter');
  await headingFocused('Verify with your email');
  await tabTo('code', 'Enter Code');
  await page.keyboard.type(await codeMailed(dana.email, earlier));
  await page.keyboard.press('Enter');
  await headingFocused('Confidentiality Statement');
  await tabTo('I Agree', 'I Agree');
  await page.keyboard.press('Enter');
  await headingFocused('Dashboard');
  assert.deepEqual(problems, [], 'no uncaught errors in Firefox');
  await close();
});

test(`[${backend}] Firefox: the public screens fit 320 px, and the CAPTCHA's e-mailed alternative works`, async () => {
  const { page, problems, close } = await openFirefoxPage();
  await page.setViewport({ width: 320, height: 640 });
  for (const [route, title] of [['/', 'IAMOnline - Sign In'], ['/immtrac2/login', 'ImmTrac2 Login'],
    ['/forgot-password', 'Reset your password'], ['/immtrac2/forgot-password', 'User Information']]) {
    await page.goto(stack.base + route);
    await heading(page, title);
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const cut = [...document.querySelectorAll('a, button, input, label, h1, h2, p, li, img')]
        .filter((e) => e.offsetParent !== null && !e.classList.contains('skip-link'))
        .filter((e) => { const r = e.getBoundingClientRect(); // Nor past the edge of its own card.
        const card = e.closest('.card')?.getBoundingClientRect();
        return r.left < -1 || r.right > width + 1 || (card && (r.left < card.left - 1 || r.right > card.right + 1)); })
        .map((e) => `${e.tagName.toLowerCase()} "${(e.textContent || e.id).trim().slice(0, 40)}"`);
      return document.documentElement.scrollWidth > width ? ['page scrolls sideways', ...cut] : cut;
    });
    assert.deepEqual(overflow, [], `at 320 px in Firefox, ${route}`);
    await checkScreen(page, `320px${route === '/' ? '-sign-in' : route.replaceAll('/', '-')}`);
  }
  // On the User Information screen: a code by e-mail instead of the image.
  const pat = logins.PA1234SA;
  const email = 'pat.sanchez@example.org';
  await fill(page, 'org_code', pat.org);
  await fill(page, 'username', pat.username);
  await fill(page, 'email', email);
  const earlier = await mailsTo(email, 'IAMOnline | Your Email Verification');
  await press(page, "Can't read the image? Email me a code instead");
  await shows(page, 'If this username belongs to an account, we sent a code to its email address.');
  await checkScreen(page, 'captcha-by-email');
  await fill(page, 'captcha', await codeMailed(email, earlier, /Enter this code: ([A-Z0-9]+)/));
  await press(page, 'Submit');
  await shows(page, 'A password reset link has been sent to the email address associated with this account and will be valid for 24 hours.');
  // A public form names no account: the code goes to the address typed on it.
  const visitor = 'jamie.ortiz@example.com';
  await page.goto(stack.base + '/register/citizen');
  await heading(page, 'Create a new account as a citizen');
  await fill(page, 'first_name', 'Jamie');
  await fill(page, 'last_name', 'Ortiz');
  await fill(page, 'email', visitor);
  const before = await mailsTo(visitor, 'IAMOnline | Your Email Verification');
  await press(page, "Can't read the image? Email me a code instead");
  await shows(page, "We sent a code to the email address on the form. Type the code where the image's characters go.");
  await checkScreen(page, 'form-captcha-by-email');
  await fill(page, 'captcha', await codeMailed(visitor, before, /Enter this code: ([A-Z0-9]+)/));
  await press(page, 'Create account');
  await shows(page, 'Check your e-mail: we sent a message to the address you gave with the next step.');
  assert.deepEqual(problems, [], 'no uncaught errors in Firefox');
  await close();
});
