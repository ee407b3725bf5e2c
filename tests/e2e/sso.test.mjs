// Single sign-on (docs/oidc.md), proven by certified client software: two
// relying parties built on openid-client sign their users in through the
// portal's own screens in Chromium, and verify what they receive.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { assertAccessible, demoLogins, openPage, signIn, signInSteps, startStack } from './harness.mjs';
import { registerRelyingParty, startRelyingParty } from './relying-party.mjs';

const backend = process.env.IAM_TEST_DB || 'sqlite';
const shots = path.join(path.dirname(new URL(import.meta.url).pathname), 'test-results', 'screens');
let stack;
let logins;
let vaos;
let syntropi;

before(async () => {
  stack = await startStack();
  logins = demoLogins(stack.run(['seed-demo']));
  fs.mkdirSync(shots, { recursive: true });
  vaos = await startRelyingParty({ name: 'VAOS (demo)', issuer: stack.base });
  await registerRelyingParty(stack, vaos, { clientId: 'vaos-demo', name: 'VAOS (demo)', application: 'vaos' });
  syntropi = await startRelyingParty({ name: 'Syntropi (demo)', issuer: stack.base });
  await registerRelyingParty(stack, syntropi, { clientId: 'syntropi-demo', name: 'Syntropi (demo)', idTokenAlg: 'EdDSA' });
});
after(async () => {
  await vaos?.stop();
  await syntropi?.stop();
  await stack?.stop();
});

const shot = (page, name) => page.screenshot({ path: path.join(shots, `${backend}-sso-${name}.png`), fullPage: true });

