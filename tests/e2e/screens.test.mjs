// Every screen of every bundle, as each kind of visitor sees it: no screen
// may show code instead of words. A `>` inside a Leptos attribute closure
// ends the tag early and prints the rest of the closure as text (the
// resend control once read "0 || send.pending.get()> Send again in 27 s");
// that compiles, renders, and passes role-based tests. Screenshots of each
// screen land in tests/e2e/test-results/screens for a person to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { demoLogins, openPage, signIn, startStack } from './harness.mjs';

const backend = process.env.IAM_TEST_DB || 'sqlite';
const shots = path.join(path.dirname(new URL(import.meta.url).pathname), 'test-results', 'screens');
let stack;
let logins;

// Text that belongs in source code, never on a screen.
const CODE = [/\.get\(\)/, /\|\|/, /=>/, /\bmove \|/, /[{}]/, /\.into_any\(\)/];

before(async () => {
  stack = await startStack();
  logins = demoLogins(stack.run(['seed-demo']));
  fs.mkdirSync(shots, { recursive: true });
});
after(async () => { await stack?.stop(); });

/** Fail when the page's visible text contains a code fragment; keep a screenshot. */
async function checkScreen(page, name) {
  await page.locator('h1').first().waitFor();
  // Let loading states settle into the screen's content.
  await page.waitForLoadState('networkidle').catch(() => {});
  // The words of the page; data shown as code (the audit trail's event
  // details, in <code>) is meant to look like code.
  const text = await page.evaluate(() => {
    const copy = document.body.cloneNode(true);
    copy.querySelectorAll('code, pre, script, style, noscript').forEach((e) => e.remove());
    return copy.textContent;
  });
  const found = CODE.filter((pattern) => pattern.test(text));
  await page.screenshot({ path: path.join(shots, `${backend}-${name.replace(/[^a-z0-9]+/gi, '_')}.png`), fullPage: true });
  assert.deepEqual(found.map(String), [], `${name} shows code:\n${text}`);
}

const PUBLIC_SCREENS = ['/', '/signin/verify', '/signin/password', '/signin/email-code', '/signin/confidentiality',
  '/immtrac2/login', '/immtrac2/forgot-password', '/forgot-password', '/reset-password', '/password-updated',
  '/report-suspicious', '/forgot-username', '/activate', '/register/citizen', '/register/organization', '/logged-out',
  '/authorize', '/logout',
  '/no/such/screen'];
const SIGNED_IN_SCREENS = ['/dashboard', '/aua', '/portal', '/immtrac2', '/account/password', '/access-requests',
  '/manage-access', '/manage-my-access', '/help', '/forms'];
const STAFF_SCREENS = ['/admin', '/admin/requests', '/admin/audit'];

test(`[${backend}] no screen shows code: anonymous visitor`, async () => {
  const { page, close } = await openPage(stack);
  for (const screen of PUBLIC_SCREENS) {
    await page.goto(stack.base + screen);
    await checkScreen(page, `anonymous ${screen}`);
  }
  await close();
});

test(`[${backend}] no screen shows code: the e-mail code step while "Send again" counts down`, async () => {
  const { page, close } = await openPage(stack);
  const dana = logins.DA1001MO;
  await page.goto(stack.base + '/');
  await page.getByLabel('Username').fill(dana.username);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Select Password' }).click();
  await page.getByLabel('Password').fill(dana.password);
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('button', { name: 'Send me an email' }).click();
  const resend = page.getByRole('button', { name: /Send again in \d+ s/ });
  await resend.waitFor();
  assert.ok(await resend.isDisabled(), 'the countdown really disables the button');
  await checkScreen(page, 'verify with your email');
  await close();
});

for (const [who, login, email, screens] of [
  ['user', 'DA1001MO', 'dana.morales@example.org', SIGNED_IN_SCREENS],
  ['POC', 'PA1234SA', 'pat.sanchez@example.org', SIGNED_IN_SCREENS],
  ['support', 'sam.support@dshs.texas.gov', 'sam.support@dshs.texas.gov', [...SIGNED_IN_SCREENS, ...STAFF_SCREENS]],
]) {
  test(`[${backend}] no screen shows code: ${who}`, async () => {
    const { page, problems, close } = await openPage(stack);
    await signIn(stack, page, logins[login], email);
    for (const screen of screens) {
      await page.goto(stack.base + screen);
      await checkScreen(page, `${who} ${screen}`);
    }
    assert.deepEqual(problems, [], 'no script errors');
    await close();
  });

  test(`[${backend}] no link the app shows leads to "Page not found": ${who}`, async () => {
    const { page, close } = await openPage(stack);
    await signIn(stack, page, logins[login], email);
    // Every screen reachable by links from the dashboard, breadth first.
    const seen = new Set();
    const queue = ['/dashboard'];
    const deadEnds = [];
    while (queue.length > 0 && seen.size < 60) {
      const screen = queue.shift();
      if (seen.has(screen)) continue;
      seen.add(screen);
      await page.goto(stack.base + screen);
      await page.locator('h1').first().waitFor();
      await page.waitForLoadState('networkidle').catch(() => {});
      if (await page.getByRole('heading', { name: 'Page not found' }).count() > 0) deadEnds.push(screen);
      const links = await page.$$eval('a[href]', (anchors) => anchors.map((a) => a.href));
      for (const href of links) {
        const url = new URL(href);
        if (url.origin !== new URL(stack.base).origin) continue;
        const target = url.pathname + url.search;
        if (!seen.has(target)) queue.push(target);
      }
    }
    assert.deepEqual(deadEnds, [], `links lead to "Page not found" (visited: ${[...seen].join(', ')})`);
    assert.ok(seen.size >= 8, `the walk reached the app's screens: ${[...seen].join(', ')}`);
    await close();
  });
}
