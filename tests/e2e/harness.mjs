// Test harness for the browser suite: starts maildev and the real API
// (serving the built SPA) on random ports with a fresh database, and
// launches Debian's Chromium through playwright-core.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Fail on any serious or critical axe-core violation of the page as shown. */
export async function assertAccessible(page, screen) {
  await page.evaluate(axeSource);
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious.map((v) => `${v.id}: ${v.help}`), [], `axe violations on ${screen}`);
}

/** A fresh browser context and page of the stack: the page's uncaught
 *  errors are collected in `problems`, and the CAPTCHA answers the
 *  test-hooks build reveals in `page.captchaAnswers`, keyed by image. */
export async function openPage(stack, { locale } = {}) {
  const context = await stack.browser.newContext(locale ? { locale } : {});
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.captchaAnswers = new Map();
  page.on('response', async (r) => {
    if (!r.url().endsWith('/api/v1/captcha')) return;
    // The page may close before the body is read (a test that ends there).
    const body = await r.json().catch(() => null);
    if (!body) return;
    page.captchaAnswers.set(`data:image/png;base64,${body.image_png_base64}`, r.headers()['x-test-captcha-answer']);
  });
  return { page, problems, close: () => context.close() };
}

/** Type the answer of the CAPTCHA image on the page (the test-hooks build
 *  reveals it; see `openPage`). */
export async function solveCaptcha(page, label = 'Characters displayed') {
  // A used image is replaced after the server's answer: wait for the new one.
  const shown = await page.waitForFunction((used) => {
    const src = document.querySelector('.captcha img')?.src;
    return src && src !== used ? src : null;
  }, page.lastCaptchaImage ?? null);
  const image = await shown.jsonValue();
  page.lastCaptchaImage = image;
  for (let i = 0; i < 50 && !page.captchaAnswers.has(image); i++) await new Promise((r) => setTimeout(r, 100));
  await page.getByLabel(label, { exact: true }).fill(page.captchaAnswers.get(image));
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitFor(url, timeoutMs = 20000, alive = () => true) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && alive()) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

