// SMTP outage: with maildev down, 20 mails are triggered across four flows;
// the API is restarted, then maildev: every one of the 20 arrives, once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from '../e2e/harness.mjs';
import { PASSWORD, bulkUsername, eventually, ok, signInToEmailCode } from './client.mjs';

const backend = process.env.IAM_TEST_DB || 'sqlite';
let stack;

before(async () => {
  stack = await startStack({
    browser: false,
    // The outbox warns of each failed attempt: expected here, and many.
    env: { RUST_LOG: 'error', IAM_RATE_LIMIT_PER_MINUTE: '100000', IAM_OUTBOX_RETRY_BASE_MS: '300', IAM_OUTBOX_RETRY_MAX_MS: '1000' },
  });
  stack.run(['seed-bulk', '--users', '15'], { IAM_SEED_PASSWORD: PASSWORD });
});
after(async () => { await stack?.stop(); });

test(`[${backend}] mails queued while SMTP is down arrive exactly once after the API and SMTP restart`, async () => {
  await stack.stopMail();
  const expected = [];
  for (let i = 0; i < 5; i += 1) {
    await signInToEmailCode(stack.base, bulkUsername(i));
    expected.push(`bulk${i}@bulk.example`);
  }
  for (let i = 5; i < 10; i += 1) {
    const { recovery_id: id } = await ok(stack.base, 'POST', '/password/recovery', { body: { identifier: bulkUsername(i) } });
    await ok(stack.base, 'POST', `/password/recovery/${id}/send`, { body: {} });
    expected.push(`bulk${i}@bulk.example`);
  }
  for (let i = 10; i < 15; i += 1) {
    await ok(stack.base, 'POST', '/username/recovery', {
      body: { first_name: 'Bulk', last_name: `User${i}`, email: `bulk${i}@bulk.example` },
    });
    expected.push(`bulk${i}@bulk.example`);
  }
  for (let i = 0; i < 5; i += 1) {
    const email = `new${i}@clinic.example`;
    stack.run(['create-user', '--first-name', 'New', '--last-name', `Hire${'ABCDE'[i]}`, '--email', email, '--org', 'BULK']);
    expected.push(email);
  }
  // Let the outbox fail against the dead SMTP port a few times.
  await new Promise((r) => setTimeout(r, 2000));
  await stack.stopApi();
  await stack.startApi();
  await stack.startMail();

  const delivered = await eventually(async () => {
    const mail = await stack.mail();
    return mail.length >= expected.length && mail;
  }, 60000, `${expected.length} mails`);
  // A duplicate would come from a second delivery attempt: give it time.
  await new Promise((r) => setTimeout(r, 3000));
  const recipients = (await stack.mail()).flatMap((m) => m.to.map((t) => t.address)).sort();
  assert.equal(delivered.length >= expected.length, true);
  assert.deepEqual(recipients, [...expected].sort(), 'each of the 20 mails, exactly once');
});
