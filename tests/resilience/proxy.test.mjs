// Behind the reverse proxy a real deployment needs: Debian's nginx runs
// deploy/nginx.conf (only ports, certificate and upstreams swapped),
// terminating TLS with a certificate made here, in front of two API
// instances on one database. Clients from different addresses keep separate
// rate-limit budgets through it; a client that reaches an instance directly
// cannot choose its address with X-Forwarded-For; and a browser signs in to
// the dashboard over HTTPS, so the __Host- cookie and HSTS work as in
// production. Runs on PostgreSQL (several instances share one database).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { demoLogins, repoRoot, signIn, startStack } from '../e2e/harness.mjs';

const backend = process.env.IAM_TEST_DB || 'sqlite';
const skip = backend !== 'postgres' && 'several instances behind the proxy share PostgreSQL';
const PER_MINUTE = 20;
// Requests that overrun the limit even when they straddle a minute boundary.
const OVERRUN = 2 * PER_MINUTE + 1;
let stack;
let second;
let nginx;
let dir;
let proxyBase;
let cert;

async function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** deploy/nginx.conf with the test's certificate, ports and upstreams. */
function siteConfig(httpsPort, httpPort, upstreams) {
  let site = fs.readFileSync(path.join(repoRoot, 'deploy/nginx.conf'), 'utf8');
  site = site.replaceAll('/etc/ssl/iamonline/', `${dir}/`)
    .replace('listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`)
    .replace('listen [::]:443 ssl http2;', '')
    .replace('listen 80;', `listen 127.0.0.1:${httpPort};`)
    .replace('listen [::]:80;', '')
    .replace('server_name iam.example.gov;', 'server_name 127.0.0.1;')
    .replace(/upstream iam_api \{[^}]*\}/, `upstream iam_api {\n${upstreams.map((u) => `    server ${u};`).join('\n')}\n    keepalive 32;\n}`);
  assert.ok(site.includes(`listen 127.0.0.1:${httpsPort} ssl`), 'the site file still has the shape the test edits');
  return site;
}

/** One request through nginx (HTTPS) or straight to an instance (HTTP),
 *  from `localAddress`; resolves to `{ status, json, headers }`. */
