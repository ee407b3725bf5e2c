// The benchmark (`make bench`): each figure of issue 7 as a ratio against a
// baseline measured in the same run on this machine, with the absolute
// numbers. Load comes from wrk (Debian) on loopback, bounded in time.
// Writes bench/results/report.json and report.md.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startDirectory, startStack } from '../tests/e2e/harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const PASSWORD = 'Blue-Harbor-Lantern-42';
const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const SCALE_USERS = Number(process.env.BENCH_SCALE_USERS || 1_000_000);
const BASE_USERS = 1000;
const backends = (process.env.BENCH_BACKENDS || 'sqlite,postgres').split(',');
// The bench's own settings: no rate limit (one address sends everything),
// MFA off so a correct password is one request, quiet logs.
// MALLOC_ARENA_MAX as deploy/iam-api.service sets it: the server is measured as deployed.
const serverEnv = { IAM_RATE_LIMIT_PER_MINUTE: '0', IAM_MFA_REQUIRED: 'false', IAM_AUTHENTICATOR_POLICY_ROLES: '', RUST_LOG: 'error', MALLOC_ARENA_MAX: '2',
  // Figure 17 makes its codes before it times their exchange.
  IAM_OIDC_CODE_TTL_SECS: '600' };

const log = (...args) => console.error('[bench]', ...args);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** One wrk run; resolves to its BENCH_JSON figures plus `rps`. */
function wrk({ url, seconds = SECONDS, connections, threads = 1, mode = 'get', users = BASE_USERS, headers = [] }) {
  return new Promise((resolve, reject) => {
    const args = ['-t', String(threads), '-c', String(connections), '-d', `${Math.round(seconds)}s`, '--timeout', '10s',
      '-s', path.join(here, 'wrk.lua'), ...headers.flatMap((h) => ['-H', h]), url];
    const child = spawn('wrk', args, {
      env: { ...process.env, BENCH_MODE: mode, BENCH_USERS: String(users), BENCH_PASSWORD: PASSWORD },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('BENCH_JSON '));
      if (code !== 0 || !line) return reject(new Error(`wrk failed (${code}):\n${out}`));
      const figures = JSON.parse(line.slice('BENCH_JSON '.length));
      figures.rps = figures.requests / (figures.duration_us / 1e6);
      if (figures.non_2xx || figures.socket_errors || figures.timeouts) {
        return reject(new Error(`wrk saw failures: ${line}`));
      }
      resolve(figures);
    });
  });
}

async function json(base, method, pathname, body, token) {
  const response = await fetch(base + pathname, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const value = await response.json();
  if (!response.ok) throw new Error(`${method} ${pathname}: ${response.status} ${JSON.stringify(value)}`);
  return value;
}

/** An access token of bulk user 0 (MFA is off: password, then the statement). */
async function accessToken(base) {
  const step = await json(base, 'POST', '/api/v1/login', { org_code: 'BULK', username: 'AA0000AA', password: PASSWORD, keep_signed_in: false });
  const done = step.access_token ? step : await json(base, 'POST', `/api/v1/signin/${step.transaction_id}/agree`, {});
  return done.access_token;
}

/** CPU seconds (user + system) a process has used so far. */
const cpuSeconds = (pid) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in USER_HZ ticks
};

/** The raw argon2id verify rate on this machine now (`iam-api hash-rate`). */
const argon2Rate = (stack) => JSON.parse(stack.run(['hash-rate', '--seconds', String(Math.max(5, SECONDS / 2))]));

const peakRssMb = (pid) => {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmHWM:\s+(\d+) kB/)[1]) / 1024;
};

/** Milliseconds from spawning a second instance on the existing database
 *  to its first green /readyz (polled every 2 ms). */
async function startupMs(stack) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.env.IAM_API_BIN, ['serve'], { env: { ...stack.env, IAM_BIND: `127.0.0.1:${port}` }, stdio: 'ignore' });
  try {
    for (;;) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return performance.now() - started;
      } catch { /* not listening yet */ }
      if (performance.now() - started > 20000) throw new Error('no /readyz in 20 s');
      await new Promise((r) => setTimeout(r, 2));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

