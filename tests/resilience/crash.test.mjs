// kill -9 in the middle of resets and sign-ins: after a restart every
// acknowledged change is there, the others are all-or-nothing, and the
// database passes its integrity check.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startStack } from '../e2e/harness.mjs';
import { PASSWORD, bulkUsername, call, ok } from './client.mjs';
import { assertResetsAtomic, attemptReset, resetToken } from './recovery-helpers.mjs';

const backend = process.env.IAM_TEST_DB || 'sqlite';
const RESETS = 16;
const SIGNINS = 16;
let stack;

before(async () => {
  stack = await startStack({ browser: false, env: { IAM_RATE_LIMIT_PER_MINUTE: '100000', RUST_LOG: 'error' } });
  stack.run(['seed-bulk', '--users', String(RESETS + SIGNINS)], { IAM_SEED_PASSWORD: PASSWORD });
});
after(async () => { await stack?.stop(); });

/** SQLite's own check, or PostgreSQL's: every constraint validated and
 *  every B-tree index consistent with its table (amcheck). */
function integrityCheck() {
  if (backend === 'postgres') {
    const psql = (sql) => execFileSync('psql', [stack.databaseUrl, '-qtAc', sql], { encoding: 'utf8' }).trim();
    psql('CREATE EXTENSION IF NOT EXISTS amcheck');
    assert.equal(psql('SELECT count(*) FROM pg_constraint WHERE NOT convalidated'), '0');
    const checked = psql(`SELECT count(bt_index_check(c.oid, true)) FROM pg_index i
      JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
      JOIN pg_namespace n ON n.oid = c.relnamespace WHERE am.amname = 'btree' AND n.nspname = 'public'`);
    assert.ok(Number(checked) > 10, `${checked} indexes checked`);
    return;
  }
  const file = stack.databaseUrl.replace('sqlite://', '');
  assert.equal(execFileSync('sqlite3', [file, 'PRAGMA integrity_check;'], { encoding: 'utf8' }).trim(), 'ok');
  assert.equal(execFileSync('sqlite3', [file, 'PRAGMA foreign_key_check;'], { encoding: 'utf8' }).trim(), '');
}

test(`[${backend}] after kill -9 under load, every acknowledged change is there and the database is intact`, async () => {
  const tokens = [];
  for (let i = 0; i < RESETS; i += 1) tokens.push(await resetToken(stack, i));

  const resets = tokens.map((token, i) => attemptReset(stack.base, i, token, 30000));
  const signins = Array.from({ length: SIGNINS }, (_, k) => call(stack.base, 'POST', '/login', {
    body: { org_code: 'BULK', username: bulkUsername(RESETS + k), password: PASSWORD, keep_signed_in: false }, timeoutMs: 30000,
  }).then((r) => ({ k, ...r }), (e) => ({ k, status: 0, error: String(e) })));
  // Kill once a few of the resets are acknowledged and most are not.
  let acknowledged = 0;
  await Promise.race([
    Promise.all(resets.map((p) => p.then((r) => { if (r.status === 200) acknowledged += 1; }))),
    (async () => { while (acknowledged < 3) await new Promise((r) => setTimeout(r, 5)); })(),
  ]);
  const killed = await stack.stopApi('SIGKILL');
  assert.equal(killed.signal, 'SIGKILL');
  const attempts = await Promise.all(resets);
  const logins = await Promise.all(signins);
  console.log(`acknowledged before the kill: ${attempts.filter((a) => a.status === 200).length}/${RESETS} resets, `
    + `${logins.filter((l) => l.status === 200).length}/${SIGNINS} sign-ins`);
  assert.ok(attempts.some((a) => a.status === 200), 'some resets were acknowledged');
  assert.ok(attempts.some((a) => a.status !== 200), 'some were cut off');

  integrityCheck();
  await stack.startApi();
  await assertResetsAtomic(stack.base, attempts);
  // An acknowledged sign-in step survives: its transaction goes on.
  for (const login of logins.filter((l) => l.status === 200)) {
    await ok(stack.base, 'POST', `/signin/${login.json.transaction_id}/email-code`, { body: {} });
  }
  integrityCheck();
});
