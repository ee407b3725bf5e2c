// Abuse: a 10 000-request burst from one address is held to the per-IP
// limit while another address is served; oversized bodies are refused
// before they are read whole; slow clients are timed out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { startStack } from '../e2e/harness.mjs';
import { call } from './client.mjs';

const backend = process.env.IAM_TEST_DB || 'sqlite';
const LIMIT = 120;
const REQUEST_TIMEOUT_MS = 3000;
let stack;
let port;

before(async () => {
  stack = await startStack({
    browser: false,
    env: { IAM_RATE_LIMIT_PER_MINUTE: String(LIMIT), IAM_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS), RUST_LOG: 'error' },
  });
  port = Number(new URL(stack.base).port);
});
after(async () => { await stack?.stop(); });

test(`[${backend}] a 10 000-request burst from one address is held to the limit while another address is served`, async () => {
  const flooder = new http.Agent({ keepAlive: true, maxSockets: 32, localAddress: '127.0.0.1' });
  const statuses = new Map();
  let next = 0;
  const worker = async () => {
    while (next < 10000) {
      next += 1;
      const r = await call(stack.base, 'POST', '/signin', { body: { username: 'AB1234CD' }, agent: flooder, timeoutMs: 30000 });
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    }
  };
  const flood = Promise.all(Array.from({ length: 32 }, worker));
  const neighbour = [];
  for (let i = 0; i < 20; i += 1) {
    neighbour.push(await call(stack.base, 'POST', '/signin', { body: { username: 'CD5678EF' }, localAddress: '127.0.0.2' }));
    await new Promise((r) => setTimeout(r, 100));
  }
  await flood;
  flooder.destroy();
  const counts = Object.fromEntries(statuses);
  console.log('burst answers by status:', counts, 'neighbour p100 ms:', Math.round(Math.max(...neighbour.map((r) => r.ms))));
  assert.equal([...statuses.values()].reduce((a, b) => a + b, 0), 10000);
  assert.deepEqual(Object.keys(counts).sort(), ['200', '429'], 'only successes and 429s');
  // The limit counts per minute: a burst across a minute boundary gets two.
  assert.ok(counts[200] <= 2 * LIMIT, `${counts[200]} let through`);
  assert.ok(counts[429] >= 10000 - 2 * LIMIT);
  assert.deepEqual(neighbour.map((r) => r.status), Array(20).fill(200), 'the other address is served');
  const refused = await call(stack.base, 'POST', '/signin', { body: { username: 'AB1234CD' }, localAddress: '127.0.0.1' });
  assert.equal(refused.status, 429);
  assert.match(refused.headers['content-type'], /application\/problem\+json/);
  assert.ok(Number(refused.headers['retry-after']) >= 1);
});

/** A raw connection, from an address the burst did not use: `feed(socket)` writes; resolves when the server
 *  closes it (or after `waitMs`), with the answer's status line and the
 *  bytes written so far. */
function rawExchange(feed, waitMs) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress: '127.0.0.3' });
    const started = Date.now();
    let answer = '';
    let resolved = false;
    const finish = (how) => {
      if (resolved) return;
      resolved = true;
      resolve({ how, status: Number(answer.split(' ')[1]), answer, ms: Date.now() - started, written: socket.bytesWritten });
      socket.destroy();
    };
    socket.on('data', (chunk) => { answer += chunk; if (answer.includes('\r\n\r\n') && /\}\s*$/.test(answer)) finish('answered'); });
    socket.on('close', () => finish('closed'));
    socket.on('error', () => {});
    setTimeout(() => finish('waited'), waitMs);
    feed(socket);
  });
}

const head = (extra) => `POST /api/v1/signin HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\n${extra}\r\n`;

test(`[${backend}] a body over the limit is refused without being read whole`, async () => {
  const declared = await rawExchange((s) => {
    s.write(head('content-length: 104857600\r\n'));
    s.write(Buffer.alloc(64 * 1024, 32));
  }, 10000);
  assert.equal(declared.status, 413, declared.answer);
  assert.match(declared.answer, /application\/problem\+json/);
  assert.ok(declared.written < 100 * 1024, 'answered after 64 KiB of a declared 100 MiB');

  let writer;
  const chunked = await rawExchange((s) => {
    s.write(head('transfer-encoding: chunked\r\n'));
    const chunk = Buffer.alloc(8192, 32);
    writer = setInterval(() => { if (!s.destroyed) s.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`); }, 2);
  }, 10000);
  clearInterval(writer);
  assert.equal(chunked.status, 413, chunked.answer);
  assert.ok(chunked.written < 4 * 1024 * 1024, `answered after ${chunked.written} bytes of an endless body`);
});

test(`[${backend}] slow clients are timed out`, async () => {
  const slowBody = await rawExchange((s) => {
    s.write(head('content-length: 100\r\n'));
    s.write('{"user');
  }, REQUEST_TIMEOUT_MS + 5000);
  assert.equal(slowBody.status, 408, `a trickling body: ${slowBody.how} ${slowBody.answer}`);
  assert.match(slowBody.answer, /"code":"request_timeout"/);
  assert.ok(slowBody.ms >= REQUEST_TIMEOUT_MS - 100 && slowBody.ms < REQUEST_TIMEOUT_MS + 3000, `${slowBody.ms} ms`);

  // A head that never ends: one byte a second, cut off by actix's 10 s limit.
  let dripper;
  const slowHead = await rawExchange((s) => {
    const bytes = Buffer.from('POST /api/v1/signin HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    let i = 0;
    dripper = setInterval(() => { if (!s.destroyed && i < bytes.length) s.write(bytes.subarray(i, ++i)); }, 1000);
  }, 20000);
  clearInterval(dripper);
  assert.notEqual(slowHead.how, 'waited', 'the server hung up');
  assert.ok(slowHead.ms < 15000, `${slowHead.ms} ms`);
});