/** The sign-in page in a cold browser context: bytes on the wire and the
 *  time until the Username field accepts input. */
/** The sign-in page loaded cold in a browser speaking `locale`, whose
 *  Username field is labelled `label`: its transfer and the time until the
 *  field takes input (a Spanish browser also fetches the Spanish texts). */
async function signInPage(stack, { locale = 'en-US', label = 'Username' } = {}) {
  const context = await stack.browser.newContext({ locale });
  const page = await context.newPage();
  const responses = [];
  page.on('requestfinished', (request) => responses.push(request));
  const started = performance.now();
  await page.goto(stack.base + '/');
  const username = page.getByLabel(label);
  await username.waitFor({ state: 'visible' });
  await page.waitForFunction((label) => {
    const input = [...document.querySelectorAll('input')].find((i) => i.labels?.[0]?.textContent?.includes(label));
    return input && !input.disabled && !input.readOnly;
  }, label);
  const interactiveMs = performance.now() - started;
  await username.fill('AA0000AA');
  if (await username.inputValue() !== 'AA0000AA') throw new Error('the Username field did not take input');
  await page.waitForLoadState('networkidle');
  let bytes = 0;
  const encodings = new Set();
  for (const request of responses) {
    const sizes = await request.sizes();
    bytes += sizes.responseBodySize + sizes.responseHeadersSize;
    const response = await request.response();
    const encoding = response && (await response.allHeaders())['content-encoding'];
    if (encoding) encodings.add(encoding);
  }
  await context.close();
  return { interactiveMs, kb: bytes / 1024, requests: responses.length, encodings: [...encodings] };
}

/** Requests per second of `step` run back to back by `loops` concurrent
 *  callers for `seconds` (a closed loop from this process: each figure and
 *  its /healthz baseline go through the same client, so the ratio compares
 *  the server's work). */
async function closedLoop(step, { loops = 8, seconds = SECONDS } = {}) {
  let done = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(Array.from({ length: loops }, async () => {
    while (performance.now() < until) {
      await step();
      done += 1;
    }
  }));
  return done / ((performance.now() - started) / 1000);
}

const base64url = (bytes) => Buffer.from(bytes).toString('base64url');

/** 17: the OpenID Connect provider: authorization-code exchanges and whole
 *  SSO round trips (authorize with a session → code → token), each per
 *  second ÷ GET /healthz through the same client. */