// Every process the harness starts. A test file whose `before` failed never
// reaches its `stop()`: these are killed when the test process exits, so a
// server left behind cannot hold the run open (make runs node with
// --test-force-exit, which ends the process once its tests are done).
const children = new Set();
process.on('exit', () => { for (const child of children) child.kill('SIGKILL'); });
const running = (child) => child.exitCode === null && child.signalCode === null;
function tracked(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Another process took a port between `freePort()` and its use: pick again. */
class PortTaken extends Error {}
async function retryingPortClash(start, attempts = 4) {
  for (let i = 1; ; i += 1) {
    try {
      return await start();
    } catch (e) {
      if (!(e instanceof PortTaken) || i === attempts) throw e;
    }
  }
}

/** The database for this run: a fresh SQLite file or PostgreSQL database. */
function freshDatabase(dir, backend) {
  if (backend === 'postgres') {
    const base = process.env.IAM_TEST_PG_URL || 'postgres://iam:iam@127.0.0.1:5432';
    const name = `iam_e2e_${Date.now()}_${process.pid}`;
    execFileSync('psql', [`${base}/postgres`, '-qc', `CREATE DATABASE ${name}`]);
    return { url: `${base}/${name}`, drop: () => execFileSync('psql', [`${base}/postgres`, '-qc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]) };
  }
  return { url: `sqlite://${dir}/iam.db`, drop: () => {} };
}

/** Starts maildev and the API on random ports with a fresh database.
 *  `browser: false` skips Chromium; `env` adds server settings; `host`
 *  is the public host name (`localhost` for passkeys: WebAuthn refuses IP
 *  addresses as relying-party ids; the API still listens on 127.0.0.1); `backend`
 *  (`sqlite` or `postgres`) defaults to IAM_TEST_DB. The API and
 *  maildev can be stopped and started again on the same ports and
 *  database, and further instances started on the same database. */
export async function startStack({ browser: withBrowser = true, env: extraEnv = {}, host = '127.0.0.1', backend = process.env.IAM_TEST_DB } = {}) {
  const bin = process.env.IAM_API_BIN;
  if (!bin || !fs.existsSync(bin)) throw new Error('IAM_API_BIN must point at the built iam-api binary (make e2e sets it)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-e2e-'));
  // Chosen again if another process takes one before the server binds it.
  let [apiPort, smtpPort, mailWebPort] = [await freePort(), await freePort(), await freePort()];
  const database = freshDatabase(dir, backend);
  const envFor = (port) => ({
    ...process.env,
    IAM_BIND: `127.0.0.1:${port}`,
    DATABASE_URL: database.url,
    IAM_DATA_DIR: dir,
    // One public origin for every instance, as behind a load balancer.
    IAM_PUBLIC_URL: `http://${host}:${apiPort}`,
    IAM_WEB_DIR: path.join(repoRoot, 'web/dist'),
    IAM_MAIL_TRANSPORT: 'smtp',
    IAM_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    IAM_OUTBOX_POLL_MS: '200',
    // Several instances run at once: no shared metrics port.
    IAM_METRICS_BIND: '127.0.0.1:0',
    // One OpenID Connect key folder for the run: an RSA key takes a while
    // to generate in a debug build (rotation has its own test).
    IAM_OIDC_KEYS_DIR: path.join(os.tmpdir(), 'iam-e2e-oidc-keys'),
    RUST_LOG: 'warn,actix_web_prom=error',
    // Staff would need passkeys, which 127.0.0.1 turns off; the policy's
    // own tests set it.
    IAM_AUTHENTICATOR_POLICY_ROLES: '',
    ...extraEnv,
  });
  let maildev = null;
  const startMail = async () => {
    const child = tracked(spawn(path.join(here, 'node_modules/.bin/maildev'),
      ['--smtp', String(smtpPort), '--web', String(mailWebPort), '--ip', '127.0.0.1', '--silent'], { stdio: 'ignore' }));
    maildev = child;
    await waitFor(`http://127.0.0.1:${mailWebPort}/email`, 20000, () => running(child));
  };
  const stopMail = async () => {
    if (running(maildev)) {
      const exited = new Promise((r) => maildev.once('exit', r));
      maildev.kill('SIGTERM');
      await exited;
    }
    maildev = null;
  };
  const run = (args, moreEnv = {}) => {
    try {
      return execFileSync(bin, args, { env: { ...envFor(apiPort), ...moreEnv }, encoding: 'utf8' });
    } catch (e) {
      throw new Error(`iam-api ${args.join(' ')} failed (status ${e.status}, signal ${e.signal}): ${e.stderr}${e.stdout}`);
    }
  };
  // Everything the API processes log, kept for tests that read it (no
  // secret may appear there) and passed on to the test output.
  const logs = [];
  /** One API process on `port`; `stop(signal)` waits for it to exit. A
   *  process that exits before it is ready fails at once, with its output. */
  const spawnApi = async (port) => {
    const child = tracked(spawn(bin, ['serve'], { env: envFor(port), stdio: ['ignore', 'pipe', 'pipe'] }));
    const own = [];
    const keep = (out) => (chunk) => { own.push(String(chunk)); logs.push(String(chunk)); out.write(chunk); };
    child.stdout.on('data', keep(process.stdout));
    child.stderr.on('data', keep(process.stderr));
    const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
    const base = `http://127.0.0.1:${port}`;
    const early = await Promise.race([
      waitFor(`${base}/readyz`, 20000, () => running(child)).then(() => null, (e) => e),
      exited,
    ]);
    if (early) {
      if (running(child)) { child.kill('SIGKILL'); await exited; }
      const said = own.join('');
      const why = early instanceof Error ? early.message : `iam-api exited (${JSON.stringify(early)}) before it was ready`;
      throw new (/Address already in use/.test(said) ? PortTaken : Error)(`${why}: ${said}`);
    }
    return {
      base,
      pid: child.pid,
      exited,
      async stop(signal = 'SIGTERM') { child.kill(signal); return exited; },
    };
  };
  let api = null;
  let browser = null;
  try {
    await retryingPortClash(async () => {
      try {
        await startMail();
      } catch (e) {
        await stopMail();
        [smtpPort, mailWebPort] = [await freePort(), await freePort()];
        throw new PortTaken(e.message);
      }
    });
    run(['migrate']);
    api = await retryingPortClash(async () => {
      try {
        return await spawnApi(apiPort);
      } catch (e) {
        if (e instanceof PortTaken) apiPort = await freePort();
        throw e;
      }
    });
    browser = withBrowser ? await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-quic'],
    }) : null;
  } catch (e) {
    await api?.stop('SIGKILL');
    if (maildev) await stopMail();
    database.drop();
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const env = envFor(apiPort);
  return {
    base: `http://${host}:${apiPort}`,
    /** maildev's REST API (`GET /email` lists every message). */
    mailBase: `http://127.0.0.1:${mailWebPort}`,
    databaseUrl: database.url,
    dataDir: dir,
    /** The primary instance's environment (another instance needs its own IAM_BIND). */
    env,
    run,
    browser,
    get api() { return api; },
    /** Stop the API (`SIGKILL` for a crash) and wait until it has exited. */
    stopApi: (signal) => api.stop(signal),
    /** Start the API again on the same port and database. */
    async startApi() { api = await spawnApi(apiPort); },
    /** Another API process on the same database, on a port of its own. */
    async startInstance() { return retryingPortClash(async () => spawnApi(await freePort())); },
    stopMail,
    startMail,
    /** The API processes' log output so far, without colour codes. */
    // eslint-disable-next-line no-control-regex
    logs: () => logs.join('').replace(/\x1b\[[0-9;]*m/g, ''),
    async mail() {
      const res = await fetch(`http://127.0.0.1:${mailWebPort}/email`);
      return res.json();
    },
    /** The newest mail to `to` with `subject`, once there are more than `earlier`. */
    async mailTo(to, subject, earlier = 0) {
      const deadline = Date.now() + 15000;
      while (Date.now() < deadline) {
        const found = (await this.mail()).filter((m) => m.subject === subject && m.to.some((t) => t.address === to));
        if (found.length > earlier) return found[found.length - 1];
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`no "${subject}" mail to ${to}`);
    },
    async waitForMail(to, timeoutMs = 15000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = (await this.mail()).find((m) => m.to.some((t) => t.address === to));
        if (found) return found;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`no mail to ${to}`);
    },
    async stop() {
      await browser?.close();
      await api.stop();
      if (maildev) await stopMail();
      database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The demo logins that `seed-demo` prints once, by username. */
export function demoLogins(printed) {
  const logins = {};
  for (const m of printed.matchAll(/org code: (\S+)\s+username: (\S+)\s+password: (\S+)/g)) {
    logins[m[2]] = { org: m[1], username: m[2], password: m[3] };
  }
  return logins;
}

/** Sign in through the IAMOnline door (password, then the e-mail code
 *  from maildev, then the statement) and land on the dashboard. */
export async function signIn(stack, page, login, email) {
  await page.goto(stack.base + '/');
  await signInSteps(stack, page, login, email);
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
}

/** The IAMOnline door's steps from the username screen on (where an
 *  application's sign-in request lands too), through the statement. */
export async function signInSteps(stack, page, { username, password }, email) {
  const subject = 'IAMOnline | Your Email Verification';
  const earlier = (await stack.mail()).filter((m) => m.subject === subject && m.to.some((t) => t.address === email)).length;
  await page.getByLabel('Username').fill(username);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Select Password' }).click();
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('button', { name: 'Send me an email' }).click();
  const mail = await stack.mailTo(email, subject, earlier);
  await page.getByLabel('Enter Code').fill(mail.text.match(/Enter this code: (\d{6})/)[1]);
  await page.getByLabel('Enter Code').press('Enter');
  await page.getByRole('button', { name: 'I Agree' }).click();
}

/** Password fields are masked, tell password managers what they hold, and
 *  take a paste: no handler cancels it (checklist A9). */
export async function assertPasswordFields(page, labels, autocomplete) {
  for (const label of labels) {
    const field = page.getByLabel(label, { exact: true });
    assert.equal(await field.getAttribute('type'), 'password', label);
    assert.equal(await field.getAttribute('autocomplete'), autocomplete, label);
    const accepted = await field.evaluate((el) => {
      const data = new DataTransfer();
      data.setData('text/plain', 'Pasted-Passphrase-42');
      return el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    assert.ok(accepted, `${label} accepts a paste`);
  }
}

/**
 * The test directory (tests/directory/slapd.sh: OpenLDAP over LDAPS with a
 * CA made for the run). Returns the API settings that point at it,
 * `stop()`/`start()` for tests of its absence and `freeze()`/`thaw()` for
 * tests of a directory that does not answer.
 */
export async function startDirectory({ groupRoles = 'cn=iam-support,ou=groups,dc=hhs,dc=test=CO0001:support;cn=iam-users,ou=groups,dc=hhs,dc=test=CO0001:user' } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-e2e-slapd-'));
  let [ldapPort, ldapsPort] = [await freePort(), await freePort()];
  const script = path.join(repoRoot, 'tests/directory/slapd.sh');
  const start = () => execFileSync('bash', [script, dir, String(ldapPort), String(ldapsPort), String(process.pid)], { stdio: 'inherit' });
  const pidFile = path.join(dir, 'slapd.pid');
  const signal = (name) => {
    if (!fs.existsSync(pidFile)) return false;
    try { process.kill(Number(fs.readFileSync(pidFile, 'utf8').trim()), name); } catch { return false; }
    return true;
  };
  const stop = () => {
    signal('SIGCONT');
    if (!signal('SIGTERM')) return;
    for (let i = 0; i < 50 && fs.existsSync(pidFile); i += 1) execFileSync('sleep', ['0.1']);
  };
  // Ports are chosen again if another process takes one first.
  await retryingPortClash(async () => {
    try {
      start();
    } catch (e) {
      [ldapPort, ldapsPort] = [await freePort(), await freePort()];
      throw new PortTaken(e.message);
    }
  }, 3);
  const suffix = 'dc=hhs,dc=test';
  return {
    env: {
      IAM_LDAP_URL: `ldaps://127.0.0.1:${ldapsPort}`,
      IAM_LDAP_CA_FILE: path.join(dir, 'pki/ca.crt'),
      IAM_LDAP_BIND_DN: `cn=portal-service,${suffix}`,
      IAM_LDAP_BIND_PASSWORD: 'service-secret-for-tests',
      IAM_LDAP_BASE_DN: `ou=people,${suffix}`,
      IAM_LDAP_GROUP_BASE_DN: `ou=groups,${suffix}`,
      IAM_LDAP_GROUP_ROLES: groupRoles,
    },
    password: 'Directory-Pass-Cobalt-2026',
    start,
    stop,
    /** The directory hangs: connections are accepted by the kernel and never answered. */
    freeze: () => signal('SIGSTOP'),
    thaw: () => signal('SIGCONT'),
  };
}
