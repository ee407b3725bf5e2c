// A browser walk in Spanish (docs/i18n.md, "the browser walk in Spanish"):
// both doors, recovery, activation, the dashboard and its screens, the
// public forms and the support console, in a browser that asks for es-MX.
// Every screen is checked by `checkScreen`: no English sentence of the
// catalogue in its visible text, no common English word outside what is
// marked lang="en", <html lang="es">, axe-core clean, and a full-page
// screenshot (test-results/screens/<backend>-es-<screen>.png).
//
// The walk finds its way with the catalogue's own Spanish, fetched from
// the running server (GET /api/v1/texts/{lang}/{area}): no Spanish text is
// written here, so the walk follows the catalogue as it is translated, and
// reaching a screen at all proves its controls are in Spanish.
//
// The findings of every screen are collected and reported together at the
// end of each test (and as diagnostics when the walk stops early), so one
// run lists every English leftover instead of the first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { assertAccessible, demoLogins, openPage, repoRoot, solveCaptcha as solveCaptchaLabelled, startStack } from './harness.mjs';

const backend = process.env.IAM_TEST_DB || 'sqlite';
const shots = path.join(repoRoot, 'tests/e2e/test-results/screens');
const AREAS = ['common', 'signin', 'account', 'portal', 'console', 'problems', 'mail'];

let stack;
let logins;
/** GET /config in Spanish: the portal's and the application's names fill the texts. */
let config;
/** lang → area → Map(key → text), as the server serves them. */
const catalogue = { en: {}, es: {} };
/** The English detector's fragments: { fragment, where }. */
let fragments = [];
/** Accounts that finished a sign-in in Spanish: their e-mails are Spanish from then on. */
const spanishAccounts = new Set();

before(async () => {
  stack = await startStack({ env: { IAM_LANGUAGES: '[en,es]' } });
  logins = demoLogins(stack.run(['seed-demo']));
  fs.mkdirSync(shots, { recursive: true });
  for (const lang of ['en', 'es']) {
    for (const area of AREAS) {
      const res = await fetch(`${stack.base}/api/v1/texts/${lang}/${area}`);
      assert.equal(res.status, 200, `GET /api/v1/texts/${lang}/${area}`);
      const body = await res.json();
      assert.equal(body.keys.length, body.texts.length, `${lang}/${area}: one text per key`);
      catalogue[lang][area] = new Map(body.keys.map((key, i) => [key, body.texts[i]]));
    }
  }
  config = await (await fetch(`${stack.base}/api/v1/config`, { headers: { 'accept-language': 'es' } })).json();
  fragments = englishFragments();
  assert.ok(fragments.length > 100, `the English detector has fragments to look for (${fragments.length})`);
});
after(async () => { await stack?.stop(); });

// ---------------------------------------------------------------------------
// The catalogue.

function text(lang, area, key) {
  const found = catalogue[lang][area]?.get(key);
  if (found === undefined) throw new Error(`no ${area}::${key} in the ${lang} catalogue (renamed or removed?)`);
  return found;
}
/** The Spanish of a catalogue key. */
const es = (area, key) => text('es', area, key);
/** A text with its `{placeholders}` filled from `values`. */
const fill = (template, values) => template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
/** The Spanish of a key, filled. */
const esFill = (area, key, values) => fill(es(area, key), values);
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A text as a regex: its literal parts, anything in place of each placeholder. */
const pattern = (template) => new RegExp(template.trim().split(/\{\w+\}/).map(escapeRe).join('[\\s\\S]*?'));
/** The Spanish of a key with placeholders, as a regex of its literal parts. */
const esRe = (area, key) => pattern(es(area, key));

/**
 * The English detector: of every text whose Spanish differs, the literal
 * parts between placeholders of at least 12 characters with a space in
 * them ("Reset your password", not "Next"). A part that also occurs in a
 * Spanish text (a product name, a file name) proves nothing and is left out.
 */
function englishFragments() {
  const spanish = AREAS.flatMap((area) => [...catalogue.es[area].values()]);
  const found = new Map();
  for (const area of AREAS) {
    for (const [key, english] of catalogue.en[area]) {
      if (catalogue.es[area].get(key) === english) continue;
      for (const part of english.split(/\{\w+\}/)) {
        const fragment = part.replace(/\s+/g, ' ').trim();
        if (fragment.length < 12 || !fragment.includes(' ')) continue;
        if (spanish.some((s) => s.includes(fragment))) continue;
        found.set(fragment, [...(found.get(fragment) ?? []), `${area}::${key}`]);
      }
    }
  }
  return [...found].map(([fragment, where]) => ({ fragment, where: where.join(', ') }));
}

// ---------------------------------------------------------------------------
// The check of every screen.

/** What the current test found, screen by screen; reported at its end. */
let findings = [];
let checked = [];

/** Data, not the portal's words: shown as it was entered, in any language. */
const ALWAYS_DATA = ['code', 'pre'];
/** The application catalogue's names and descriptions on the dashboard's
 *  tiles: the agency enters them once, in one language (the server's
 *  built-in section titles, cards and panels are checked). */
const TILE_DATA = ['li.tile > a', 'li.tile small', 'li.tile.locked'];
/** The section editor names the same applications beside its checkboxes. */
const EDITOR_DATA = [...TILE_DATA, '.section-editor .checkbox label'];
/** Manage My Access: the organizations and the applications (names and
 *  descriptions from the catalogue) under the headings without an id. */
const MY_ACCESS_DATA = ['h2:not([id]) + ul > li'];