async function oidcFigures(stack) {
  const base = stack.base;
  const token = await accessToken(base);
  const redirect = 'http://127.0.0.1:9/callback';
  /** A client of the bench (RS256, as Discovery requires, or EdDSA): its
   *  Authorization header. */
  const client = (id, alg) => {
    const printed = stack.run(['create-app', '--client-id', id, '--name', id, '--redirect-uri', redirect, '--id-token-alg', alg]);
    const secret = /client secret \(shown once\): (\S+)/.exec(printed)[1];
    return { id, basic: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` };
  };
  const rs256 = client('bench', 'RS256');
  const eddsa = client('bench-eddsa', 'EdDSA');
  const { createHash, randomBytes } = await import('node:crypto');
  const ok = async (response, what) => {
    if (!response.ok && response.status !== 303) throw new Error(`${what}: ${response.status} ${await response.text()}`);
    return response;
  };
  /** A code for bench user 0's session, and its PKCE verifier. */
  const code = async (app) => {
    const verifier = base64url(randomBytes(32));
    const challenge = base64url(createHash('sha256').update(verifier).digest());
    const query = new URLSearchParams({ response_type: 'code', client_id: app.id, redirect_uri: redirect, scope: 'openid profile',
      state: 's', nonce: 'n', code_challenge: challenge, code_challenge_method: 'S256' });
    const started = await ok(await fetch(`${base}/oauth2/authorize?${query}`, { redirect: 'manual' }), 'authorize');
    const handle = new URL(started.headers.get('location'), base).searchParams.get('request');
    const next = await (await ok(await fetch(`${base}/api/v1/authorize/continue`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ request: handle }),
    }), 'continue')).json();
    return { app, code: new URL(next.location).searchParams.get('code'), verifier };
  };
  const exchange = async ({ app, code: value, verifier }) => {
    const response = await ok(await fetch(`${base}/oauth2/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: app.basic },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: value, redirect_uri: redirect, code_verifier: verifier }),
    }), 'token');
    if (!(await response.json()).id_token) throw new Error('no ID token');
  };
  const health = async () => { await (await ok(await fetch(`${base}/healthz`), 'healthz')).arrayBuffer(); };
  /** Codes made ahead (they live IAM_OIDC_CODE_TTL_SECS here), then only
   *  their exchange is timed: (exchanges per second, how many). */
  const exchangeRate = async (app) => {
    const codes = [];
    const makeUntil = performance.now() + SECONDS * 1000;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (performance.now() < makeUntil) codes.push(await code(app));
    }));
    const started = performance.now();
    let exchanged = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      for (let next = codes.pop(); next; next = codes.pop()) {
        await exchange(next);
        exchanged += 1;
      }
    }));
    return [exchanged / ((performance.now() - started) / 1000), exchanged];
  };

  log('17. OpenID Connect: code exchanges and SSO round trips vs GET /healthz');
  const healthRps = await closedLoop(health);
  const [exchangeRps, exchanged] = await exchangeRate(rs256);
  const [eddsaRps] = await exchangeRate(eddsa);
  const roundTripRps = await closedLoop(async () => exchange(await code(rs256)));
  // The issue sets no target for these: they are reported, with the cost of
  // RS256 (the pure-Rust RSA signature) against EdDSA beside them.
  figure('17a', 'Authorization-code exchanges (POST /oauth2/token, RS256 ID token) vs GET /healthz', exchangeRps / healthRps, 'ratio',
    'reported', true, { exchanges_per_s: round(exchangeRps), codes_exchanged: exchanged, eddsa_exchanges_per_s: round(eddsaRps),
      healthz_rps: round(healthRps), loops: 8 });
  figure('17b', 'SSO round trips (authorize with a session → code → token) vs GET /healthz', roundTripRps / healthRps, 'ratio',
    'reported', true, { round_trips_per_s: round(roundTripRps), healthz_rps: round(healthRps), loops: 8 });
}

/** The i-th seeded username, as `bulk_seed::username` (and wrk.lua). */
function bulkUsername(i) {
  const letter = (n) => String.fromCharCode(65 + (n % 26));
  const high = Math.floor(i / 10000);
  return letter(Math.floor(high / 17576)) + letter(Math.floor(high / 676)) + String(i % 10000).padStart(4, '0')
    + letter(Math.floor(high / 26)) + letter(high);
}

/** Milliseconds one request takes, its status and its body. */
async function timed(base, method, pathname, body) {
  const started = performance.now();
  const response = await fetch(base + pathname, {
    method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { ms: performance.now() - started, status: response.status, text };
}

/** Two-sided Mann-Whitney U test (normal approximation with the tie
 *  correction): the probability of samples this far apart if both came
 *  from one distribution. */
function mannWhitneyP(a, b) {
  const all = [...a.map((v) => [v, 0]), ...b.map((v) => [v, 1])].sort((x, y) => x[0] - y[0]);
  const n = all.length;
  let rankSumA = 0;
  let ties = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && all[j + 1][0] === all[i][0]) j += 1;
    const rank = (i + j) / 2 + 1;
    const t = j - i + 1;
    ties += t ** 3 - t;
    for (let k = i; k <= j; k += 1) if (all[k][1] === 0) rankSumA += rank;
    i = j + 1;
  }
  const [n1, n2] = [a.length, b.length];
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - ties / (n * (n - 1))));
  const z = (Math.abs(u - (n1 * n2) / 2) - 0.5) / sigma;
  // 1 − Φ(z) by Abramowitz and Stegun 7.1.26 (error < 1.5e-7).
  const x = Math.max(z, 0) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return Math.min(1, 1 - erf);
}

