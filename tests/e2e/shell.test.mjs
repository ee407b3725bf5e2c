// Browser tests of the SPA shell in Debian's Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { assertAccessible, startStack, repoRoot } from './harness.mjs';
const backend = process.env.IAM_TEST_DB || 'sqlite';
let stack;

before(async () => { stack = await startStack(); });
after(async () => { await stack?.stop(); });

async function newPage() {
  const context = await stack.browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  return { page, problems, close: () => context.close() };
}

test(`[${backend}] the sign-in page shows the branding and the System Use Notification`, async () => {
  const { page, problems, close } = await newPage();
  await page.goto(stack.base + '/');
  await page.getByRole('heading', { name: 'IAMOnline - Sign In' }).waitFor();
  await page.getByText('Warning: This is a Texas Health and Human Services').waitFor();
  assert.ok(await page.getByLabel('Username').isEditable(), 'the Username field accepts input');
  // Seed 001, "Need Assistance?": which number to call for what.
  await page.getByText('For issues with Syntropi or ImmTrac2 access, call ImmTrac2 Customer Support at 1-800-348-9158, 8:00 a.m. to 4:30 p.m., Monday through Friday, or email ImmTrac2@dshs.texas.gov.').waitFor();
  await page.getByText('For issues signing in to IAMOnline or with Multifactor Authentication (MFA), contact the IT Help Desk at 512-438-4720 or 855-435-7181 (toll-free), 7:00 a.m. to 7:00 p.m. Central Time (CT), Monday through Friday.').waitFor();
  assert.deepEqual(problems, [], 'no console errors (CSP violations included)');
  await close();
});

test(`[${backend}] the shell has no serious or critical axe-core violation`, async () => {
  const { page, close } = await newPage();
  for (const route of ['/', '/forgot-username']) {
    await page.goto(stack.base + route);
    await page.locator('h1').first().waitFor();
    await assertAccessible(page, route);
  }
  await close();
});

test(`[${backend}] every screen of the spec has a route, and unknown paths say so`, async () => {
  const { page, close } = await newPage();
  const screens = ['/signin/verify', '/signin/password', '/signin/recall', '/signin/email-code', '/signin/confidentiality',
    '/immtrac2/login', '/immtrac2/forgot-password', '/immtrac2', '/portal', '/forgot-password', '/reset-password',
    '/password-updated', '/report-suspicious', '/forgot-username', '/activate', '/register/citizen',
    '/register/organization', '/access-requests', '/aua', '/dashboard', '/admin', '/logged-out', '/account/password'];
  for (const screen of screens) {
    const response = await page.goto(stack.base + screen);
    assert.equal(response.status(), 200, `history fallback serves ${screen}`);
    const heading = await page.locator('h1').first().textContent();
    assert.notEqual(heading, 'Page not found', `${screen} has its own screen`);
  }
  await page.goto(stack.base + '/no/such/screen');
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  await close();
});

test(`[${backend}] keyboard users start at the heading, the header's language switch and the skip link are just before it, and an empty username is a clear error`, async () => {
  const { page, close } = await newPage();
  await page.goto(stack.base + '/');
  await page.getByLabel('Username').waitFor();
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  const focused = () => page.evaluate(() => document.activeElement.textContent);
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(), 'Español');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(), 'English');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(), 'Skip to main content');
  await page.getByLabel('Username').focus();
  await page.keyboard.press('Enter');
  await page.getByText('Enter your username.').waitFor();
  assert.equal(await page.getByLabel('Username').getAttribute('aria-invalid'), 'true');
  await close();
});