function request(base, method, pathname, { body, headers = {}, localAddress } = {}) {
  const url = new URL(pathname, base);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const all = { accept: 'application/json', ...headers };
  if (payload !== undefined) all['content-type'] = 'application/json';
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(url, { method, headers: all, localAddress, agent: false, ca: cert, timeout: 15000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => {
        let json = null;
        try { json = text ? JSON.parse(text) : null; } catch { json = { unparsed: text }; }
        resolve({ status: res.statusCode, json, headers: res.headers });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${pathname}: no answer`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** The statuses of `count` public POSTs. */
async function posts(base, count, options) {
  const statuses = [];
  for (let i = 0; i < count; i += 1) {
    statuses.push((await request(base, 'POST', '/api/v1/signin', { body: { username: 'NO0000NE' }, ...options })).status);
  }
  return statuses;
}

before(async () => {
  if (skip) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-proxy-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', `${dir}/privkey.pem`, '-out', `${dir}/fullchain.pem`], { stdio: 'ignore' });
  cert = fs.readFileSync(`${dir}/fullchain.pem`);
  const [httpsPort, httpPort] = [await freePort(), await freePort()];
  proxyBase = `https://127.0.0.1:${httpsPort}`;
  stack = await startStack({
    env: {
      IAM_PUBLIC_URL: proxyBase,
      IAM_TRUSTED_PROXIES: '127.0.0.1/32',
      IAM_RATE_LIMIT_PER_MINUTE: String(PER_MINUTE),
    },
  });
  second = await stack.startInstance();
  const upstreams = [new URL(stack.base).host, new URL(second.base).host];
  fs.writeFileSync(`${dir}/site.conf`, siteConfig(httpsPort, httpPort, upstreams));
  const user = process.getuid?.() === 0 ? 'user root;' : '';
  fs.writeFileSync(`${dir}/nginx.conf`, `${user}
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
daemon off;
events {}
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/site.conf;
}
`);
  nginx = spawn('nginx', ['-p', dir, '-c', `${dir}/nginx.conf`], { stdio: 'inherit' });
  const deadline = Date.now() + 15000;
  for (;;) {
    try {
      if ((await request(proxyBase, 'GET', '/readyz')).status === 200) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error(`nginx did not come up: ${fs.readFileSync(`${dir}/error.log`, 'utf8')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
});

after(async () => {
  if (nginx) {
    const exited = new Promise((r) => nginx.once('exit', r));
    nginx.kill('SIGQUIT');
    await exited;
  }
  await second?.stop();
  await stack?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test(`[${backend}] through nginx, clients from two addresses have separate budgets`, { skip }, async () => {
  // 127.0.0.2 spends its budget (and a forged header does not help it)…
  const first = await posts(proxyBase, OVERRUN, { localAddress: '127.0.0.2', headers: { 'x-forwarded-for': '198.51.100.9' } });
  assert.ok(first.includes(429), `127.0.0.2 is limited: ${first}`);
  // …while 127.0.0.3, behind the same proxy, is served.
  const other = await posts(proxyBase, 2, { localAddress: '127.0.0.3' });
  assert.deepEqual(other, [200, 200], 'the neighbour keeps its budget');
  // The sign-ins started record the real address, never the forged one.
  const seen = (ip) => Number(execFileSync('psql', [stack.databaseUrl, '-tAc',
    `select count(*) from signin_transactions where ip = '${ip}'`], { encoding: 'utf8' }).trim());
  assert.ok(seen('127.0.0.2') > 0, 'the client address is recorded');
  assert.equal(seen('198.51.100.9'), 0, 'the forged address is not');
});

test(`[${backend}] a client talking to an instance directly cannot choose its address`, { skip }, async () => {
  // Not from a trusted proxy: every forged X-Forwarded-For is ignored, and
  // the client's own address carries one budget.
  const statuses = [];
  for (let i = 0; i < OVERRUN; i += 1) {
    const { status } = await request(second.base, 'POST', '/api/v1/signin', {
      body: { username: 'NO0000NE' }, localAddress: '127.0.0.4', headers: { 'x-forwarded-for': `203.0.113.${i}` },
    });
    statuses.push(status);
  }
  assert.ok(statuses.includes(429), `forged addresses buy no budget: ${statuses}`);
});

test(`[${backend}] a browser signs in to the dashboard over HTTPS through nginx`, { skip }, async () => {
  const logins = demoLogins(stack.run(['seed-demo']));
  const context = await stack.browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  let hsts = null;
  page.on('response', (r) => { if (r.url() === `${proxyBase}/`) hsts = r.headers()['strict-transport-security']; });
  await signIn({ ...stack, base: proxyBase, mail: stack.mail, mailTo: stack.mailTo }, page, logins.DA1001MO, 'dana.morales@example.org');
  assert.match(hsts ?? '', /max-age=\d+/, 'HSTS on the page');
  assert.ok(Number(hsts.match(/max-age=(\d+)/)[1]) >= 31536000, `HSTS for at least a year: ${hsts}`);
  const cookies = await context.cookies(proxyBase);
  const refresh = cookies.find((c) => c.name === '__Host-iam_refresh');
  assert.ok(refresh, `the refresh cookie is set over HTTPS: ${JSON.stringify(cookies.map((c) => c.name))}`);
  assert.equal(refresh.secure, true);
  assert.equal(refresh.httpOnly, true);
  assert.equal(refresh.path, '/');
  // A reload keeps the session: the cookie works through the proxy.
  await page.reload();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  await page.locator('li.tile').first().waitFor();
  await page.screenshot({ path: path.join(dir, 'dashboard-through-nginx.png') });
  fs.copyFileSync(path.join(dir, 'dashboard-through-nginx.png'), path.join(os.tmpdir(), 'dashboard-through-nginx.png'));
  await context.close();
});