/** Timing parity (checklist B8, C6): `samples` requests each for an
 *  existing and a missing account, interleaved so drift hits both alike.
 *  The answers must be identical too (bodies, status). Met when the
 *  medians differ by under 5% and Mann-Whitney gives p > 0.01. */
async function parityFigure(id, name, samples, request) {
  const known = [];
  const unknown = [];
  const answers = new Set();
  for (let i = 0; i < samples; i += 1) {
    for (const [exists, into] of i % 2 ? [[true, known], [false, unknown]] : [[false, unknown], [true, known]]) {
      const { ms, status, answer } = await request(i, exists);
      into.push(ms);
      answers.add(`${status} ${answer}`);
    }
  }
  const [a, b] = [median(known), median(unknown)];
  const difference = Math.abs(a - b) / Math.min(a, b);
  const p = mannWhitneyP(known, unknown);
  figure(id, name, difference * 100, '% median difference', '< 5% and Mann-Whitney p > 0.01, one answer',
    difference < 0.05 && p > 0.01 && answers.size === 1,
    { samples_each: samples, existing_median_ms: round(a, 3), missing_median_ms: round(b, 3), mann_whitney_p: round(p, 4),
      distinct_answers: answers.size });
}

/** B8: a wrong password for a real account vs an unknown username (ImmTrac2
 *  login); C6: IAMOnline Forgot Password for a real vs an unknown username,
 *  both screens (the second sends the e-mail only for the real one). */
async function timingFigures(stack) {
  const samples = Number(process.env.BENCH_PARITY_SAMPLES || 500);
  // Every "existing" sample must be a seeded user (bulk users 1..samples).
  if (samples >= BASE_USERS) throw new Error(`BENCH_PARITY_SAMPLES must stay under ${BASE_USERS}`);
  const missing = (i) => bulkUsername(5_000_000 + i);
  log(`6. timing parity, ${samples} samples each`);
  await parityFigure('6a', 'Sign-in: wrong password vs unknown username', samples, async (i, exists) => {
    const username = exists ? bulkUsername(1 + i) : missing(i);
    const r = await timed(stack.base, 'POST', '/api/v1/login',
      { org_code: 'BULK', username, password: 'Wrong-Harbor-Lantern-42', keep_signed_in: false });
    return { ...r, answer: JSON.parse(r.text).code };
  });
  const recoveries = { true: [], false: [] };
  await parityFigure('6b', 'Forgot Password: real vs unknown username', samples, async (i, exists) => {
    const username = exists ? bulkUsername(1 + i) : missing(samples + i);
    const r = await timed(stack.base, 'POST', '/api/v1/password/recovery', { identifier: username });
    const body = JSON.parse(r.text);
    recoveries[exists].push(body.recovery_id);
    return { ...r, answer: Object.keys(body).sort().join() };
  });
  await parityFigure('6c', 'Forgot Password e-mail: real vs unknown username', samples, async (i, exists) => {
    const r = await timed(stack.base, 'POST', `/api/v1/password/recovery/${recoveries[exists][i]}/send`);
    return { ...r, answer: Object.keys(JSON.parse(r.text)).sort().join() };
  });
}

const results = [];
function figure(id, name, value, unit, target, met, details) {
  results.push({ id, name, value: round(value, 3), unit, target, met, details });
  log(`${id} ${name}: ${round(value, 3)} ${unit} (target ${target}) ${met ? 'MET' : 'MISSED'} ${JSON.stringify(details)}`);
}

/** Figures 5c–5f: the sign-in page's transfer and readiness, cold, in
 *  English and in Spanish (median of 5 each). */
