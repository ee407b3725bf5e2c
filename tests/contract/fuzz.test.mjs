// Contract fuzzing: schemathesis (PyPI) generates requests for every
// operation of openapi.yaml and checks the real server's answers: no server
// errors, and status codes, content types and bodies as documented. Protected
// routes get a support member's bearer token (the widest access).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { demoLogins, repoRoot, startStack } from '../e2e/harness.mjs';

const backend = process.env.IAM_TEST_DB || 'sqlite';
let stack;
let logins;

before(async () => {
  stack = await startStack();
  logins = demoLogins(stack.run(['seed-demo']));
});
after(async () => { await stack?.stop(); });

async function post(pathname, body) {
  const response = await fetch(stack.base + '/api/v1' + pathname, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}),
  });
  const json = await response.json();
  assert.ok(response.ok, `${pathname}: ${JSON.stringify(json)}`);
  return json;
}

/** A support member's access token, through the IAMOnline door. */
async function supportToken() {
  const sam = logins['sam.support@dshs.texas.gov'];
  const email = 'sam.support@dshs.texas.gov';
  const { transaction_id: tx } = await post('/signin', { username: sam.username, keep_signed_in: false });
  await post(`/signin/${tx}/password`, { password: sam.password });
  await post(`/signin/${tx}/email-code`);
  const mail = await stack.mailTo(email, 'Your IAMOnline verification code');
  await post(`/signin/${tx}/email-code/verify`, { code: mail.text.match(/verification code is: (\d{6})/)[1] });
  return (await post(`/signin/${tx}/agree`)).access_token;
}

test(`[${backend}] schemathesis finds no server error and no deviation from openapi.yaml`, async () => {
  const schemathesis = process.env.IAM_SCHEMATHESIS;
  assert.ok(schemathesis, 'IAM_SCHEMATHESIS must point at the schemathesis CLI (make fuzz sets it)');
  const token = await supportToken();
  const run = spawnSync(schemathesis, [
    'run', path.join(repoRoot, 'openapi.yaml'),
    '--url', stack.base,
    '--header', `Authorization: Bearer ${token}`,
    '--checks', 'not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance',
    '--max-examples', process.env.IAM_FUZZ_EXAMPLES || '5',
    '--seed', '20261201',
    '--no-color',
  ], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 15 * 60 * 1000 });
  const summary = (run.stdout || '').split('SUMMARY')[1] || run.stdout || '';
  console.log(summary.trim());
  assert.equal(run.status, 0, `schemathesis reported failures:\n${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /\d+ generated, \d+ passed/);
});
