// The agency directory (docs/directory.md) goes away under light load, in
// its two ways: frozen (connections accepted, never answered) and stopped
// (connections refused). Central office gets 503 directory_unavailable
// within the directory's deadlines, external users keep signing in, and
// once the directory is back its users sign in again without restarting
// the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDirectory, startStack } from '../e2e/harness.mjs';
import { PASSWORD, bulkUsername, call, eventually } from './client.mjs';

const backend = process.env.IAM_TEST_DB || 'sqlite';
const CONNECT_TIMEOUT_MS = 1000;
const OPERATION_TIMEOUT_MS = 1500;
// The longest a directory sign-in can wait: an operation on a pooled
// connection, then a fresh connection's connect; and room for a busy machine.
const BOUND_MS = OPERATION_TIMEOUT_MS + CONNECT_TIMEOUT_MS + 2000;
const CENTRAL_OFFICE = 'riley.park@hhs.texas.gov';
let stack;
let directory;

before(async () => {
  directory = await startDirectory();
  stack = await startStack({
    browser: false,
    env: {
      ...directory.env,
      IAM_LDAP_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
      IAM_LDAP_TIMEOUT_MS: String(OPERATION_TIMEOUT_MS),
      IAM_RATE_LIMIT_PER_MINUTE: '100000',
      RUST_LOG: 'error',
    },
  });
  stack.run(['seed-bulk', '--users', '1'], { IAM_SEED_PASSWORD: PASSWORD });
  stack.run(['create-org', '--code', 'CO0001', '--name', 'Central Office']);
});
after(async () => {
  directory?.thaw();
  await stack?.stop();
  directory?.stop();
});

/** One password step through a door: the IAMOnline door's second screen
 *  or the ImmTrac2 login, each a new sign-in. */
async function passwordStep(door, username, password, orgCode) {
  const sentAt = Date.now();
  let answer;
  if (door === 'immtrac2') {
    answer = await call(stack.base, 'POST', '/login', {
      body: { org_code: orgCode, username, password, keep_signed_in: false }, timeoutMs: 20000,
    });
  } else {
    const started = await call(stack.base, 'POST', '/signin', { body: { username, keep_signed_in: false }, timeoutMs: 20000 });
    assert.equal(started.status, 200, JSON.stringify(started.json));
    answer = await call(stack.base, 'POST', `/signin/${started.json.transaction_id}/password`, { body: { password }, timeoutMs: 20000 });
  }
  return { door, sentAt, doneAt: Date.now(), ms: answer.ms, status: answer.status, code: answer.json?.code };
}

/** Password steps one after another until `running()` is false, alternating doors. */
async function keepSigningIn(answers, running, username, password, orgCode) {
  for (let i = 0; running(); i += 1) {
    const door = i % 2 === 0 ? 'iamonline' : 'immtrac2';
    answers.push(await passwordStep(door, username, password, orgCode)
      .catch((e) => ({ door, sentAt: Date.now(), doneAt: Date.now(), status: 0, error: String(e) })));
    await new Promise((r) => setTimeout(r, 100));
  }
}

const during = (answers, from, until) => answers.filter((a) => a.sentAt >= from && a.doneAt <= until);
const summary = (answers) => JSON.stringify(answers.map(({ door, status, code, ms }) => ({ door, status, code, ms: Math.round(ms ?? 0) })));

test(`[${backend}] a directory that hangs or stops gives central office 503 in bounded time, and nobody else notices`, async () => {
  const pid = stack.api.pid;
  const central = [];
  const external = [];
  let running = true;
  const loads = [
    keepSigningIn(central, () => running, CENTRAL_OFFICE, directory.password, 'CO0001'),
    keepSigningIn(central, () => running, CENTRAL_OFFICE, directory.password, 'CO0001'),
    keepSigningIn(external, () => running, bulkUsername(0), PASSWORD, 'BULK'),
  ];
  const firstSuccessAfter = (at) => eventually(
    () => central.some((a) => a.sentAt >= at && a.status === 200), 20000, 'a directory sign-in after the directory came back',
  ).catch((e) => { throw new Error(`${e.message}: ${summary(central.filter((a) => a.sentAt >= at))}`); });

  // Warm: the directory answers, and the pool holds connections.
  await firstSuccessAfter(Date.now());
  await new Promise((r) => setTimeout(r, 1500));

  const frozenAt = Date.now();
  directory.freeze();
  await new Promise((r) => setTimeout(r, 8000));
  const thawedAt = Date.now();
  directory.thaw();
  await firstSuccessAfter(thawedAt);

  const stopAt = Date.now();
  directory.stop();
  const stoppedAt = Date.now();
  await new Promise((r) => setTimeout(r, 5000));
  const startAt = Date.now();
  directory.start();
  await firstSuccessAfter(startAt);
  running = false;
  await Promise.all(loads);

  // Never a 500, never a hang: a success or the directory's own 503.
  for (const a of central) {
    assert.ok(a.status === 200 || (a.status === 503 && a.code === 'directory_unavailable'), `central office: ${JSON.stringify(a)}`);
  }
  const frozen = during(central, frozenAt, thawedAt);
  assert.ok(frozen.length >= 4, `sign-ins while the directory hung: ${summary(frozen)}`);
  for (const a of frozen) {
    assert.equal(a.status, 503, `while the directory hung: ${summary(frozen)}`);
    assert.ok(a.ms <= BOUND_MS, `answered within the directory's deadlines (${BOUND_MS} ms): ${summary(frozen)}`);
  }
  const stopped = during(central, stoppedAt, startAt);
  assert.ok(stopped.length >= 4, `sign-ins while the directory was stopped: ${summary(stopped)}`);
  assert.ok(stopped.every((a) => a.status === 503), `while the directory was stopped: ${summary(stopped)}`);

  // External users: every password step succeeded, during both outages too.
  assert.ok(external.every((a) => a.status === 200), `external users: ${summary(external.filter((a) => a.status !== 200))}`);
  assert.ok(during(external, frozenAt, thawedAt).length >= 4, `external sign-ins while the directory hung: ${summary(external)}`);
  assert.ok(during(external, stopAt, startAt).length >= 4, `external sign-ins while the directory was stopped: ${summary(external)}`);

  // The same API process throughout: it recovered by itself.
  assert.equal(stack.api.pid, pid);
  assert.equal((await call(stack.base, 'GET', '/readyz')).status, 200);
});