async function pageFigures(stack) {
  const pages = [];
  for (let i = 0; i < 5; i += 1) pages.push(await signInPage(stack));
  figure('5c', 'Sign-in page transfer, compressed', pages[0].kb, 'KB', '≤ 200 KB', pages[0].kb <= 200,
    { requests: pages[0].requests, content_encodings: pages[0].encodings });
  const interactive = median(pages.map((p) => p.interactiveMs));
  figure('5d', 'Sign-in page: time until Username accepts input, cold (median of 5)', interactive, 'ms', '≤ 1000 ms',
    interactive <= 1000, { runs_ms: pages.map((p) => round(p.interactiveMs, 1)) });
  const spanish = [];
  for (let i = 0; i < 5; i += 1) spanish.push(await signInPage(stack, { locale: 'es-MX', label: 'Nombre de usuario' }));
  figure('5e', 'Sign-in page in Spanish: transfer, compressed', spanish[0].kb, 'KB', '≤ 200 KB', spanish[0].kb <= 200,
    { requests: spanish[0].requests, content_encodings: spanish[0].encodings });
  const spanishInteractive = median(spanish.map((p) => p.interactiveMs));
  figure('5f', 'Sign-in page in Spanish: time until Nombre de usuario accepts input, cold (median of 5)', spanishInteractive, 'ms',
    '≤ 1000 ms', spanishInteractive <= 1000, { runs_ms: spanish.map((p) => round(p.interactiveMs, 1)) });
}

async function sqliteFigures() {
  const stack = await startStack({ browser: true, env: serverEnv, backend: 'sqlite' });
  try {
    stack.run(['seed-bulk', '--users', String(BASE_USERS)], { IAM_SEED_PASSWORD: PASSWORD });
    const base = stack.base;
    if (process.env.BENCH_ONLY === 'parity') return await timingFigures(stack);
    if (process.env.BENCH_ONLY === 'oidc') return await oidcFigures(stack);
    if (process.env.BENCH_ONLY === 'pages') return await pageFigures(stack);
    const token = await accessToken(base);

    log('1. raw argon2id verify rate and sign-in throughput');
    // The machine's speed drifts: the baseline is taken before and after
    // the load, and the ratio uses their mean.
    const before = argon2Rate(stack);
    const logins = await wrk({ url: `${base}/api/v1/login`, connections: 4 * before.threads, mode: 'login', seconds: SECONDS * 1.5 });
    const after = argon2Rate(stack);
    const hashRate = { ...before, per_second: (before.per_second + after.per_second) / 2 };
    figure('1', 'Sign-in throughput vs raw argon2id verify rate', logins.rps / hashRate.per_second, 'ratio', '≥ 0.90',
      logins.rps / hashRate.per_second >= 0.9,
      { login_rps: round(logins.rps), argon2_verify_per_s: round(hashRate.per_second),
        argon2_before_after: [round(before.per_second), round(after.per_second)], threads: hashRate.threads,
        argon2: { memory_kib: hashRate.memory_kib, iterations: hashRate.iterations, parallelism: hashRate.parallelism } });

    log('2. GET /session vs GET /healthz');
    const health = await wrk({ url: `${base}/healthz`, connections: 16 });
    const session = await wrk({ url: `${base}/api/v1/session`, connections: 16, headers: [`Authorization: Bearer ${token}`] });
    figure('2', 'GET /session throughput vs GET /healthz', session.rps / health.rps, 'ratio', '≥ 0.50',
      session.rps / health.rps >= 0.5, { session_rps: round(session.rps), healthz_rps: round(health.rps) });
    const rssMb = peakRssMb(stack.api.pid);

    log('3. GET /session p99 alone and under a sign-in flood');
    const alone = await wrk({ url: `${base}/api/v1/session`, connections: 1, headers: [`Authorization: Bearer ${token}`] });
    const flood = wrk({ url: `${base}/api/v1/login`, connections: 32, mode: 'login', seconds: SECONDS + 4 });
    await new Promise((r) => setTimeout(r, 2000));
    const loaded = await wrk({ url: `${base}/api/v1/session`, connections: 1, headers: [`Authorization: Bearer ${token}`] });
    const floodFigures = await flood;
    const p99 = loaded.p99_us / 1000;
    const ratio = loaded.p99_us / alone.p99_us;
    figure('3', 'GET /session p99 under a sign-in flood', p99, 'ms', '≤ 50 ms and ≤ 5× unloaded p99',
      p99 <= 50 && ratio <= 5, { unloaded_p99_ms: round(alone.p99_us / 1000, 3), loaded_p99_ms: round(p99, 3),
        ratio_to_unloaded: round(ratio), flood_login_rps: round(floodFigures.rps) });

    log('5. footprint');
    figure('5a', 'API peak resident memory under the loads of 1 and 2 (SQLite)', rssMb, 'MB', '≤ 75 MB', rssMb <= 75, {});
    if (process.env.BENCH_ONLY === 'core') return;
    const startups = [];
    for (let i = 0; i < 5; i += 1) startups.push(await startupMs(stack));
    figure('5b', 'Start-up to a green /readyz on an existing database (median of 5)', median(startups), 'ms', '≤ 300 ms',
      median(startups) <= 300, { runs_ms: startups.map((x) => round(x, 1)) });
    await pageFigures(stack);
    await timingFigures(stack);
    await oidcFigures(stack);

    await scaleFigure(stack, 'sqlite');
  } finally {
    await stack.stop();
  }
}