/**
 * Check the screen shown as `name`: its visible text holds no English
 * sentence of the catalogue; its words, outside what is marked as another
 * language, hold none of "the", "your", "please", "you"; <html lang="es">;
 * axe-core finds nothing serious; then a full-page screenshot. `data`:
 * CSS selectors of elements whose text is data (names, subjects), left
 * out of both text checks. Findings are collected, not thrown.
 */
async function checkScreen(page, name, { data = [] } = {}) {
  await page.locator('h1').first().waitFor();
  // Let a screen's loading states settle into its content.
  await page.waitForLoadState('networkidle').catch(() => {});
  const waiting = [es('common', 'LOADING'), es('account', 'CHECKING_LINK'), es('signin', 'CAPTCHA_LOADING')];
  await page.waitForFunction((texts) => ![...document.querySelectorAll('[role="status"]')]
    .some((el) => texts.includes(el.textContent.trim())), waiting, { timeout: 10000 }).catch(() => {});
  checked.push(name);
  const found = (what) => findings.push(`${name}: ${what}`);

  const seen = await page.evaluate((skip) => {
    const selector = ['[lang]:not([lang=""]):not([lang^="es"])', 'script', 'style', 'noscript', 'template', ...skip].join(', ');
    // The visible text, without what is marked as another language or is data.
    let visible = document.body.innerText;
    for (const el of document.body.querySelectorAll(selector)) {
      if (el.parentElement?.closest(selector)) continue;
      const inner = typeof el.innerText === 'string' ? el.innerText.trim() : '';
      if (inner) visible = visible.split(inner).join('\n');
    }
    // Every word of the page, hidden ones too (screen readers read them),
    // from a copy without the same elements.
    const copy = document.body.cloneNode(true);
    copy.querySelectorAll(selector).forEach((el) => el.remove());
    const walker = document.createTreeWalker(copy, NodeFilter.SHOW_TEXT);
    const words = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) words.push(node.nodeValue);
    return { visible, words: words.join(' ') };
  }, [...ALWAYS_DATA, ...data]);

  const visible = seen.visible.replace(/\s+/g, ' ');
  for (const { fragment, where } of fragments) {
    if (visible.includes(fragment)) found(`English sentence "${fragment}" (${where})`);
  }
  const words = seen.words.replace(/\s+/g, ' ');
  const english = [...words.matchAll(/\b(the|your|please|you)\b/gi)];
  for (const m of english.slice(0, 8)) {
    found(`English word "${m[0]}" in "…${words.slice(Math.max(0, m.index - 60), m.index + 60).trim()}…"`);
  }
  if (english.length > 8) found(`${english.length - 8} more English words`);

  const lang = await page.getAttribute('html', 'lang');
  if (lang !== 'es') found(`<html lang="${lang}">, not "es"`);
  try {
    await assertAccessible(page, `${name} (es)`);
  } catch (e) {
    found(e.message.split('\n').slice(0, 12).join(' '));
  }
  const file = `${backend}-es-${name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase()}.png`;
  await page.screenshot({ path: path.join(shots, file), fullPage: true });
}

/** Run a walk: its findings and screens are reported even when it stops
 *  early, and it fails when any screen had a finding. */
async function walk(t, body) {
  findings = [];
  checked = [];
  try {
    await body();
  } finally {
    t.diagnostic(`screens checked in Spanish (${checked.length}): ${checked.join(' · ')}`);
    for (const finding of findings) t.diagnostic(finding);
  }
  assert.deepEqual(findings, [], `${findings.length} finding(s) on the Spanish screens:\n${findings.join('\n')}`);
}

// ---------------------------------------------------------------------------
// The browser, the mail.

/** A browser context that asks for Spanish (es-MX). Like the harness's
 *  openPage: uncaught errors in `problems`, and the CAPTCHA answers the
 *  test-hooks build reveals in `page.captchaAnswers`. */
async function openEs() {
  const { page, problems, close: closeContext } = await openPage(stack, { locale: 'es-MX' });
  const close = async () => {
    for (const problem of problems) findings.push(`script error: ${problem}`);
    await closeContext();
  };
  return { page, problems, close };
}

/** The harness's solveCaptcha, with the field's Spanish label. */
const solveCaptcha = (page) => solveCaptchaLabelled(page, es('signin', 'CAPTCHA_LABEL'));

const heading = (page, name, level) => page.getByRole('heading', { name, exact: typeof name === 'string', ...(level ? { level } : {}) });
const button = (page, name) => page.getByRole('button', { name, exact: typeof name === 'string' });
const link = (page, name) => page.getByRole('link', { name, exact: typeof name === 'string' });
const field = (page, label) => page.getByLabel(label, { exact: true });

/** Every mail to `to`, oldest first. */
const mailsTo = async (to) => (await stack.mail()).filter((m) => m.to.some((t) => t.address === to));

