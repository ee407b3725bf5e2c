// Browser tests of the support console (docs/product.md §9) and the request forms
// (docs/product.md §7) in Debian's Chromium: a POC asks for access, the public form
// registers an organization, support decides both, acts on accounts and
// reads the audit trail. axe-core checks every screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { assertAccessible, demoLogins, openPage, signIn, solveCaptcha, startStack } from './harness.mjs';

const backend = process.env.IAM_TEST_DB || 'sqlite';
const shots = path.join(path.dirname(new URL(import.meta.url).pathname), 'test-results', 'screens');
let stack;
let logins;

before(async () => {
  stack = await startStack();
  logins = demoLogins(stack.run(['seed-demo']));
});
after(async () => { await stack?.stop(); });

test(`[${backend}] a POC requests access and a visitor registers an organization; the forms check like the server`, async () => {
  const { page, problems, close } = await openPage(stack);
  await signIn(stack, page, logins.PA1234SA, 'pat.sanchez@example.org');
  await page.goto(stack.base + '/access-requests');
  await page.getByRole('heading', { name: 'Access Requests' }).waitFor();
  await page.getByText('Currently no data').waitFor();
  await page.getByRole('button', { name: 'Request access' }).click();
  await page.getByText('Enter the org code of your organization.').waitFor();
  await page.getByText('Enter a valid e-mail address.').waitFor();
  await assertAccessible(page, 'access requests with errors');
  await page.getByLabel('Org Code *').fill('12345');
  await page.getByLabel('First Name *').fill('Robin');
  await page.getByLabel('Last Name *').fill('Okafor');
  await page.getByLabel('Email Address *').fill('robin.okafor@example.org');
  await page.getByLabel('Why does this person need access?').fill('New immunization clerk');
  await page.getByRole('button', { name: 'Request access' }).click();
  await page.getByText('Your request for Robin Okafor was sent to support.').waitFor();
  await page.getByRole('cell', { name: 'Waiting for support' }).waitFor();
  await assertAccessible(page, 'access requests');
  await close();

  const visitor = await openPage(stack);
  await visitor.page.goto(stack.base + '/');
  await visitor.page.getByRole('link', { name: 'Request account as non-HHS employee, or register organization' }).click();
  await visitor.page.getByRole('heading', { name: 'Request account as non-HHS employee, or register organization' }).waitFor();
  await visitor.page.getByLabel(/Register my organization/).check();
  await visitor.page.getByLabel('First Name *').fill('Dana');
  await visitor.page.getByLabel('Last Name *').fill('Lee');
  await visitor.page.getByLabel('Email Address *').fill('dana.lee@example.org');
  await visitor.page.getByLabel('Organization Name *').fill('Hill Country Clinic');
  await solveCaptcha(visitor.page);
  await assertAccessible(visitor.page, 'register organization');
  await visitor.page.getByRole('button', { name: 'Send request' }).click();
  await visitor.page.getByText(/Your request has been received/).waitFor();
  await stack.mailTo('dana.lee@example.org', 'Your IAMOnline request was received');

  await visitor.page.goto(stack.base + '/register/citizen');
  // Names are plain names, and central office addresses are refused, in words.
  await visitor.page.getByLabel('First Name *').fill('Casey2');
  await visitor.page.getByLabel('Last Name *').fill('Jones');
  await visitor.page.getByLabel('Email Address *').fill('casey.jones@dshs.texas.gov');
  await visitor.page.getByRole('button', { name: 'Create account' }).click();
  await visitor.page.getByText('Use letters, spaces, hyphens and apostrophes only (at most 64).').waitFor();
  await visitor.page.getByText('Type the characters shown in the image.').waitFor();
  await visitor.page.getByLabel('First Name *').fill('Casey');
  await solveCaptcha(visitor.page);
  await visitor.page.getByRole('button', { name: 'Create account' }).click();
  await visitor.page.getByText(/Central office staff sign in with their network account/).waitFor();
  await visitor.page.getByLabel('Email Address *').fill('casey.jones@example.com');
  await solveCaptcha(visitor.page);
  await assertAccessible(visitor.page, 'citizen registration');
  await visitor.page.getByRole('button', { name: 'Create account' }).click();
  await visitor.page.getByText(/Check your e-mail/).waitFor();
  const welcome = await stack.mailTo('casey.jones@example.com', 'Welcome to IAMOnline');
  assert.match(welcome.text, /Username: casey\.jones@example\.com/);
  assert.deepEqual([...problems, ...visitor.problems], []);
  await visitor.close();
});