/** 4: sign-in p50 at 1 000 users, then at SCALE_USERS (seeded on top). */
async function scaleFigure(stack, backend) {
  log(`4. scale on ${backend}: ${BASE_USERS} users`);
  const small = await wrk({ url: `${stack.base}/api/v1/login`, connections: 1, mode: 'login', users: BASE_USERS });
  log(`4. seeding up to ${SCALE_USERS} users on ${backend}`);
  const seedStarted = performance.now();
  stack.run(['seed-bulk', '--start', String(BASE_USERS), '--users', String(SCALE_USERS - BASE_USERS)], { IAM_SEED_PASSWORD: PASSWORD });
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const large = await wrk({ url: `${stack.base}/api/v1/login`, connections: 1, mode: 'login', users: SCALE_USERS });
  const ratio = large.p50_us / small.p50_us;
  figure(`4-${backend}`, `Sign-in p50 at ${SCALE_USERS.toLocaleString('en')} users vs ${BASE_USERS.toLocaleString('en')} (${backend})`,
    ratio, 'ratio', '≤ 1.2', ratio <= 1.2,
    { p50_small_ms: round(small.p50_us / 1000, 3), p50_large_ms: round(large.p50_us / 1000, 3), seed_seconds: round(seedSeconds, 1) });
}

/** 11: complete IAMOnline sign-ins with the e-mail code (start, password,
 *  send, verify, agree) per second, against the raw argon2id rate measured
 *  before and after on the same machine. The code is read from maildev, as
 *  a person reads the mail; each bulk user signs in once (no send limit is
 *  met), and read mail is deleted so the poll stays small. maildev runs on
 *  the same two cores: its share of the CPU is part of what this measures. */