/** The newest mail to `to` after the first `earlier` that `wanted` accepts. */
async function nextMail(to, earlier, wanted = () => true) {
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    const fresh = (await mailsTo(to)).slice(earlier).filter(wanted);
    if (fresh.length > 0) return fresh[fresh.length - 1];
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no new mail to ${to} (after ${earlier})`);
}

/** The value of `{placeholder}` in a line of the mail written from `key`, in either language. */
function fromMail(mail, key, placeholder, valuePattern) {
  for (const lang of ['es', 'en']) {
    const source = text(lang, 'mail', key).split(/(\{\w+\})/)
      .map((part) => (part === `{${placeholder}}` ? `(${valuePattern})` : /^\{\w+\}$/.test(part) ? '.*?' : escapeRe(part)))
      .join('');
    const m = (mail.text ?? '').match(new RegExp(source));
    if (m) return m[1];
  }
  return null;
}
const codeIn = (mail) => fromMail(mail, 'ENTER_CODE', 'code', '\\d{6}');
/** A mail's button link ("Activar cuenta: https://…"), labelled in either language. */
function linkIn(mail, key) {
  for (const lang of ['es', 'en']) {
    const m = (mail.text ?? '').match(new RegExp(`${escapeRe(text(lang, 'mail', key))}: (https?://\\S+)`));
    if (m) return m[1];
  }
  return null;
}

/** A mail to an account whose language is Spanish must be Spanish. */
function expectSpanishMail(mail, key, values) {
  const subject = esFill('mail', key, values);
  if (mail.subject !== subject) findings.push(`mail to ${mail.to.map((t) => t.address).join(', ')}: subject "${mail.subject}", not "${subject}"`);
}

// ---------------------------------------------------------------------------
// Sign-in steps.

const portal = () => config.portal_name;
const app = () => config.app_name;

/** From "Get a verification email" through the code; `label` names the
 *  screens checked on the way (none when null). */
async function passEmailCode(page, email, label) {
  await heading(page, es('signin', 'GET_EMAIL_TITLE'), 1).waitFor();
  if (label) await checkScreen(page, `${label}: get a verification email`);
  const earlier = (await mailsTo(email)).length;
  await button(page, es('signin', 'SEND_ME_AN_EMAIL')).click();
  await heading(page, es('signin', 'EMAIL_TITLE'), 1).waitFor();
  await button(page, esRe('signin', 'SEND_AGAIN_IN')).waitFor();
  if (label) await checkScreen(page, `${label}: verify with your email`);
  const mail = await nextMail(email, earlier, codeIn);
  await field(page, es('signin', 'ENTER_CODE')).fill(codeIn(mail));
  await field(page, es('signin', 'ENTER_CODE')).press('Enter');
}

/** The IAMOnline door in Spanish, to the dashboard; `check` checks every step. */
async function signIn(page, login, email, { check = false } = {}) {
  await page.goto(stack.base + '/');
  await heading(page, esFill('signin', 'SIGN_IN_TITLE', { portal: portal() }), 1).waitFor();
  if (check) {
    await checkScreen(page, 'sign-in');
    await button(page, es('signin', 'NEXT')).click();
    await page.getByText(es('signin', 'ENTER_USERNAME')).waitFor();
    await checkScreen(page, 'sign-in with an error');
  }
  await field(page, es('signin', 'USERNAME')).fill(login.username);
  await button(page, es('signin', 'NEXT')).click();
  await heading(page, es('signin', 'CHOOSE_METHOD_TITLE'), 1).waitFor();
  if (check) await checkScreen(page, 'sign-in: choose a security method');
  await button(page, esFill('signin', 'SELECT_METHOD', { method: es('signin', 'METHOD_PASSWORD') })).click();
  await heading(page, es('signin', 'PASSWORD_TITLE'), 1).waitFor();
  if (check) await checkScreen(page, 'sign-in: verify with your password');
  await field(page, es('signin', 'METHOD_PASSWORD')).fill(login.password);
  await button(page, es('signin', 'VERIFY')).click();
  await passEmailCode(page, email, check ? 'sign-in' : null);
  await heading(page, es('signin', 'CONFIDENTIALITY_TITLE'), 1).waitFor();
  if (check) await checkScreen(page, 'sign-in: confidentiality statement');
  await button(page, es('signin', 'I_AGREE')).click();
  await heading(page, es('portal', 'DASHBOARD'), 1).waitFor();
  spanishAccounts.add(login.username);
}

// ---------------------------------------------------------------------------
// The walks.

