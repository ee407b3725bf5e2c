// Two API processes on one database, sharing nothing but it: the
// failed-password ladder, session revocation and one-time reset tokens hold
// across both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from '../e2e/harness.mjs';
import { PASSWORD, bulkUsername, call, ok, signIn } from './client.mjs';

const backend = process.env.IAM_TEST_DB || 'sqlite';
let stack;
let a;
let b;

before(async () => {
  stack = await startStack({ browser: false, env: { IAM_RATE_LIMIT_PER_MINUTE: '100000' } });
  stack.run(['seed-bulk', '--users', '3'], { IAM_SEED_PASSWORD: PASSWORD });
  a = stack.base;
  b = await stack.startInstance();
});
after(async () => {
  await b?.stop();
  await stack?.stop();
});

/** A failed ImmTrac2 login on `base`, with a CAPTCHA from `base` when due. */
async function failLogin(base, username, captchaDue) {
  const body = { org_code: 'BULK', username, password: 'Wrong-Password-1', keep_signed_in: false };
  if (captchaDue) {
    const captcha = await call(base, 'POST', '/captcha', { body: {} });
    body.captcha = { captcha_id: captcha.json.captcha_id, answer: captcha.headers['x-test-captcha-answer'] };
  }
  return call(base, 'POST', '/login', { body });
}

test(`[${backend}] three failures on each instance lock the account on both`, async () => {
  const username = bulkUsername(0);
  const answers = [];
  for (let i = 0; i < 3; i += 1) answers.push(await failLogin(a, username, false));
  for (let i = 0; i < 3; i += 1) answers.push(await failLogin(b.base, username, true));
  assert.deepEqual(answers.map((r) => r.json.attempts_remaining), [5, 4, 3, 2, 1, 0]);
  assert.equal(answers[5].json.next_step, 'locked');
  for (const base of [a, b.base]) {
    const right = await call(base, 'POST', '/login', {
      body: { org_code: 'BULK', username, password: PASSWORD, keep_signed_in: false },
    });
    assert.equal(right.status, 403, `${base}: ${JSON.stringify(right.json)}`);
    assert.equal(right.json.code, 'account_locked');
  }
});

test(`[${backend}] a session signed out on one instance is refused by the other`, async () => {
  const token = await signIn(stack, a, bulkUsername(1), 'bulk1@bulk.example');
  assert.equal((await call(b.base, 'GET', '/session', { token })).status, 200);
  assert.equal((await call(a, 'DELETE', '/session', { token })).status, 200);
  const refused = await call(b.base, 'GET', '/session', { token });
  assert.equal(refused.status, 401);
  assert.equal(refused.json.code, 'unauthenticated');
});

test(`[${backend}] a reset token used on one instance is refused by the other`, async () => {
  const email = 'bulk2@bulk.example';
  const { recovery_id: id } = await ok(a, 'POST', '/password/recovery', { body: { identifier: bulkUsername(2) } });
  await ok(a, 'POST', `/password/recovery/${id}/send`, { body: {} });
  const mail = await stack.mailTo(email, 'Reset your IAMOnline password');
  const code = mail.text.match(/Enter this code instead: (\d{6})/)[1];
  const { reset_token: token } = await ok(b.base, 'POST', `/password/recovery/${id}/verify`, { body: { code } });
  const reset = { token, new_password: 'Green-Valley-Compass-77', confirm_password: 'Green-Valley-Compass-77', sign_out_other_devices: true };
  assert.equal((await call(a, 'POST', '/password/reset', { body: reset })).status, 200);
  const again = await call(b.base, 'POST', '/password/reset', { body: { ...reset, new_password: 'Other-Valley-Compass-78', confirm_password: 'Other-Valley-Compass-78' } });
  assert.equal(again.status, 410, JSON.stringify(again.json));
  assert.equal(again.json.code, 'token_used');
});