async function emailCodeFigure() {
  const workers = Number(process.env.BENCH_SIGNIN_WORKERS || 16);
  const users = 4000;
  const stack = await startStack({ browser: false, env: { ...serverEnv, IAM_MFA_REQUIRED: 'true' }, backend: 'sqlite' });
  try {
    stack.run(['seed-bulk', '--users', String(users)], { IAM_SEED_PASSWORD: PASSWORD });
    const base = stack.base;
    const codes = new Map(); // recipient -> resolve
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const mail = await (await fetch(`${stack.mailBase}/email`)).json();
        for (const m of mail) {
          const code = m.text?.match(/Enter this code: (\d{6})/)?.[1];
          const to = m.to?.[0]?.address;
          if (code && codes.has(to)) { codes.get(to)(code); codes.delete(to); }
          if (code || !codes.has(to)) await fetch(`${stack.mailBase}/email/${m.id}`, { method: 'DELETE' });
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const codeFor = (to) => new Promise((resolve, reject) => {
      codes.set(to, resolve);
      setTimeout(() => reject(new Error(`no code for ${to} in 15 s`)), 15000);
    });
    const post = (pathname, body) => json(base, 'POST', pathname, body);
    // Where a sign-in's time goes, step by step (medians in the report).
    const steps = { start: [], password: [], send: [], mail: [], verify: [], agree: [] };
    const step = async (name, work) => {
      const t0 = performance.now();
      const value = await work();
      steps[name].push(performance.now() - t0);
      return value;
    };
    const signIn = async (i) => {
      const started = await step('start', () => post('/api/v1/signin', { username: bulkUsername(i), keep_signed_in: false }));
      const tx = `/api/v1/signin/${started.transaction_id}`;
      const afterPassword = await step('password', () => post(`${tx}/password`, { password: PASSWORD }));
      if (afterPassword.next_step !== 'email_code') throw new Error(`after the password: ${JSON.stringify(afterPassword)}`);
      const code = codeFor(`bulk${i}@bulk.example`);
      await step('send', () => post(`${tx}/email-code`));
      const received = await step('mail', () => code);
      await step('verify', () => post(`${tx}/email-code/verify`, { code: received }));
      const done = await step('agree', () => post(`${tx}/agree`));
      if (!done.access_token) throw new Error(`no session: ${JSON.stringify(done)}`);
    };
    const before = argon2Rate(stack);
    let next = 0;
    let completed = 0;
    const latencies = [];
    const maildevPid = Number(spawnSync('pgrep', ['-n', '-f', 'maildev'], { encoding: 'utf8' }).stdout.trim());
    const cpuBefore = { api: cpuSeconds(stack.api.pid), maildev: cpuSeconds(maildevPid), client: process.cpuUsage() };
    const started = performance.now();
    const deadline = started + SECONDS * 1000;
    await Promise.all(Array.from({ length: workers }, async () => {
      while (performance.now() < deadline && next < users) {
        const t0 = performance.now();
        await signIn(next++);
        latencies.push(performance.now() - t0);
        completed += 1;
      }
    }));
    const elapsed = (performance.now() - started) / 1000;
    const clientCpu = process.cpuUsage(cpuBefore.client);
    const cpuMsPerSignin = {
      api: round(((cpuSeconds(stack.api.pid) - cpuBefore.api) * 1000) / completed, 1),
      maildev: round(((cpuSeconds(maildevPid) - cpuBefore.maildev) * 1000) / completed, 1),
      bench_client: round((clientCpu.user + clientCpu.system) / 1000 / completed, 1),
    };
    const after = argon2Rate(stack);
    polling = false;
    await poller;
    const perSecond = completed / elapsed;
    const hashRate = (before.per_second + after.per_second) / 2;
    figure('11', 'IAMOnline sign-ins with the e-mail code vs raw argon2id verify rate', perSecond / hashRate, 'ratio', '≥ 0.80',
      perSecond / hashRate >= 0.8,
      { signins_per_s: round(perSecond), completed, workers, argon2_verify_per_s: round(hashRate),
        argon2_before_after: [round(before.per_second), round(after.per_second)],
        p50_ms: round(median(latencies), 1), requests_per_signin: 5,
        cpu_ms_per_signin: cpuMsPerSignin, argon2_cpu_ms_per_verify: round((before.threads * 1000) / hashRate, 1),
        step_p50_ms: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, round(median(v), 1)])) });
  } finally {
    await stack.stop();
  }
}

/** 19: central office through the agency directory (OpenLDAP over LDAPS,
 *  tests/directory/slapd.sh, on this machine): ImmTrac2 logins per second of
 *  directory accounts ÷ those of local accounts, one account per loop, the
 *  same loops. The local rate is taken before and after (the machine
 *  drifts) and the ratio uses their mean. */