test(`[${backend}] every screen of the walk in Spanish has no English sentence: the IAMOnline door, the dashboard and its screens, logout`, async (t) => {
  await walk(t, async () => {
    const dana = logins.DA1001MO;
    assert.ok(dana, 'seed-demo printed the demo logins');
    const { page, close } = await openEs();
    await signIn(page, dana, 'dana.morales@example.org', { check: true });

    await page.getByText(esFill('portal', 'WELCOME', { first: 'Dana', last: 'Morales' })).waitFor();
    await page.locator('li.tile').first().waitFor();
    await checkScreen(page, 'dashboard', { data: TILE_DATA });
    await button(page, es('portal', 'ADD_SECTION')).click();
    await field(page, es('portal', 'SECTION_NAME')).waitFor();
    await checkScreen(page, 'dashboard: add a section', { data: EDITOR_DATA });
    await button(page, es('portal', 'CANCEL')).click();

    await page.goto(stack.base + '/aua');
    await heading(page, es('portal', 'AUA_TITLE'), 1).waitFor();
    await field(page, es('portal', 'FIRST_NAME_REQUIRED')).waitFor();
    await checkScreen(page, 'AUA form');
    await button(page, es('signin', 'SUBMIT')).click();
    await page.getByText(es('portal', 'CHECK_ACKNOWLEDGEMENT')).waitFor();
    await checkScreen(page, 'AUA form with errors');

    await page.goto(stack.base + '/dashboard');
    await heading(page, es('portal', 'DASHBOARD'), 1).waitFor();
    await link(page, es('portal', 'CHANGE_PASSWORD')).click();
    await heading(page, es('account', 'CHANGE_PASSWORD'), 1).waitFor();
    await field(page, es('account', 'CURRENT_PASSWORD')).waitFor();
    await checkScreen(page, 'change password');
    await field(page, es('account', 'NEW_PASSWORD')).fill('corta');
    await page.getByText(esRe('account', 'STRENGTH_LINE')).waitFor();
    await checkScreen(page, 'change password: strength and checklist');

    // Manage My Access: organizations, applications, security methods and
    // where the account is signed in (sessions, familiar devices).
    await page.goto(stack.base + '/manage-my-access');
    await heading(page, es('portal', 'MANAGE_MY_ACCESS'), 1).waitFor();
    await heading(page, es('account', 'SECURITY_METHODS'), 2).waitFor();
    await page.getByText(es('account', 'NO_METHODS')).waitFor();
    await heading(page, es('account', 'WHERE_SIGNED_IN'), 2).waitFor();
    await heading(page, es('account', 'FAMILIAR_DEVICES')).waitFor();
    await checkScreen(page, 'manage my access: security methods and devices', { data: MY_ACCESS_DATA });
    // An authenticator app's set-up, left unfinished (the sign-in stays as it is).
    await field(page, es('account', 'APP_NAME_LABEL')).fill('Teléfono del trabajo');
    await button(page, es('account', 'SET_UP_AN_APP')).click();
    await heading(page, es('account', 'SET_UP_APP_TITLE')).waitFor();
    await page.getByRole('img', { name: es('account', 'QR_ALT') }).waitFor();
    await checkScreen(page, 'manage my access: set up an authenticator app', { data: MY_ACCESS_DATA });
    await page.locator('.setup').getByRole('button', { name: es('account', 'CANCEL'), exact: true }).click();

    await page.goto(stack.base + '/help');
    await heading(page, es('portal', 'HELP_GUIDE'), 1).waitFor();
    await heading(page, es('portal', 'NEED_ASSISTANCE')).waitFor();
    await checkScreen(page, 'help guide');
    await page.goto(stack.base + '/forms');
    await heading(page, es('portal', 'FORMS'), 1).waitFor();
    await checkScreen(page, 'forms');
    // A plain user's view of the Point of Contact's pages (a refusal, in words).
    await page.goto(stack.base + '/manage-access');
    await heading(page, es('portal', 'MANAGE_ACCESS'), 1).waitFor();
    await page.getByRole('alert').or(page.getByText(es('portal', 'MANAGE_ACCESS_INTRO'))).first().waitFor();
    await checkScreen(page, 'manage access (plain user)');
    await page.goto(stack.base + '/access-requests');
    await heading(page, es('portal', 'ACCESS_REQUESTS'), 1).waitFor();
    await checkScreen(page, 'access requests (plain user)');

    await page.goto(stack.base + '/dashboard');
    await heading(page, es('portal', 'DASHBOARD'), 1).waitFor();
    await button(page, es('portal', 'LOGOUT')).click();
    await heading(page, es('portal', 'LOGGED_OUT'), 1).waitFor();
    await page.locator('p.success[role="status"]').waitFor();
    await checkScreen(page, 'logged out');
    await close();
  });
});

