// PostgreSQL stopped for 10 s under light load: the API answers 503
// problem+json in bounded time (never a 500, never a hang), /readyz goes red,
// and everything recovers without restarting the API; resets in flight are
// applied entirely or not at all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { startStack } from '../e2e/harness.mjs';
import { PASSWORD, bulkUsername, call, eventually, signIn } from './client.mjs';
import { assertResetsAtomic, attemptReset, resetToken } from './recovery-helpers.mjs';

const backend = process.env.IAM_TEST_DB || 'sqlite';
const DB_TIMEOUT_MS = 2000;
const RESETS = 12;
let stack;

const cluster = () => fs.readdirSync('/etc/postgresql').sort((x, y) => Number(x) - Number(y)).at(-1);
const postgres = (action) => execFileSync('pg_ctlcluster', [cluster(), 'main', action, ...(action === 'stop' ? ['-m', 'fast'] : [])]);

before(async () => {
  if (backend !== 'postgres') return;
  stack = await startStack({
    browser: false,
    env: { IAM_RATE_LIMIT_PER_MINUTE: '100000', IAM_DB_TIMEOUT_MS: String(DB_TIMEOUT_MS), RUST_LOG: 'error' },
  });
  stack.run(['seed-bulk', '--users', String(RESETS + 2)], { IAM_SEED_PASSWORD: PASSWORD });
});
after(async () => {
  // Running again if the test failed with it stopped (start fails if it runs).
  if (backend === 'postgres') try { postgres('start'); } catch { /* running */ }
  await stack?.stop();
});

test(`[${backend}] a 10 s database outage gives 503s, a red /readyz, and a full recovery`, { skip: backend !== 'postgres' && 'PostgreSQL only: a SQLite file cannot go away' }, async () => {
  const tokens = [];
  for (let i = 0; i < RESETS; i += 1) tokens.push(await resetToken(stack, i));
  const session = await signIn(stack, stack.base, bulkUsername(RESETS), `bulk${RESETS}@bulk.example`);
  const pid = stack.api.pid;

  // Light load: a session check, a sign-in and readiness every 200 ms; and
  // a reset every 400 ms, the first ones before the stop, the rest during it.
  const answers = [];
  const resets = [];
  let acknowledged = 0;
  let loading = true;
  const bound = DB_TIMEOUT_MS + 4000;
  const resetTimer = setInterval(() => {
    if (resets.length === RESETS) return clearInterval(resetTimer);
    const i = resets.length;
    resets.push(attemptReset(stack.base, i, tokens[i], bound).then((r) => {
      if (r.status === 200) acknowledged += 1;
      return r;
    }));
  }, 400);
  const load = (async () => {
    while (loading) {
      const probes = [
        call(stack.base, 'GET', '/session', { token: session, timeoutMs: bound }),
        call(stack.base, 'POST', '/login', {
          body: { org_code: 'BULK', username: bulkUsername(RESETS + 1), password: PASSWORD, keep_signed_in: false }, timeoutMs: bound,
        }),
        call(stack.base, 'GET', '/readyz', { timeoutMs: bound }),
      ].map((p, kind) => p.then((r) => ({ kind, at: Date.now(), ...r }), (e) => ({ kind, at: Date.now(), status: 0, error: String(e) })));
      answers.push(...await Promise.all(probes));
      await new Promise((r) => setTimeout(r, 200));
    }
  })();

  await eventually(() => acknowledged >= 2, 15000, 'two resets before the outage');
  const stoppedAt = Date.now();
  postgres('stop');
  await new Promise((r) => setTimeout(r, 10000));
  postgres('start');
  const startedAt = Date.now();
  await eventually(async () => (await call(stack.base, 'GET', '/readyz')).status === 200, 30000, '/readyz green again');
  await eventually(async () => (await call(stack.base, 'GET', '/session', { token: session })).status === 200, 15000, 'the session again');
  while (resets.length < RESETS) await new Promise((r) => setTimeout(r, 200));
  await new Promise((r) => setTimeout(r, 1500));
  loading = false;
  await load;
  const attempts = await Promise.all(resets);

  const byStatus = (list) => list.reduce((m, a) => ({ ...m, [a.status]: (m[a.status] ?? 0) + 1 }), {});
  console.log('resets by status:', byStatus(attempts), 'probes by status:', byStatus(answers));
  assert.equal(stack.api.pid, pid, 'the same API process throughout');
  const failures = answers.filter((a) => a.status === 0 || a.status >= 500 && a.status !== 503);
  assert.deepEqual(failures, [], 'no hang, no network error, no 500');
  for (const a of answers) assert.ok(a.ms < bound, `answered in ${a.ms} ms`);
  const during = answers.filter((a) => a.at > stoppedAt + 1000 && a.at < startedAt);
  assert.ok(during.some((a) => a.kind === 2 && a.status === 503), '/readyz went red');
  const unavailable = during.filter((a) => a.status === 503 && a.kind !== 2);
  assert.ok(unavailable.length > 0, 'the API said 503 during the outage');
  for (const a of unavailable) {
    assert.match(a.headers['content-type'], /application\/problem\+json/);
    assert.equal(a.json.code, 'unavailable');
  }
  const resetFailures = attempts.filter((a) => a.status === 0 || a.status >= 500 && a.status !== 503);
  assert.deepEqual(resetFailures, [], 'resets answered 200 or 503');
  assert.ok(attempts.some((a) => a.status === 200) && attempts.some((a) => a.status === 503), 'resets before and during the outage');
  await assertResetsAtomic(stack.base, attempts);
});