async function directoryFigure() {
  const directory = await startDirectory();
  const stack = await startStack({ browser: false, env: { ...serverEnv, ...directory.env }, backend: 'sqlite' });
  try {
    const people = ['riley.park@hhs.texas.gov', 'jordan.lee@dshs.texas.gov', 'taylor.moves@dshs.texas.gov',
      'quinn.leaves@dshs.texas.gov', 'avery.guess@dshs.texas.gov', 'blake.browser@dshs.texas.gov'];
    stack.run(['seed-bulk', '--users', String(people.length)], { IAM_SEED_PASSWORD: PASSWORD });
    stack.run(['create-org', '--code', 'CO0001', '--name', 'Central Office']);
    const directoryAccounts = people.map((username) => ({ org_code: 'CO0001', username, password: directory.password }));
    const localAccounts = people.map((_, i) => ({ org_code: 'BULK', username: bulkUsername(i), password: PASSWORD }));
    const login = (account) => json(stack.base, 'POST', '/api/v1/login', { ...account, keep_signed_in: false });
    /** Logins per second, each loop signing its own account in again and again. */
    const rate = async (accounts) => {
      let done = 0;
      const started = performance.now();
      const until = started + SECONDS * 1000;
      await Promise.all(accounts.map(async (account) => {
        while (performance.now() < until) {
          await login(account);
          done += 1;
        }
      }));
      return done / ((performance.now() - started) / 1000);
    };
    // The first directory sign-in creates the account: not part of the rate.
    for (const account of directoryAccounts) await login(account);
    log('19. central office through the directory vs local sign-ins');
    const localBefore = await rate(localAccounts);
    const viaDirectory = await rate(directoryAccounts);
    const localAfter = await rate(localAccounts);
    const local = (localBefore + localAfter) / 2;
    figure('19', 'ImmTrac2 logins of directory accounts (LDAPS search and bind) vs local accounts (argon2id)', viaDirectory / local,
      'ratio', 'reported', true, { directory_logins_per_s: round(viaDirectory), local_logins_per_s: round(local),
        local_before: round(localBefore), local_after: round(localAfter), loops: people.length, ldap_pool_size: 4 });
  } finally {
    await stack.stop();
    directory.stop();
  }
}

async function postgresFigures() {
  const stack = await startStack({ browser: false, env: serverEnv, backend: 'postgres' });
  try {
    stack.run(['seed-bulk', '--users', String(BASE_USERS)], { IAM_SEED_PASSWORD: PASSWORD });
    await scaleFigure(stack, 'postgres');
  } finally {
    await stack.stop();
  }
}

const startedAt = new Date();
if (backends.includes('sqlite') && !['signin11', 'directory'].includes(process.env.BENCH_ONLY)) await sqliteFigures();
if (backends.includes('sqlite') && [undefined, 'signin11', 'core'].includes(process.env.BENCH_ONLY)) await emailCodeFigure();
if (backends.includes('sqlite') && [undefined, 'directory'].includes(process.env.BENCH_ONLY)) await directoryFigure();
if (backends.includes('postgres') && !process.env.BENCH_ONLY) await postgresFigures();

const cpu = os.cpus();
const report = {
  date: startedAt.toISOString(),
  machine: { cores: cpu.length, cpu: cpu[0]?.model, memory_gib: round(os.totalmem() / 2 ** 30, 1), os: `${os.type()} ${os.release()}` },
  parameters: { seconds_per_run: SECONDS, base_users: BASE_USERS, scale_users: SCALE_USERS, load_tool: (spawnSync('wrk', ['--version'], { encoding: 'utf8' }).stdout ?? '').split('\n')[0].trim() || 'wrk',
    server: 'release build, rate limit off, MFA off, RUST_LOG=error' },
  results,
};
if (process.env.BENCH_ONLY) process.exit(0); // a partial run leaves the report alone
const dir = path.join(here, 'results');
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
const rows = results.map((r) => `| ${r.id} | ${r.name} | ${r.value} ${r.unit} | ${r.target} | ${r.met ? 'met' : '**missed**'} | ${
  Object.entries(r.details).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join('; ')} |`);
fs.writeFileSync(path.join(dir, 'report.md'), [
  `# Benchmark report (${report.date})`,
  '',
  `Machine: ${report.machine.cores} cores (${report.machine.cpu}), ${report.machine.memory_gib} GiB, ${report.machine.os}.`,
  `Parameters: ${SECONDS} s per wrk run, ${BASE_USERS} and ${SCALE_USERS.toLocaleString('en')} users, ${report.parameters.server}.`,
  'How to read it: docs/benchmarks.md.',
  '',
  '| # | Figure | Value | Target | Result | Absolute numbers |',
  '|---|---|---|---|---|---|',
  ...rows,
  '',
].join('\n'));
log(`report written to ${path.relative(process.cwd(), dir)}/report.{md,json}`);