test(`[${backend}] every screen of the walk in Spanish has no English sentence: the ImmTrac2 door, its ladder, the portal view, the home and a Point of Contact's pages`, async (t) => {
  await walk(t, async () => {
    // The ladder, with an unknown account (as signin.test.mjs): the
    // failure dialog twice, then the recall screen with its CAPTCHA.
    const stranger = await openEs();
    const s = stranger.page;
    await s.goto(stack.base + '/');
    await heading(s, esFill('signin', 'SIGN_IN_TITLE', { portal: portal() }), 1).waitFor();
    await link(s, es('signin', 'IMMTRAC2_LOGIN_LINK')).click();
    await heading(s, es('signin', 'IMMTRAC2_LOGIN_TITLE'), 1).waitFor();
    await checkScreen(s, 'ImmTrac2 login');
    const attempt = async () => {
      await field(s, es('signin', 'ORG_CODE')).fill('DSHS01');
      await field(s, es('signin', 'USERNAME')).fill('jane.doe@dshs.texas.gov');
      await field(s, es('signin', 'METHOD_PASSWORD')).fill('not-her-password');
      await field(s, es('signin', 'METHOD_PASSWORD')).press('Enter');
    };
    for (let i = 0; i < 2; i++) {
      await attempt();
      const dialog = s.getByRole('alertdialog', { name: es('signin', 'VALIDATION_ERROR') });
      await dialog.waitFor();
      if (i === 0) await checkScreen(s, 'ImmTrac2 login: validation error');
      await s.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
    }
    await attempt();
    await heading(s, es('signin', 'PASSWORD_RECALL_TITLE'), 1).waitFor();
    await s.getByText(es('signin', 'RECALL_INTRO')).waitFor();
    await s.locator('.captcha img').waitFor();
    await checkScreen(s, 'ImmTrac2 password recall');
    await stranger.close();

    // Pat, of two organizations: the portal view, then the ImmTrac2 home.
    const pat = logins.PA1234SA;
    const { page, close } = await openEs();
    await page.goto(stack.base + '/immtrac2/login');
    await heading(page, es('signin', 'IMMTRAC2_LOGIN_TITLE'), 1).waitFor();
    await field(page, es('signin', 'ORG_CODE')).fill(pat.org);
    await field(page, es('signin', 'USERNAME')).fill(pat.username);
    await field(page, es('signin', 'METHOD_PASSWORD')).fill(pat.password);
    await field(page, es('signin', 'METHOD_PASSWORD')).press('Enter');
    await passEmailCode(page, 'pat.sanchez@example.org', 'ImmTrac2 door');
    await heading(page, es('signin', 'CONFIDENTIALITY_TITLE'), 1).waitFor();
    await checkScreen(page, 'ImmTrac2 door: confidentiality statement');
    await button(page, es('signin', 'I_AGREE')).click();
    await heading(page, es('portal', 'SELECT_ORGANIZATION'), 1).waitFor();
    await page.getByText(es('portal', 'CHOOSE_ORGANIZATION')).waitFor();
    spanishAccounts.add(pat.username);
    await checkScreen(page, 'portal view: select an organization');
    await page.getByRole('button', { name: /\(67890\)/ }).click();
    await heading(page, 'ImmTrac2', 1).waitFor();
    await page.getByText(esFill('portal', 'WELCOME', { first: 'Pat', last: 'Sanchez' })).waitFor();
    await checkScreen(page, 'ImmTrac2 home');

    // A Point of Contact's pages.
    await page.goto(stack.base + '/manage-access');
    await heading(page, es('portal', 'MANAGE_ACCESS'), 1).waitFor();
    await page.getByText(es('portal', 'MANAGE_ACCESS_INTRO')).waitFor();
    await checkScreen(page, 'manage access (Point of Contact)');
    await page.goto(stack.base + '/access-requests');
    await heading(page, es('portal', 'ACCESS_REQUESTS'), 1).waitFor();
    await page.getByText(es('portal', 'ACCESS_REQUESTS_INTRO')).waitFor();
    await checkScreen(page, 'access requests (Point of Contact)');
    await button(page, es('portal', 'REQUEST_ACCESS')).click();
    await page.getByText(es('portal', 'ENTER_ORGANIZATION_ORG_CODE')).waitFor();
    await checkScreen(page, 'access requests with errors');
    await field(page, es('portal', 'ORG_CODE_REQUIRED')).fill('12345');
    await field(page, es('portal', 'FIRST_NAME_REQUIRED')).fill('Roberto');
    await field(page, es('portal', 'LAST_NAME_REQUIRED')).fill('Okafor');
    await field(page, es('portal', 'EMAIL_ADDRESS_REQUIRED')).fill('roberto.okafor@example.org');
    await field(page, es('portal', 'WHY_ACCESS')).fill('Nuevo empleado de vacunas');
    await button(page, es('portal', 'REQUEST_ACCESS')).click();
    await page.getByText(esFill('portal', 'REQUEST_SENT', { first: 'Roberto', last: 'Okafor' })).waitFor();
    await page.getByRole('cell', { name: es('portal', 'REQUEST_PENDING') }).first().waitFor();
    await checkScreen(page, 'access requests: sent');

    await page.goto(stack.base + '/immtrac2');
    await heading(page, 'ImmTrac2', 1).waitFor();
    await button(page, es('portal', 'LOGOUT')).click();
    await heading(page, es('portal', 'LOGGED_OUT'), 1).waitFor();
    await page.locator('p.success[role="status"]').waitFor();
    await checkScreen(page, 'logged out of ImmTrac2');
    await close();
  });
});

