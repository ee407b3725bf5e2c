// The harness itself: a server that cannot start fails its test at once,
// with its output, and leaves no process behind to hold the run open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { startStack } from './harness.mjs';

const running = (pattern) => spawnSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);

test('a port taken by another process fails the start fast and leaves nothing behind', async () => {
  const blocker = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => blocker.once('listening', r));
  const mailBefore = running('maildev --smtp');
  const started = Date.now();
  // The setting pins the port, so every retry meets the same clash.
  await assert.rejects(startStack({ browser: false, env: { IAM_BIND: `127.0.0.1:${blocker.address().port}` } }),
    /Address already in use/);
  assert.ok(Date.now() - started < 15000, 'the start failed without waiting for its deadline');
  assert.deepEqual(running('maildev --smtp'), mailBefore, 'maildev was stopped');
  blocker.close();
});

test('a stack starts, answers and stops', async () => {
  const stack = await startStack({ browser: false });
  assert.equal((await fetch(`${stack.base}/readyz`)).status, 200);
  await stack.stop();
});
