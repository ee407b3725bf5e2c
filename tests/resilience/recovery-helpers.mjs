// Password resets whose outcome is checked after a failure: tokens obtained
// through the IAMOnline recovery (code from maildev), and the check that each
// reset was applied entirely or not at all.
import assert from 'node:assert/strict';
import { PASSWORD, bulkUsername, call, ok } from './client.mjs';

/** A reset token for bulk user `i`, through recovery with the e-mailed code. */
export async function resetToken(stack, i) {
  const { recovery_id: id } = await ok(stack.base, 'POST', '/password/recovery', { body: { identifier: bulkUsername(i) } });
  await ok(stack.base, 'POST', `/password/recovery/${id}/send`, { body: {} });
  const mail = await stack.mailTo(`bulk${i}@bulk.example`, 'Reset your IAMOnline password');
  const code = mail.text.match(/Enter this code instead: (\d{6})/)[1];
  return (await ok(stack.base, 'POST', `/password/recovery/${id}/verify`, { body: { code } })).reset_token;
}

export const newPassword = (i) => `Green-Valley-Compass-${100 + i}`;

/** The reset of bulk user `i` to `newPassword(i)`; never throws. */
export async function attemptReset(base, i, token, timeoutMs) {
  const body = { token, new_password: newPassword(i), confirm_password: newPassword(i), sign_out_other_devices: false };
  try {
    const r = await call(base, 'POST', '/password/reset', { body, timeoutMs });
    return { i, token, status: r.status, code: r.json?.code, ms: r.ms, contentType: r.headers['content-type'] };
  } catch (error) {
    return { i, token, status: 0, error: String(error) };
  }
}

async function signsIn(base, i, password) {
  const r = await call(base, 'POST', '/login', { body: { org_code: 'BULK', username: bulkUsername(i), password, keep_signed_in: false } });
  assert.ok([200, 401].includes(r.status), `sign-in of ${i}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.status === 200;
}

/** An acknowledged reset is in place; any other one is applied entirely
 *  (new password, token spent) or not at all (old password, token usable). */
export async function assertResetsAtomic(base, attempts) {
  for (const attempt of attempts) {
    const withNew = await signsIn(base, attempt.i, newPassword(attempt.i));
    const withOld = await signsIn(base, attempt.i, PASSWORD);
    const what = `reset of user ${attempt.i} (answered ${attempt.status} ${attempt.code ?? attempt.error ?? ''})`;
    assert.notEqual(withNew, withOld, `${what}: exactly one password works`);
    if (attempt.status === 200) assert.ok(withNew, `${what}: acknowledged, so the new password works`);
    const again = await call(base, 'POST', '/password/reset', {
      body: { token: attempt.token, new_password: 'Other-Valley-Compass-9', confirm_password: 'Other-Valley-Compass-9', sign_out_other_devices: false },
    });
    if (withNew) {
      assert.equal(again.status, 410, `${what}: applied, so its token is spent`);
    } else {
      assert.equal(again.status, 200, `${what}: not applied, so its token still works`);
    }
  }
}
