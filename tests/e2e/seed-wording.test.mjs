// Registry staff were trained on the ImmTrac2 video (seed 000) and the
// IAMOnline webinar (seed 001): each step of both doors shows what they
// were shown. The expected texts are the seeds' own words (the
// comments name the slide or passage); docs/product.md §12 is the full table.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoLogins, openPage, signInSteps, startStack } from './harness.mjs';

const backend = process.env.IAM_TEST_DB || 'sqlite';
let stack;
let logins;

before(async () => {
  stack = await startStack();
  logins = demoLogins(stack.run(['seed-demo']));
});
after(async () => { await stack?.stop(); });

/** Every text in `seed` is on the screen (waits for the step to render). */
async function showsSeed(page, step, seed) {
  const missing = await page.waitForFunction((wanted) => {
    const shown = document.body.innerText.replace(/\s+/g, ' ');
    const absent = wanted.filter((t) => !shown.includes(t));
    return absent.length === 0 ? [] : null;
  }, seed, { timeout: 10000 }).then((h) => h.jsonValue()).catch(async () => {
    const shown = (await page.evaluate(() => document.body.innerText)).replace(/\s+/g, ' ');
    return seed.filter((t) => !shown.includes(t));
  });
  assert.deepEqual(missing, [], `${step}: the seed's words missing from the screen`);
}

// The links under every IAMOnline step (seed 001, on each screen shown).
const STEP_LINKS = [
  'Back to sign in',
  'Create a new account as a citizen',
  'Request account as non-HHS employee, or register organization',
  'Sign Acceptable Use Agreement',
];

async function emailCodeFrom(email, earlier) {
  const mail = await stack.mailTo(email, 'IAMOnline | Your Email Verification', earlier);
  return mail.text.match(/Enter this code: (\d{6})/)[1];
}

const codesTo = async (email) =>
  (await stack.mail()).filter((m) => m.subject === 'IAMOnline | Your Email Verification' && m.to.some((t) => t.address === email)).length;

test(`[${backend}] the IAMOnline door reads as the webinar shows it, step by step`, async () => {
  const dana = logins.DA1001MO;
  const email = 'dana.morales@example.org';
  const { page, problems, close } = await openPage(stack);
  await page.goto(stack.base + '/');
  // "Access IAMOnline".
  await showsSeed(page, 'IAMOnline - Sign In', [
    'IAMOnline - Sign In', 'Username', 'Keep me signed in', 'Next',
    'Forgot Password? (HHS/DSHS Emails Only)', 'Forgot Password? (External Users Only)',
    'Forgot Username? (ImmTrac2/VAOS/Syntropi Users Only)', 'Create a new account as a citizen',
    'Request account as non-HHS employee, or register organization', 'Sign Acceptable Use Agreement',
    'System Use Notification',
    'Warning: This is a Texas Health and Human Services information resources system that contains State and/or U.S. Government information. By using this system you acknowledge and agree that you have no right of privacy in connection with your use of the system or your access to the information contained within it. By accessing and using this system you are consenting to the monitoring of your use of the system',
  ]);
  await page.getByLabel('Username').fill(dana.username);
  await page.getByRole('button', { name: 'Next' }).click();
  // "Select Password Security Method".
  await page.getByRole('heading', { name: "Verify it's you with a security method" }).waitFor();
  await showsSeed(page, 'Verify it\'s you', ["Verify it's you with a security method", dana.username,
    'Select from the following options', 'Email', 'Password', 'Select', ...STEP_LINKS]);
  await page.getByRole('button', { name: 'Select Password' }).click();
  // "Enter Your Password".
  await page.getByRole('heading', { name: 'Verify with your password' }).waitFor();
  await showsSeed(page, 'Verify with your password', ['Verify with your password', dana.username, 'Password', 'Verify',
    'Forgot Password? (External Users Only)', 'Verify with something else', ...STEP_LINKS]);
  await page.getByLabel('Password').fill(dana.password);
  await page.getByRole('button', { name: 'Verify' }).click();
  // "Send Me an Email".
  await page.getByRole('heading', { name: 'Get a verification email' }).waitFor();
  await showsSeed(page, 'Get a verification email', ['Get a verification email', dana.username,
    'Send a verification email to d***s@example.org by clicking on "Send me an email".', 'Send me an email', ...STEP_LINKS]);
  const earlier = await codesTo(email);
  await page.getByRole('button', { name: 'Send me an email' }).click();
  // "Enter Verification Code".
  await page.getByRole('heading', { name: 'Verify with your email' }).waitFor();
  await showsSeed(page, 'Verify with your email', ['Verify with your email', dana.username,
    "Haven't received an email?", 'Send again',
    'We sent an email to d***s@example.org. Enter the verification code in the text box.',
    'Enter Code', 'Verify', 'Back to sign in']);
  // The e-mail: subject, greeting, the code, five minutes, the Help Desk, the sign-off.
  const code = await emailCodeFrom(email, earlier);
  const mail = await stack.mailTo(email, 'IAMOnline | Your Email Verification', earlier);
  for (const fact of ['Hi Dana,', 'You have requested an email verification code to sign in to IAMOnline.',
    'Enter the verification code into IAMOnline. The code will expire in five (5) minutes', `Enter this code: ${code}`,
    'For further help or if this email was received in error, please contact the IT Help Desk at 512-438-4720 or 855-435-7181 (toll-free)',
    'Thank you,\nIAM Team']) {
    assert.ok(mail.text.includes(fact), `the code e-mail says ${JSON.stringify(fact)}:\n${mail.text}`);
  }
  await page.getByLabel('Enter Code').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('heading', { name: 'Confidentiality Statement' }).waitFor();
  await showsSeed(page, 'Confidentiality Statement', ['Confidentiality Statement', 'I Agree',
    'unauthorized disclosure of personal, identifiable information is strictly prohibited']);
  await page.getByRole('button', { name: 'I Agree' }).click();
  // "Dashboard of Applications".
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  await showsSeed(page, 'Dashboard', ['My Apps', 'My Applications', 'Authorized Help Guide', 'Manage Access (Beta)',
    'ImmTrac2', 'Texas Immunization Registry', 'Forms', 'Manage My Access', 'Access Requests',
    'Sign AUA Form', 'Policy Violations', 'Approvals', 'Latest Violation Work Items', 'My Access Reviews',
    'Latest Approvals', 'Currently no data']);
  assert.deepEqual(problems, []);
  await close();
});