test(`[${backend}] support decides requests, acts on accounts and reads the audit trail`, async () => {
  const { page, problems, close } = await openPage(stack);
  // A plain user is refused the console in words.
  await signIn(stack, page, logins.DA1001MO, 'dana.morales@example.org');
  await page.goto(stack.base + '/admin');
  await page.getByText('This page is for registry support staff.').waitFor();
  await close();

  const staff = await openPage(stack);
  const p = staff.page;
  await signIn(stack, p, logins['sam.support@dshs.texas.gov'], 'sam.support@dshs.texas.gov');
  await p.getByRole('link', { name: 'Support console' }).click();
  await p.getByRole('heading', { name: 'Support console' }).waitFor();
  await p.getByRole('status').filter({ hasText: 'account(s) found' }).waitFor();
  await assertAccessible(p, 'support console');
  // The evidence export downloads every acceptance as CSV.
  const [download] = await Promise.all([
    p.waitForEvent('download'),
    p.getByRole('button', { name: 'Export as CSV' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'acceptance-evidence.csv');
  const csv = fs.readFileSync(await download.path(), 'utf8');
  assert.match(csv.split('\r\n')[0], /^accepted_at,document,version,content_sha256,username/);
  assert.match(csv, /"confidentiality".*"sam\.support@dshs\.texas\.gov"/);
  await p.getByText(/Downloaded acceptance-evidence\.csv \(\d+ acceptance\(s\)\)\./).waitFor();

  // Create a user: the Welcome e-mail goes out over SMTP.
  await p.getByRole('button', { name: 'Create user' }).click();
  await p.getByText('Enter a first name.').waitFor();
  await assertAccessible(p, 'create a user with errors');
  await p.getByLabel('First name', { exact: true }).fill('Ada');
  await p.getByLabel('Last name', { exact: true }).fill('Byron');
  await p.getByLabel('E-mail address', { exact: true }).fill('ada.byron@example.org');
  await p.getByLabel('Org code', { exact: true }).fill('12345');
  await p.getByRole('button', { name: 'Create user' }).click();
  await p.getByText(/The account AD\d{4}BY was created/).waitFor();
  await stack.mailTo('ada.byron@example.org', 'Welcome to IAMOnline');

  // Find Dana, disable and enable her account.
  await p.getByLabel('Username, e-mail address or name').fill('dana.mor');
  await p.getByRole('button', { name: 'Search' }).click();
  await p.getByRole('status').filter({ hasText: '1 account(s) found.' }).waitFor();
  await p.getByRole('link', { name: 'DA1001MO' }).click();
  await p.getByRole('heading', { name: 'Dana Morales (DA1001MO)' }).waitFor();
  await p.getByRole('cell', { name: 'Sent' }).first().waitFor();
  await assertAccessible(p, 'user detail');
  await p.getByRole('button', { name: 'Disable account' }).click();
  await p.getByText(/Disable the account of Dana Morales\?/).waitFor();
  await assertAccessible(p, 'disable confirmation');
  await p.getByRole('button', { name: 'Yes, disable' }).click();
  await p.getByText('The account is disabled.').waitFor();
  await p.getByRole('button', { name: 'Enable account' }).click();
  await p.getByText('The account is enabled.').waitFor();

  // The pending demo account gets a new Welcome e-mail.
  await p.getByRole('link', { name: 'Find a user' }).click();
  await p.getByLabel('Status').selectOption('pending_activation');
  await p.getByRole('button', { name: 'Search' }).click();
  await p.getByRole('cell', { name: 'Lee Nguyen' }).waitFor();
  await p.getByRole('row', { name: /Lee Nguyen/ }).getByRole('link').click();
  await p.getByRole('button', { name: 'Resend activation e-mail' }).click();
  await p.getByText(/A new Welcome e-mail is on its way/).waitFor();
  await stack.mailTo('lee.nguyen@example.org', 'Welcome to IAMOnline', 1);

  // Requests: approve the POC's, give the new organization its code.
  await p.getByRole('link', { name: 'Access requests' }).click();
  await p.getByRole('heading', { name: 'Access requests' }).waitFor();
  const robin = p.getByRole('article', { name: 'Request for Robin Okafor' });
  await robin.waitFor();
  await assertAccessible(p, 'access requests (support)');
  await robin.getByRole('button', { name: 'Approve' }).click();
  await p.getByText(/Approved\. The account \S+ was created/).waitFor();
  await stack.mailTo('robin.okafor@example.org', 'Welcome to IAMOnline');
  const clinic = p.getByRole('article', { name: 'Request for Dana Lee' });
  await clinic.getByRole('button', { name: 'Approve' }).click();
  await clinic.getByText('Enter an org code (letters and digits) for the account\'s organization.').waitFor();
  await clinic.getByLabel('Org code for the account').fill('HCC01');
  await clinic.getByRole('button', { name: 'Approve' }).click();
  await p.getByText(/Approved\. The account \S+ was created/).waitFor();
  await p.getByText('Currently no data').waitFor();

  // The audit trail shows the disable, by type.
  await p.getByRole('link', { name: 'Audit trail' }).click();
  await p.getByRole('heading', { name: 'Audit trail' }).waitFor();
  await p.getByRole('status').filter({ hasText: 'event(s) shown.' }).waitFor();
  await p.getByLabel('Event type').fill('admin_disabled');
  await p.getByRole('button', { name: 'Filter' }).click();
  await p.getByRole('status').filter({ hasText: '1 event(s) shown.' }).waitFor();
  await p.getByRole('cell', { name: 'admin_disabled' }).waitFor();
  await assertAccessible(p, 'audit trail');
  assert.deepEqual(staff.problems, []);
  assert.deepEqual(problems, []);
  await staff.close();
});

test(`[${backend}] an admin adds an application to the catalogue in the console; its secret is shown once`, async () => {
  const { page, problems, close } = await openPage(stack);
  // Support staff see the catalogue refused in words.
  await signIn(stack, page, logins['sam.support@dshs.texas.gov'], 'sam.support@dshs.texas.gov');
  await page.goto(stack.base + '/admin/applications');
  await page.getByText('Only an administrator manages the application catalogue.').waitFor();
  await close();

  const admin = await openPage(stack);
  const p = admin.page;
  await signIn(stack, p, logins['alex.admin@dshs.texas.gov'], 'alex.admin@dshs.texas.gov');
  await p.goto(stack.base + '/admin');
  await p.getByRole('link', { name: 'Applications' }).click();
  await p.getByRole('heading', { name: 'Applications', level: 1 }).waitFor();
  await p.getByRole('cell', { name: /^VAOS/ }).waitFor();
  // A bad launch address is named, and nothing is added.
  await p.getByLabel('Id (also the client id)').fill('partner-reports');
  await p.getByLabel('Name').fill('Partner Reports');
  await p.getByLabel('Launch address').fill('https://reports.example.gov/');
  await p.getByLabel(/^Redirect URI/).fill('http://reports.example.gov/callback');
  await p.getByRole('button', { name: 'Add application' }).click();
  await p.getByText(/client\.redirect_uris|must be https/).first().waitFor();
  await p.getByLabel(/^Redirect URI/).fill('https://reports.example.gov/callback');
  await p.getByLabel(/^Initiate-login URI/).fill('https://reports.example.gov/login');
  await p.getByLabel(/ask users for consent/).check();
  await p.getByRole('button', { name: 'Add application' }).click();
  await p.getByText('The client secret of Partner Reports. Copy it now: it is not shown again.').waitFor();
  await p.getByRole('cell', { name: /^Partner Reports/ }).waitFor();
  await assertAccessible(p, 'application catalogue');
  fs.mkdirSync(shots, { recursive: true });
  await p.screenshot({ path: path.join(shots, `${backend}-console-applications.png`), fullPage: true });
  // Edited: the form fills with the entry; who may use it narrows.
  await p.getByRole('button', { name: 'Edit Partner Reports' }).click();
  await p.getByRole('heading', { name: 'Edit Partner Reports' }).waitFor();
  assert.equal(await p.getByLabel(/^Redirect URIs/).inputValue(), 'https://reports.example.gov/callback');
  await p.getByLabel(/^Redirect URIs/).fill('https://reports.example.gov/callback\nhttps://reports.example.gov/other');
  await p.getByLabel('Administrators').check();
  await p.screenshot({ path: path.join(shots, `${backend}-console-application-edit.png`), fullPage: true });
  // (After the full-page screenshot: the fill scrolls the form back into place.)
  await p.getByLabel('Access token lifetime (seconds)').fill('600');
  await p.getByRole('button', { name: 'Save changes' }).click();
  await p.getByRole('heading', { name: 'Add an application' }).waitFor();
  await p.getByRole('row', { name: /Partner Reports.*roles: Administrators/ }).waitFor();
  // Disabled, then enabled again.
  await p.getByRole('button', { name: 'Disable client of Partner Reports' }).click();
  await p.getByRole('button', { name: 'Enable client of Partner Reports' }).click();
  await p.getByRole('button', { name: 'Disable client of Partner Reports' }).waitFor();
  assert.deepEqual(problems, []);
  assert.deepEqual(admin.problems, []);
  await admin.close();
});