test(`[${backend}] every screen of the walk in Spanish has no English sentence: Forgot Password (both doors), Forgot Username, the reset links`, async (t) => {
  await walk(t, async () => {
    const { page, close } = await openEs();
    const dana = 'dana.morales@example.org';
    await page.goto(stack.base + '/');
    await heading(page, esFill('signin', 'SIGN_IN_TITLE', { portal: portal() }), 1).waitFor();
    await link(page, es('signin', 'FORGOT_PASSWORD_EXTERNAL')).click();
    await heading(page, es('account', 'RESET_YOUR_PASSWORD'), 1).waitFor();
    await checkScreen(page, 'forgot password (IAMOnline)');
    await field(page, es('account', 'EMAIL_OR_USERNAME')).fill('DA1001MO');
    await button(page, es('signin', 'NEXT')).click();
    await heading(page, es('signin', 'GET_EMAIL_TITLE'), 1).waitFor();
    await page.getByText(esRe('signin', 'SEND_EMAIL_TO')).waitFor();
    await checkScreen(page, 'forgot password: get a verification email');
    const earlier = (await mailsTo(dana)).length;
    await button(page, es('signin', 'SEND_ME_AN_EMAIL')).click();
    await heading(page, es('signin', 'EMAIL_TITLE'), 1).waitFor();
    await page.getByText(esRe('signin', 'SENT_RECOVERY')).waitFor();
    await checkScreen(page, 'forgot password: verify with your email');
    await button(page, es('signin', 'ENTER_CODE_INSTEAD')).click();
    await field(page, es('signin', 'ENTER_CODE')).waitFor();
    await checkScreen(page, 'forgot password: enter the code');
    const reset = await nextMail(dana, earlier, (m) => linkIn(m, 'RESET_PASSWORD'));
    if (spanishAccounts.has('DA1001MO')) expectSpanishMail(reset, 'RECOVERY_SUBJECT', { portal: portal() });
    await close();

    // The e-mail's link, opened: the new password's screen (not submitted).
    const linked = await openEs();
    await linked.page.goto(linkIn(reset, 'RESET_PASSWORD'));
    await heading(linked.page, esFill('account', 'RESET_PORTAL_PASSWORD', { portal: portal() }), 1).waitFor();
    await field(linked.page, es('account', 'REENTER_PASSWORD')).waitFor();
    await checkScreen(linked.page, 'reset link: a new password');
    await field(linked.page, es('account', 'NEW_PASSWORD')).fill('corta');
    await linked.page.getByText(esRe('account', 'STRENGTH_LINE')).waitFor();
    await checkScreen(linked.page, 'reset link: strength and checklist');
    // Reset: the sign-in it opens, then the "password changed" e-mail's
    // Report Suspicious Activity page (asked, not reported).
    const fresh = 'Harbor-Quartz-Meadow-Lynx-57';
    const beforeReset = (await mailsTo(dana)).length;
    await field(linked.page, es('account', 'NEW_PASSWORD')).fill(fresh);
    await field(linked.page, es('account', 'REENTER_PASSWORD')).fill(fresh);
    await button(linked.page, es('account', 'RESET_PASSWORD')).click();
    await heading(linked.page, es('signin', 'CONFIDENTIALITY_TITLE'), 1).waitFor();
    await checkScreen(linked.page, 'reset link: confidentiality statement');
    await button(linked.page, es('signin', 'I_AGREE')).click();
    await heading(linked.page, es('portal', 'DASHBOARD'), 1).waitFor();
    await linked.close();
    const changed = await nextMail(dana, beforeReset, (m) => linkIn(m, 'REPORT_SUSPICIOUS'));
    if (spanishAccounts.has('DA1001MO')) expectSpanishMail(changed, 'PASSWORD_CHANGED_SUBJECT', { portal: portal() });
    const report = await openEs();
    await report.page.goto(linkIn(changed, 'REPORT_SUSPICIOUS'));
    await heading(report.page, es('account', 'REPORT_SUSPICIOUS'), 1).waitFor();
    await button(report.page, es('account', 'REPORT_SUSPICIOUS')).waitFor();
    await checkScreen(report.page, 'report suspicious activity');
    // The spent reset link says so (the server's problem detail, in Spanish).
    await report.page.goto(linkIn(reset, 'RESET_PASSWORD'));
    await heading(report.page, es('account', 'LINK_UNUSABLE'), 1).waitFor();
    await report.page.getByRole('alert').or(report.page.locator('.error-banner')).first().waitFor();
    await checkScreen(report.page, 'a used reset link');
    await report.close();

    // ImmTrac2's Forgot Password: CAPTCHA, the link, the statement, Change Password.
    const immtrac2 = await openEs();
    const p = immtrac2.page;
    const pat = 'pat.sanchez@example.org';
    await p.goto(stack.base + '/immtrac2/login');
    await heading(p, es('signin', 'IMMTRAC2_LOGIN_TITLE'), 1).waitFor();
    await button(p, es('signin', 'FORGOT_PASSWORD')).click();
    await heading(p, es('account', 'USER_INFORMATION'), 1).waitFor();
    await field(p, es('signin', 'ORG_CODE')).fill('12345');
    await field(p, es('signin', 'USERNAME')).fill('PA1234SA');
    await field(p, es('account', 'EMAIL_ADDRESS')).fill(pat);
    await solveCaptcha(p);
    await checkScreen(p, 'forgot password (ImmTrac2)');
    const earlierPat = (await mailsTo(pat)).length;
    await button(p, es('signin', 'SUBMIT')).click();
    await p.locator('p.success[role="status"]').waitFor();
    await checkScreen(p, 'forgot password (ImmTrac2): sent');
    const immtrac2Reset = await nextMail(pat, earlierPat, (m) => linkIn(m, 'RESET_PASSWORD'));
    if (spanishAccounts.has('PA1234SA')) expectSpanishMail(immtrac2Reset, 'IMMTRAC2_RESET_SUBJECT', { app: app() });
    await p.goto(linkIn(immtrac2Reset, 'RESET_PASSWORD'));
    await heading(p, es('signin', 'CONFIDENTIALITY_TITLE'), 1).waitFor();
    await checkScreen(p, 'ImmTrac2 reset link: confidentiality statement');
    await button(p, es('signin', 'I_AGREE')).click();
    await heading(p, es('account', 'CHANGE_PASSWORD'), 1).waitFor();
    await field(p, es('account', 'NEW_PASSWORD')).waitFor();
    await checkScreen(p, 'ImmTrac2 reset link: change password');
    await immtrac2.close();

    // Forgot Username.
    const username = await openEs();
    const u = username.page;
    await u.goto(stack.base + '/');
    await heading(u, esFill('signin', 'SIGN_IN_TITLE', { portal: portal() }), 1).waitFor();
    await link(u, es('signin', 'FORGOT_USERNAME')).click();
    await heading(u, es('signin', 'FORGOT_USERNAME_SHORT'), 1).waitFor();
    await checkScreen(u, 'forgot username');
    await field(u, es('account', 'FIRST_NAME_REQUIRED')).fill('Dana');
    await field(u, es('account', 'LAST_NAME_REQUIRED')).fill('Morales');
    await field(u, es('account', 'EMAIL_ADDRESS_REQUIRED')).fill(dana);
    await button(u, es('signin', 'SUBMIT')).click();
    await heading(u, es('account', 'REQUEST_COMPLETE'), 2).waitFor();
    await checkScreen(u, 'forgot username: request complete');
    await username.close();
  });
});

