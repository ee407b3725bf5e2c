// Central office through the agency directory (docs/directory.md) in
// Chromium, against a real OpenLDAP server over LDAPS: the first sign-in
// creates the account, the ImmTrac2 door takes the directory password, a
// directory state is told in its own words, and a directory that does not
// answer stops central office only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { assertAccessible, demoLogins, openPage, repoRoot, signIn, signInSteps, startDirectory, startStack } from './harness.mjs';

const backend = process.env.IAM_TEST_DB || 'sqlite';
const shots = path.join(repoRoot, 'tests/e2e/test-results/screens');
let stack;
let directory;
let logins;

before(async () => {
  fs.mkdirSync(shots, { recursive: true });
  directory = await startDirectory();
  stack = await startStack({ env: directory.env });
  logins = demoLogins(stack.run(['seed-demo']));
  stack.run(['create-org', '--code', 'CO0001', '--name', 'Central Office']);
});
after(async () => {
  await stack?.stop();
  directory?.stop();
});

test(`[${backend}] a central-office person signs in with the network password; the account comes from the directory`, async () => {
  const email = 'blake.browser@dshs.texas.gov';
  const { page, problems, close } = await openPage(stack);
  await page.goto(stack.base + '/');
  await signInSteps(stack, page, { username: email, password: directory.password }, email);
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  await page.getByText('Welcome, Blake Browser.').waitFor();
  await assertAccessible(page, 'dashboard of a directory account');
  await page.screenshot({ path: path.join(shots, `${backend}-directory-dashboard.png`), fullPage: true });
  // The portal keeps no password to change: the page says where it is changed.
  await page.getByRole('link', { name: 'Change password' }).first().click();
  await page.getByText('Your password is your HHS/DSHS network password.', { exact: false }).waitFor();
  assert.equal(await page.getByLabel('Current password').count(), 0);
  await assertAccessible(page, 'change password of a directory account');
  await page.screenshot({ path: path.join(shots, `${backend}-directory-change-password.png`), fullPage: true });
  assert.deepEqual(problems, []);
  await close();
});

test(`[${backend}] the ImmTrac2 door takes the network password and the org code the groups grant`, async () => {
  const email = 'riley.park@hhs.texas.gov';
  const { page, problems, close } = await openPage(stack);
  await page.goto(stack.base + '/immtrac2/login');
  await page.getByLabel('Org Code').fill('CO0001');
  await page.getByLabel('Username').fill(email);
  await page.getByLabel('Password').fill(directory.password);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.getByRole('button', { name: 'Send me an email' }).waitFor();
  await page.screenshot({ path: path.join(shots, `${backend}-directory-immtrac2.png`), fullPage: true });
  assert.deepEqual(problems, []);
  await close();
});

test(`[${backend}] a directory state is told in its own words, and only to the right password`, async () => {
  const { page, close } = await openPage(stack);
  await page.goto(stack.base + '/');
  await page.getByLabel('Username').fill('casey.expired@dshs.texas.gov');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Select Password' }).click();
  await page.getByLabel('Password').fill(directory.password);
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('alert').filter({ hasText: 'Your network password has expired.' }).waitFor();
  await assertAccessible(page, 'directory password expired');
  await page.screenshot({ path: path.join(shots, `${backend}-directory-expired.png`), fullPage: true });
  await close();
});

test(`[${backend}] support links a portal account to the directory, and its owner signs in with the network password`, async () => {
  const email = 'quinn.leaves@dshs.texas.gov';
  const printed = stack.run(['create-user', '--type', 'central-office', '--first-name', 'Quinn', '--last-name', 'Earlier',
    '--email', email, '--org', 'CO0001']);
  const username = /created user (\S+) /.exec(printed)[1];
  const staff = await openPage(stack);
  const p = staff.page;
  await signIn(stack, p, logins['sam.support@dshs.texas.gov'], 'sam.support@dshs.texas.gov');
  await p.getByRole('link', { name: 'Support console' }).click();
  await p.getByLabel('Username, e-mail address or name').fill('quinn.leaves');
  await p.getByRole('button', { name: 'Search' }).click();
  await p.getByRole('status').filter({ hasText: '1 account(s) found.' }).waitFor();
  // The list says whose password is where.
  await p.getByRole('cell', { name: 'Portal', exact: true }).waitFor();
  await p.getByRole('link', { name: username }).click();
  await p.getByText('Kept by the portal').waitFor();
  await p.getByRole('button', { name: 'Link to the directory' }).click();
  await p.getByText(/Link this account to its owner's HHS\/DSHS network account/).waitFor();
  await assertAccessible(p, 'link to the directory confirmation');
  await p.screenshot({ path: path.join(shots, `${backend}-directory-link-confirm.png`), fullPage: true });
  await p.getByRole('button', { name: 'Yes, link it' }).click();
  await p.getByText('The account is linked: it now signs in with the HHS/DSHS network password.').waitFor();
  await p.getByText(/HHS\/DSHS network \(directory\), last synced/).waitFor();
  assert.equal(await p.getByRole('button', { name: 'Link to the directory' }).count(), 0);
  assert.equal(await p.getByRole('button', { name: 'Require a new password' }).count(), 0);
  await p.screenshot({ path: path.join(shots, `${backend}-directory-linked.png`), fullPage: true });
  assert.deepEqual(staff.problems, []);
  await staff.close();

  // Quinn never activated the portal account: the network password is enough.
  const { page, problems, close } = await openPage(stack);
  await page.goto(stack.base + '/');
  await signInSteps(stack, page, { username: email, password: directory.password }, email);
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  await page.getByText('Welcome, Quinn Leaves.').waitFor();
  assert.deepEqual(problems, []);
  await close();
});

test(`[${backend}] with the directory down, central office hears why and everyone else signs in`, async () => {
  directory.stop();
  try {
    const { page, close } = await openPage(stack);
    await page.goto(stack.base + '/');
    await page.getByLabel('Username').fill('jordan.lee@dshs.texas.gov');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Select Password' }).click();
    await page.getByLabel('Password').fill(directory.password);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('alert').filter({ hasText: 'The agency directory is not answering' }).waitFor();
    await page.screenshot({ path: path.join(shots, `${backend}-directory-down.png`), fullPage: true });
    await close();
    const other = await openPage(stack);
    await signIn(stack, other.page, logins.DA1001MO, 'dana.morales@example.org');
    await other.close();
  } finally {
    directory.start();
  }
});
