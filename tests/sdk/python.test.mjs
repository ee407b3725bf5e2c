// Runs the Python walkthrough (python/walkthrough.py) with the client that
// openapi-python-client generated from openapi.yaml (`make sdk-build`)
// against a real server, maildev and database.
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
  stack = await startStack({ browser: false });
  logins = demoLogins(stack.run(['seed-demo']));
});
after(async () => { await stack?.stop(); });

test(`[${backend}] the Python client generated from openapi.yaml signs in with the e-mail code, sets up an authenticator app, logs out and signs in with the app`, async () => {
  const python = process.env.IAM_SDK_PYTHON;
  const generated = process.env.IAM_PYTHON_SDK_DIR;
  assert.ok(python && generated, 'IAM_SDK_PYTHON and IAM_PYTHON_SDK_DIR must be set (make sdk sets them)');
  const dana = logins.DA1001MO;
  assert.ok(dana, 'seed-demo printed the demo logins');
  const { stdout } = await promisify(execFile)(python, [path.join(here, 'python/walkthrough.py')], {
    env: {
      ...process.env,
      PYTHONPATH: generated,
      IAM_BASE: stack.base,
      IAM_MAILDEV: stack.mailBase,
      IAM_USERNAME: dana.username,
      IAM_PASSWORD: dana.password,
      IAM_EMAIL: 'dana.morales@example.org',
    },
  });
  assert.match(stdout, /python sdk walkthrough: .* passed/);
});