test(`[${backend}] every screen of the walk in Spanish has no English sentence: the public forms, a Welcome e-mail's activation, a new account's dashboard`, async (t) => {
  await walk(t, async () => {
    const stamp = Date.now();
    const { page, close } = await openEs();

    // "Request account as non-HHS employee, or register organization".
    const registrant = `rosa.medina.${stamp}@example.org`;
    await page.goto(stack.base + '/');
    await heading(page, esFill('signin', 'SIGN_IN_TITLE', { portal: portal() }), 1).waitFor();
    await link(page, es('signin', 'REQUEST_ACCOUNT')).click();
    await heading(page, es('signin', 'REQUEST_ACCOUNT'), 1).waitFor();
    await field(page, es('portal', 'KIND_ORGANIZATION')).check();
    await field(page, es('portal', 'FIRST_NAME_REQUIRED')).fill('Rosa');
    await field(page, es('portal', 'LAST_NAME_REQUIRED')).fill('Medina');
    await field(page, es('portal', 'EMAIL_ADDRESS_REQUIRED')).fill(registrant);
    await field(page, es('portal', 'ORGANIZATION_NAME_REQUIRED')).fill('Clinica Hill Country');
    await field(page, es('portal', 'ANYTHING_FOR_SUPPORT')).fill('Clinica nueva en Austin');
    await solveCaptcha(page);
    await checkScreen(page, 'register organization');
    await button(page, es('portal', 'SEND_REQUEST')).click();
    await page.locator('p.success[role="status"]').waitFor();
    await checkScreen(page, 'register organization: sent');
    // A form's mail is in the form's language.
    expectSpanishMail(await nextMail(registrant, 0), 'REQUEST_RECEIVED_SUBJECT', { portal: portal() });

    // "Create a new account as a citizen".
    const citizen = `lucia.hernandez.${stamp}@example.com`;
    await page.goto(stack.base + '/');
    await heading(page, esFill('signin', 'SIGN_IN_TITLE', { portal: portal() }), 1).waitFor();
    await link(page, es('signin', 'CREATE_CITIZEN')).click();
    await heading(page, es('signin', 'CREATE_CITIZEN'), 1).waitFor();
    await page.getByText(es('portal', 'CITIZEN_INTRO')).waitFor();
    await button(page, es('portal', 'CREATE_ACCOUNT')).click();
    await page.getByText(es('portal', 'NAME_HELP')).first().waitFor();
    await page.getByText(es('signin', 'TYPE_CAPTCHA')).waitFor();
    await checkScreen(page, 'citizen sign-up with errors');
    await field(page, es('portal', 'FIRST_NAME_REQUIRED')).fill('Lucia');
    await field(page, es('portal', 'LAST_NAME_REQUIRED')).fill('Hernandez');
    await field(page, es('portal', 'EMAIL_ADDRESS_REQUIRED')).fill(citizen);
    await solveCaptcha(page);
    await checkScreen(page, 'citizen sign-up');
    await button(page, es('portal', 'CREATE_ACCOUNT')).click();
    await page.locator('p.success[role="status"]').waitFor();
    await checkScreen(page, 'citizen sign-up: sent');
    const welcome = await nextMail(citizen, 0, (m) => linkIn(m, 'ACTIVATE_ACCOUNT'));
    expectSpanishMail(welcome, 'WELCOME_SUBJECT', { portal: portal() });

    // The Welcome e-mail's link: activation to the end, in Spanish.
    await page.goto(linkIn(welcome, 'ACTIVATE_ACCOUNT'));
    await heading(page, es('account', 'ACTIVATE_TITLE'), 1).waitFor();
    await page.getByText(esRe('account', 'ACTIVATE_WELCOME')).waitFor();
    await checkScreen(page, 'activation');
    await button(page, es('account', 'CONTINUE')).click();
    await heading(page, es('signin', 'GET_EMAIL_TITLE'), 1).waitFor();
    await checkScreen(page, 'activation: get a verification email');
    const earlier = (await mailsTo(citizen)).length;
    await button(page, es('signin', 'SEND_ME_AN_EMAIL')).click();
    await heading(page, es('signin', 'EMAIL_TITLE'), 1).waitFor();
    await page.getByText(es('signin', 'SENT_ACTIVATION')).waitFor();
    await checkScreen(page, 'activation: verify with your email');
    const codeMail = await nextMail(citizen, earlier, codeIn);
    expectSpanishMail(codeMail, 'VERIFICATION_SUBJECT', { portal: portal() });
    await field(page, es('signin', 'ENTER_CODE')).fill(codeIn(codeMail));
    await field(page, es('signin', 'ENTER_CODE')).press('Enter');
    await heading(page, es('account', 'SET_UP_METHODS'), 1).waitFor();
    await heading(page, es('account', 'SET_UP_REQUIRED'), 2).waitFor();
    await checkScreen(page, 'activation: set up required');
    await button(page, es('account', 'SET_UP_PASSWORD_LABEL')).click();
    await field(page, es('account', 'ENTER_PASSWORD')).fill('corta');
    await page.getByText(esRe('account', 'STRENGTH_LINE')).waitFor();
    await checkScreen(page, 'activation: password, phone and security question');
    const password = 'Topaz-Lighthouse-Fjord-Cobalt-71';
    await field(page, es('account', 'ENTER_PASSWORD')).fill(password);
    await field(page, es('account', 'REENTER_PASSWORD')).fill(password);
    await field(page, es('account', 'PHONE_NUMBER')).fill('12');
    await field(page, es('account', 'SECURITY_QUESTION')).fill('¿Nombre de su primer barco?');
    await field(page, es('account', 'ANSWER')).fill('Nautilus');
    await button(page, es('account', 'FINISH')).click();
    await page.getByText(es('account', 'ENTER_PHONE')).waitFor();
    await checkScreen(page, 'activation: a field with an error');
    await field(page, es('account', 'PHONE_NUMBER')).fill('(512) 555-0142');
    await button(page, es('account', 'FINISH')).click();
    // "Set up optional" where the account may add a method; then the statement.
    const optional = heading(page, es('account', 'SET_UP_OPTIONAL'), 2);
    const statement = heading(page, es('signin', 'CONFIDENTIALITY_TITLE'), 1);
    await optional.or(statement).first().waitFor();
    if (await optional.count()) {
      await checkScreen(page, 'activation: set up optional');
      await button(page, es('account', 'CONTINUE')).click();
      await statement.waitFor();
    }
    await checkScreen(page, 'activation: confidentiality statement');
    await button(page, es('signin', 'I_AGREE')).click();
    await heading(page, es('portal', 'DASHBOARD'), 1).waitFor();
    await page.getByText(esFill('portal', 'WELCOME', { first: 'Lucia', last: 'Hernandez' })).waitFor();
    await page.locator('li.tile').first().waitFor();
    // The locked tiles' lock says why in Spanish (left out of the text checks with the tiles).
    if (await page.locator('li.tile.locked').count()) {
      if (!(await page.getByRole('img', { name: es('portal', 'LOCKED_UNTIL_AUA'), exact: true }).count())) {
        findings.push('dashboard (new account): the locked tiles\' lock is not labelled in Spanish');
      }
    }
    await checkScreen(page, 'dashboard (new account, tiles locked)', { data: TILE_DATA });
    // An application behind the AUA gate sends to the form, saying why.
    await page.goto(stack.base + '/immtrac2');
    await heading(page, es('portal', 'AUA_TITLE'), 1).waitFor();
    await page.getByText(es('portal', 'AUA_REQUIRED')).waitFor();
    await checkScreen(page, 'AUA form after the gate');
    await close();
  });
});