test(`[${backend}] an application signs its user in through the portal's screens, and a second one without a prompt`, async () => {
  const { page, problems, close } = await openPage(stack);
  await page.goto(vaos.base + '/login');
  // The portal's sign-in, saying where it leads.
  await page.getByText('Sign in to continue to VAOS.').waitFor();
  await assertAccessible(page, 'sign-in for an application');
  await shot(page, 'sign-in-continuing');
  await signInSteps(stack, page, logins.DA1001MO, 'dana.morales@example.org');
  // Back at the application, signed in with verified claims.
  await page.getByRole('heading', { name: 'Signed in as Dana Morales' }).waitFor();
  await shot(page, 'relying-party-signed-in');
  const first = await (await page.request.get(vaos.base + '/claims.json')).json();
  assert.equal(first.claims.preferred_username, 'DA1001MO');
  assert.equal(first.claims.email, 'dana.morales@example.org');
  assert.deepEqual(first.claims.amr, ['pwd', 'otp']);
  assert.equal(first.userinfo.sub, first.claims.sub);
  assert.ok(first.claims.organizations.length >= 1, JSON.stringify(first.claims));

  // The second application: the portal session signs the user in at once.
  await page.goto(syntropi.base + '/login');
  await page.getByRole('heading', { name: 'Signed in as Dana Morales' }).waitFor();
  const second = await (await page.request.get(syntropi.base + '/claims.json')).json();
  assert.equal(second.claims.sub, first.claims.sub, 'one person, one subject');

  // Signing out of the portal signs out of both applications, over the
  // back channel.
  await page.goto(stack.base + '/dashboard');
  await page.getByRole('button', { name: 'Logout' }).click();
  await page.getByText(/You are now logged out/).waitFor();
  for (const rp of [vaos, syntropi]) {
    for (let i = 0; i < 100 && !rp.loggedOut.includes(first.claims.sid); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(rp.loggedOut.includes(first.claims.sid), `${rp.base} was told the session ended`);
    await page.goto(rp.base + '/');
    await page.getByText('You are not signed in.').waitFor();
  }
  assert.deepEqual(problems, []);
  await close();
});

test(`[${backend}] a tile on the dashboard opens its application signed in, through its initiate-login address`, async () => {
  const { page, problems, close } = await openPage(stack);
  await signIn(stack, page, logins.DA1001MO, 'dana.morales@example.org');
  const tile = page.getByRole('link', { name: 'VAOS', exact: true });
  assert.match(await tile.getAttribute('href'), new RegExp(`^${vaos.base}/initiate-login\\?iss=`));
  await tile.click();
  await page.getByRole('heading', { name: 'Signed in as Dana Morales' }).waitFor();
  assert.ok(page.url().startsWith(vaos.base), page.url());
  await shot(page, 'tile-landed');
  assert.deepEqual(problems, []);
  await close();
});

test(`[${backend}] an application signs its user out of the portal and gets them back on its own page`, async () => {
  const { page, problems, close } = await openPage(stack);
  await page.goto(vaos.base + '/login');
  await signInSteps(stack, page, logins.PA1234SA, 'pat.sanchez@example.org');
  await page.getByRole('heading', { name: /^Signed in as/ }).waitFor();
  await page.getByRole('link', { name: 'Sign out' }).click();
  // The ID token named the session: no question, straight back.
  await page.getByText('You are signed out of this application and of IAMOnline.').waitFor();
  // The portal session is over: its refresh cookie gets no new token.
  const refresh = await page.request.post(stack.base + '/api/v1/session/refresh', { headers: { 'X-IAM-Client': 'web' } });
  assert.equal(refresh.status(), 401);
  assert.deepEqual(problems, []);
  await close();
});

test(`[${backend}] a user without a signed AUA is stopped at the AUA and continues to the application after signing it`, async () => {
  // An application behind an AUA-gated tile of the catalogue.
  const gated = await startRelyingParty({ name: 'ImmTrac2 (demo)', issuer: stack.base });
  await registerRelyingParty(stack, gated, { clientId: 'immtrac2-demo', name: 'ImmTrac2 (demo)', application: 'immtrac2' });
  try {
    const { page, problems, close } = await openPage(stack);
    await page.goto(gated.base + '/login');
    await page.getByText('Sign in to continue to').waitFor();
    await signInSteps(stack, page, logins['jane.doe@dshs.texas.gov'], 'jane.doe@dshs.texas.gov');
    await page.getByRole('heading', { name: 'Acceptable Use Agreement' }).waitFor();
    await page.getByText('needs a signed Acceptable Use Agreement').waitFor();
    await shot(page, 'aua-gate');
    await page.getByLabel(/I have read, understand, and will comply/).check();
    await page.getByLabel(/A contractor/).check();
    await page.getByLabel('Explanation *').fill('Registry support for the agency');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('heading', { name: /^Signed in as Jane Doe/ }).waitFor();
    assert.deepEqual(problems, []);
    await close();
  } finally {
    await gated.stop();
  }
});

test(`[${backend}] a third-party application asks for consent once, and Manage My Access takes it back`, async () => {
  const partner = await startRelyingParty({ name: 'Partner Reports', issuer: stack.base });
  await registerRelyingParty(stack, partner, { clientId: 'partner-reports', name: 'Partner Reports', consentRequired: true });
  try {
    const { page, problems, close } = await openPage(stack);
    await page.goto(partner.base + '/login');
    await signInSteps(stack, page, logins.PA1234SA, 'pat.sanchez@example.org');
    await page.getByRole('heading', { name: 'Allow access?' }).waitFor();
    await page.getByText('Your e-mail address').waitFor();
    await assertAccessible(page, 'consent screen');
    await shot(page, 'consent');
    await page.getByRole('button', { name: 'Allow', exact: true }).click();
    await page.getByRole('heading', { name: /^Signed in as/ }).waitFor();
    // Remembered: the next sign-in asks nothing.
    await page.goto(partner.base + '/login');
    await page.getByRole('heading', { name: /^Signed in as/ }).waitFor();

    await page.goto(stack.base + '/manage-my-access');
    await page.getByRole('heading', { name: 'Applications you allowed' }).waitFor();
    await page.getByText('Partner Reports', { exact: true }).waitFor();
    await shot(page, 'manage-my-access');
    await page.getByRole('button', { name: 'Revoke access for Partner Reports' }).click();
    await page.getByText('Partner Reports no longer has access to your account.').waitFor();
    await page.getByText("You have not allowed any application outside the agency's catalogue.").waitFor();
    // Asked again.
    await page.goto(partner.base + '/login');
    await page.getByRole('heading', { name: 'Allow access?' }).waitFor();
    await page.getByRole('button', { name: "Don't Allow" }).click();
    await page.getByText(/access_denied: The user did not allow the application/).waitFor();
    assert.deepEqual(problems, []);
    await close();
  } finally {
    await partner.stop();
  }
});
