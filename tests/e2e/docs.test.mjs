// The API reference at /api/docs (Swagger UI, vendored from npm) renders
// this server's OpenAPI document in Chromium without any request leaving
// 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, startStack } from './harness.mjs';

const backend = process.env.IAM_TEST_DB || 'sqlite';
let stack;

before(async () => { stack = await startStack(); });
after(async () => { await stack?.stop(); });

test(`[${backend}] /api/docs renders the API reference from this server alone`, async () => {
  const { page, problems, close } = await openPage(stack);
  const requested = [];
  page.on('request', (r) => requested.push(r.url()));
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  const response = await page.goto(stack.base + '/api/docs');
  assert.equal(response.status(), 200);
  await page.getByRole('heading', { name: /IAMOnline identity portal API/ }).waitFor();
  // Operations of every tag are listed, admin and ops included.
  for (const path of ['/api/v1/signin', '/api/v1/admin/users/import', '/.well-known/jwks.json', '/readyz']) {
    await page.locator('.opblock-summary-path', { hasText: path }).first().waitFor();
  }
  const foreign = requested.filter((url) => !url.startsWith(stack.base) && !url.startsWith('data:'));
  assert.deepEqual(foreign, [], 'no request leaves this server');
  assert.ok(requested.some((url) => url.endsWith('/api/openapi.json')), 'the spec comes from this server');
  assert.deepEqual(consoleErrors, [], 'no console errors (CSP included)');
  assert.deepEqual(problems, []);
  await close();
});