test(`[${backend}] every screen of the walk in Spanish has no English sentence: the support console`, async (t) => {
  await walk(t, async () => {
    const { page, close } = await openEs();
    await signIn(page, logins['sam.support@dshs.texas.gov'], 'sam.support@dshs.texas.gov');
    await link(page, es('portal', 'SUPPORT_CONSOLE')).click();
    await heading(page, es('console', 'SUPPORT_CONSOLE'), 1).waitFor();
    await page.getByRole('status').filter({ hasText: esRe('console', 'ACCOUNTS_FOUND') }).waitFor();
    await checkScreen(page, 'console: find a user');
    await button(page, es('console', 'CREATE_USER')).click();
    await page.getByText(es('console', 'ENTER_FIRST_NAME')).first().waitFor();
    await checkScreen(page, 'console: create a user with errors');

    // A user's detail page: the e-mails' subjects (sent in the language the
    // account had then), the times and event types are data, as is the
    // caller's security question.
    const detailData = ['tbody td:nth-child(2)', 'q'];
    await field(page, es('console', 'SEARCH_LABEL')).fill('dana.mor');
    await button(page, es('console', 'SEARCH')).click();
    await page.getByRole('status').filter({ hasText: esFill('console', 'ACCOUNTS_FOUND', { count: 1 }) }).waitFor();
    await link(page, 'DA1001MO').click();
    await heading(page, 'Dana Morales (DA1001MO)', 2).waitFor();
    await heading(page, es('console', 'EMAILS')).waitFor();
    await checkScreen(page, 'console: a user\'s detail', { data: detailData });
    await button(page, es('console', 'DISABLE')).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByText(esRe('console', 'CONFIRM_DISABLE')).waitFor();
    await checkScreen(page, 'console: disable confirmation', { data: detailData });
    await confirm.getByRole('button', { name: es('console', 'CANCEL'), exact: true }).click();
    await confirm.waitFor({ state: 'detached' });

    await link(page, es('console', 'ACCESS_REQUESTS')).click();
    await heading(page, es('console', 'ACCESS_REQUESTS'), 1).waitFor();
    await page.getByRole('article').first().or(page.getByText(es('console', 'NO_DATA'))).first().waitFor();
    await checkScreen(page, 'console: requests queue');

    await link(page, es('console', 'AUDIT_TRAIL')).click();
    await heading(page, es('console', 'AUDIT_TRAIL'), 1).waitFor();
    await page.getByRole('status').filter({ hasText: esRe('console', 'EVENTS_SHOWN') }).waitFor();
    await checkScreen(page, 'console: audit trail');

    // Support staff are refused the application catalogue, in words.
    await link(page, es('console', 'APPLICATIONS')).click();
    await heading(page, es('console', 'APPLICATIONS'), 1).waitFor();
    await page.locator('[role="alert"], table').first().waitFor();
    await checkScreen(page, 'console: applications (support staff)');
    await close();

    // An administrator sees the catalogue; its entries' names are data.
    const admin = await openEs();
    await signIn(admin.page, logins['alex.admin@dshs.texas.gov'], 'alex.admin@dshs.texas.gov');
    await admin.page.goto(stack.base + '/admin/applications');
    await heading(admin.page, es('console', 'APPLICATIONS'), 1).waitFor();
    await admin.page.getByRole('cell', { name: /^VAOS/ }).waitFor();
    await heading(admin.page, es('console', 'ADD_AN_APPLICATION'), 2).waitFor();
    await checkScreen(admin.page, 'console: application catalogue (administrator)', { data: ['tbody td:first-child strong'] });
    await admin.close();
  });
});