test(`[${backend}] the ImmTrac2 door reads as the training video shows it`, async () => {
  const pat = logins.PA1234SA;
  const email = 'pat.sanchez@example.org';
  const { page, problems, close } = await openPage(stack);
  await page.goto(stack.base + '/immtrac2/login');
  // "Logging into ImmTrac2".
  await showsSeed(page, 'ImmTrac2 Login', ['Org Code', 'Username', 'Password', 'Login', 'Forgot Password',
    'Forgot Username', 'Registration', 'Request Access', 'Only authorized users have access to ImmTrac2.',
    'Point of Contact (POC)', '1-800-348-9158', 'ImmTrac2@dshs.texas.gov']);
  // "Login Issue": the Validation Error dialog with OK.
  await page.getByLabel('Org Code').fill(pat.org);
  await page.getByLabel('Username').fill(pat.username);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Login' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Validation Error' });
  await dialog.waitFor();
  await showsSeed(page, 'Validation Error', ['Validation Error', 'The Org Code, Username and Password combination is invalid.', 'OK']);
  await dialog.getByRole('button', { name: 'OK' }).click();
  await page.getByLabel('Password').fill(pat.password);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.getByRole('heading', { name: 'Get a verification email' }).waitFor();
  const earlier = await codesTo(email);
  await page.getByRole('button', { name: 'Send me an email' }).click();
  await page.getByLabel('Enter Code').fill(await emailCodeFrom(email, earlier));
  await page.getByRole('button', { name: 'Verify' }).click();
  // "Read the Confidentiality Statement and then click the I Agree button".
  await page.getByRole('heading', { name: 'Confidentiality Statement' }).waitFor();
  await showsSeed(page, 'Confidentiality Statement', ['Confidentiality Statement', 'I Agree']);
  await page.getByRole('button', { name: 'I Agree' }).click();
  // Several organizations: the portal view, then the application home.
  await page.getByRole('heading', { name: 'Select an organization' }).waitFor();
  await page.getByRole('button', { name: `(${pat.org})` }).click();
  await page.getByRole('heading', { name: 'ImmTrac2' }).waitFor();
  await showsSeed(page, 'ImmTrac2 home', ['Logout', 'Related Links', 'Online User Manual']);
  // "To log out, click the Logout link … You are now logged out of ImmTrac2."
  await page.getByRole('button', { name: 'Logout' }).click();
  await showsSeed(page, 'Logged out', ['You are now logged out of ImmTrac2.']);
  // "Forgot Password … User Information Screen".
  await page.goto(stack.base + '/immtrac2/forgot-password');
  await showsSeed(page, 'User Information', ['User Information', 'Org Code', 'Username', 'Email Address',
    'Enter your Org Code, Username, and the Email Address that is associated to your ImmTrac2 user account.',
    'Characters displayed', 'Submit']);
  assert.deepEqual(problems, []);
  await close();
});

test(`[${backend}] "Sign Acceptable Use Agreement" from the sign-in page signs in first, then opens the AUA`, async () => {
  const dana = logins.DA1001MO;
  const { page, problems, close } = await openPage(stack);
  await page.goto(stack.base + '/');
  await page.getByRole('link', { name: 'Sign Acceptable Use Agreement' }).click();
  await page.getByText('Please sign in.').waitFor();
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'IAMOnline - Sign In' }).waitFor();
  await signInSteps(stack, page, dana, 'dana.morales@example.org');
  // "Read, Sign, and Submit the AUA": the form, with the policy it signs.
  await page.getByRole('heading', { name: 'Acceptable Use Agreement (AUA)' }).waitFor();
  await showsSeed(page, 'AUA form', ['Acknowledgement',
    'I have read, understand, and will comply with the requirements in the Information Security Acceptable Use Policy.',
    'First Name *', 'Last Name *', 'Your Work Email *', 'Your Work Phone', 'I am (choose one and explain below): *',
    'An employee of HHSC (specify department and division)', 'An employee of DSHS (specify department and division)',
    'An employee of another agency (specify agency, department, and division)',
    'A contractor (specify employer or non-state agency name)',
    'An intern or volunteer (specify agency, department, and division)',
    'Other (specify below if you are an advisory council member or an employee of a private provider)',
    'Comments', 'HHS Employee ID, if applicable', 'Date Agreement Signed *', 'Submit']);
  assert.deepEqual(problems, []);
  await close();
});