test(`[${backend}] Forgot Username sends the username through real SMTP`, async () => {
  stack.run(['create-org', '--code', '24680', '--name', 'Harris Clinic']);
  const email = `rosa.${Date.now()}@example.org`;
  const created = stack.run(['create-user', '--first-name', 'Rosa', '--last-name', 'Parks', '--email', email, '--org', '24680']);
  const username = created.match(/created user (\S+)/)[1];
  const { page, close } = await newPage();
  await page.goto(stack.base + '/');
  await page.getByRole('link', { name: /Forgot Username/ }).click();
  await page.getByLabel('First Name').fill('Rosa');
  await page.getByLabel('Last Name').fill('Parks');
  await page.getByLabel('Email Address').fill(email);
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('heading', { name: 'Request Complete' }).waitFor();
  await page.getByText('An email has been sent to the email address on file.').waitFor();
  const deadline = Date.now() + 15000;
  let reminder;
  while (!reminder && Date.now() < deadline) {
    reminder = (await stack.mail()).find((m) => m.subject === 'ImmTrac2 Request' && m.to.some((t) => t.address === email));
    if (!reminder) await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(reminder, 'the username e-mail arrived in maildev');
  assert.match(reminder.text, new RegExp(`Username: ${username}`));
  const welcome = await stack.waitForMail(email);
  assert.ok(welcome, 'the Welcome e-mail of create-user arrived too');
  await close();
});

test(`[${backend}] pages and assets carry security and cache headers`, async () => {
  const page = await fetch(stack.base + '/immtrac2/login');
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /text\/html/);
  assert.match(page.headers.get('content-security-policy'), /frame-ancestors 'none'/);
  assert.doesNotMatch(page.headers.get('content-security-policy'), /unsafe-inline/);
  assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(page.headers.get('referrer-policy'), 'no-referrer', 'a link token in the page URL never leaves it');
  assert.equal(page.headers.get('cache-control'), 'no-cache');
  const html = await page.text();
  const asset = html.match(/\/assets\/[^"]+\.js/)[0];
  const res = await fetch(stack.base + asset, { headers: { 'accept-encoding': 'br, gzip' } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('cache-control'), /immutable/);
  for (const directive of ["object-src 'none'", "base-uri 'none'", "form-action 'self'"]) {
    assert.ok(page.headers.get('content-security-policy').includes(directive), directive);
  }
  // The WebAssembly module: served as such, never sniffed, cached for good.
  const boot = await (await fetch(stack.base + html.match(/\/assets\/boot-[^"]+\.js/)[0])).text();
  const wasmName = boot.match(/iam_web_bg-[^']+\.wasm/)[0];
  const wasm = await fetch(stack.base + '/assets/' + wasmName, { headers: { 'accept-encoding': 'gzip, br' } });
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  assert.equal(wasm.headers.get('x-content-type-options'), 'nosniff');
  assert.match(wasm.headers.get('cache-control'), /immutable/);
  // Brotli made at build time (web/build.sh) for a browser that takes it;
  // the module arrives whole.
  assert.equal(wasm.headers.get('content-encoding'), 'br');
  const built = fs.readFileSync(path.join(repoRoot, 'web/dist/assets', wasmName));
  assert.ok(Buffer.from(await wasm.arrayBuffer()).equals(built), 'the brotli module decodes to the built one');
  const head = await fetch(stack.base + '/assets/' + wasmName, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('content-type'), 'application/wasm');
  // A client that takes only gzip gets it compressed on the fly, whole too.
  const gzipped = await fetch(stack.base + '/assets/' + wasmName, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(gzipped.headers.get('content-encoding'), 'gzip');
  assert.ok(Buffer.from(await gzipped.arrayBuffer()).equals(built));
  // (Dot segments themselves never reach the server: URLs resolve them.)
  for (const outside of ['/assets/..%2Fportal.html', '/assets/x%2F..%2F..%2Fportal.html', '/assets/..%5Cportal.html']) {
    assert.equal((await fetch(stack.base + outside)).status, 404, outside);
  }
  const missing = await fetch(stack.base + '/api/v1/missing');
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get('content-type'), 'application/problem+json');
});

test(`[${backend}] the sign-in page ships at most 200 KB gzipped`, async () => {
  const html = await (await fetch(stack.base + '/')).text();
  const assets = [...html.matchAll(/\/assets\/([^"]+)/g)].map((m) => m[1]);
  const boot = fs.readFileSync(path.join(repoRoot, 'web/dist/assets', assets.find((a) => a.startsWith('boot-'))), 'utf8');
  const wasm = boot.match(/iam_web_bg-[^']+\.wasm/)[0];
  const files = [...new Set([...assets, wasm])];
  const total = files.reduce((sum, f) => sum + zlib.gzipSync(fs.readFileSync(path.join(repoRoot, 'web/dist/assets', f)), { level: 9 }).length, 0)
    + zlib.gzipSync(html).length;
  console.log(`sign-in page transfer: ${(total / 1024).toFixed(1)} KB gzipped (${files.join(', ')})`);
  assert.ok(total <= 200 * 1024, `bundle is ${total} bytes gzipped`);
  // The other screens come in the portal's bundle, loaded only on its pages.
  const portal = await (await fetch(stack.base + '/dashboard')).text();
  assert.notEqual(portal, html, 'the portal pages load their own bundle');
  const portalBoot = portal.match(/\/assets\/(boot-[^"]+)/)[1];
  const portalWasm = fs.readFileSync(path.join(repoRoot, 'web/dist/assets', portalBoot), 'utf8').match(/iam_portal_bg-[^']+\.wasm/)[0];
  const portalSize = zlib.gzipSync(fs.readFileSync(path.join(repoRoot, 'web/dist/assets', portalWasm)), { level: 9 }).length;
  console.log(`portal bundle: ${(portalSize / 1024).toFixed(1)} KB gzipped (${portalWasm})`);
});
