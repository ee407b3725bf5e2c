// Runs the generated-client walkthrough (build/walkthrough.js, compiled from
// src/ by `make sdk`) against a real server, maildev and database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoLogins, startStack } from '../e2e/harness.mjs';

const backend = process.env.IAM_TEST_DB || 'sqlite';
const here = path.dirname(fileURLToPath(import.meta.url));
let stack;
let logins;

before(async () => {
  stack = await startStack();
  logins = demoLogins(stack.run(['seed-demo']));
});
after(async () => { await stack?.stop(); });

test(`[${backend}] the client generated from openapi.yaml signs in, reads the session, logs out and recovers a password`, async () => {
  const dana = logins.DA1001MO;
  assert.ok(dana, 'seed-demo printed the demo logins');
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(here, 'build/walkthrough.js')], {
    env: {
      ...process.env,
      IAM_BASE: stack.base,
      IAM_MAILDEV: stack.mailBase,
      IAM_USERNAME: dana.username,
      IAM_PASSWORD: dana.password,
      IAM_EMAIL: 'dana.morales@example.org',
    },
  });
  assert.match(stdout, /sdk walkthrough: .* passed/);
});
