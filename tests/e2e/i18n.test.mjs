// Spanish beside English (docs/i18n.md): the sign-in page follows the
// browser's language or the switch, says lang="es", and marks a legal text
// that has no translation yet instead of passing it off as Spanish.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { assertAccessible, repoRoot, startStack } from './harness.mjs';

const backend = process.env.IAM_TEST_DB || 'sqlite';
const screens = path.join(repoRoot, 'tests/e2e/test-results/screens');
let stack;

// The agency's own notice, in English only: the portal has no Spanish of it.
const notice = 'Warning: This is a state information system; use is monitored.';
before(async () => { stack = await startStack({ env: { IAM_LANGUAGES: '[en,es]', IAM_SYSTEM_USE_NOTIFICATION: notice } }); });
after(async () => { await stack?.stop(); });

async function openIn(locale) {
  const context = await stack.browser.newContext({ locale });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  return { page, problems, close: () => context.close() };
}

test(`[${backend}] a Spanish-speaking browser gets the sign-in page in Spanish`, async () => {
  const { page, problems, close } = await openIn('es-MX');
  await page.goto(stack.base + '/');
  await page.getByRole('heading', { name: 'IAMOnline - Iniciar sesión', level: 1 }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'es');
  await page.getByLabel('Nombre de usuario').waitFor();
  await page.getByText('Mantener mi sesión iniciada').waitFor();
  await page.getByRole('link', { name: '¿Olvidó su contraseña? (solo usuarios externos)' }).waitFor();
  await page.getByText(/Mesa de Ayuda de TI/).waitFor();
  // The System Use Notification is configured in English only: said so, and marked.
  await page.getByText('Este texto aún no está disponible en español; se muestra en inglés.').waitFor();
  await page.getByText(notice).waitFor();
  assert.equal(await page.locator('section.notice p[lang="en"]').count(), 1);
  await page.getByRole('button', { name: 'Siguiente' }).click();
  await page.getByText('Escriba su nombre de usuario.').waitFor();
  await assertAccessible(page, 'sign-in in Spanish');
  fs.mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: path.join(screens, `${backend}-sign-in-es.png`), fullPage: true });
  assert.deepEqual(problems, []);
  await close();
});

test(`[${backend}] the switch changes the language and the browser remembers it`, async () => {
  const { page, problems, close } = await openIn('en-US');
  await page.goto(stack.base + '/');
  await page.getByRole('heading', { name: 'IAMOnline - Sign In', level: 1 }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  const language = page.getByRole('navigation', { name: 'Language' });
  assert.equal(await language.getByRole('button', { name: 'English' }).getAttribute('aria-current'), 'true');
  await language.getByRole('button', { name: 'Español' }).click();
  await page.getByRole('heading', { name: 'IAMOnline - Iniciar sesión', level: 1 }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'es');
  await page.reload();
  await page.getByRole('heading', { name: 'IAMOnline - Iniciar sesión', level: 1 }).waitFor();
  await page.getByRole('navigation', { name: 'Idioma' }).getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { name: 'IAMOnline - Sign In', level: 1 }).waitFor();
  // A sign-in under way lives in this page's memory, which the switch's
  // reload would lose: the switch waits until the sign-in is over.
  await page.getByLabel('Username').fill('someone@example.com');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Username').waitFor({ state: 'detached' });
  assert.equal(await page.getByRole('navigation', { name: 'Language' }).count(), 0, 'no switch during a sign-in');
  assert.deepEqual(problems, []);
  await close();
});
