/**
 * The first pages anyone sees, in Debian's Chromium against the real service: the admin's login page (how
 * much it loads before it is interactive, and that it greets with a form, not an error) and the API
 * explorer at GET /graphql, which must work with every host but the service unreachable.
 */
import type { Browser, Page, Request } from 'playwright-core';
import { initialAssets, rawGet, sizesOf, totalOf } from '../../server/bench/login-bundle';
import { ADMIN, startTestService, type TestService } from '../support/service';
import { buildAdminIfNeeded, eventually, launchBrowser, login, screenshot, watchErrors } from './browser';

/** The budget of issue 15: the login page interactive from at most 300 KB of gzip-compressed JS and CSS. */
const LOGIN_PAGE_BUDGET = 300 * 1024;

let app: TestService;
let browser: Browser;

beforeAll(async () => {
  buildAdminIfNeeded();
  app = await startTestService({ SEED_ON_START: 'true' });
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

jest.setTimeout(90_000);

function isService(url: string): boolean {
  return new URL(url).origin === new URL(app.url).origin;
}

/** The service's responses a page got: the JS and CSS it loaded, and anything that failed. */
function watchResponses(page: Page) {
  const scriptsAndStyles: string[] = [];
  const failures: string[] = [];
  page.on('response', (response) => {
    if (!isService(response.url())) return;
    const path = new URL(response.url()).pathname;
    if (response.status() >= 400) failures.push(`${response.status()} ${path}`);
    if (/\.(js|css)$/.test(path)) scriptsAndStyles.push(path);
  });
  page.on('requestfailed', (request: Request) => {
    const reason = request.failure()?.errorText ?? '';
    // Leaving a page cancels what it was still loading (the explorer's editor loads its workers lazily).
    if (reason !== 'net::ERR_ABORTED') failures.push(`${reason} ${request.url()}`);
  });
  return { scriptsAndStyles, failures };
}

test('the login page is interactive from at most 300 KB gzip and greets with a form, not an error', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = watchErrors(page);
  const seen = watchResponses(page);
  await page.goto(`${app.url}/admin/`);
  const email = page.locator('input[name="username"]');
  await email.waitFor();
  await page.waitForLoadState('networkidle');
  expect(new URL(page.url()).pathname).toBe('/admin/login');

  // Nobody has typed anything yet: no "Please log in", no alert of any kind.
  await expect(page.getByText(/please log in/i).count()).resolves.toBe(0);
  await expect(page.locator('[role="alert"], .RaNotification-root').count()).resolves.toBe(0);

  // The page loaded exactly the entry's static graph that index.html lists, nothing lazy …
  const html = (await rawGet(`${app.url}/admin/login`)).body.toString();
  const listed = initialAssets(html);
  expect([...new Set(seen.scriptsAndStyles)].sort()).toEqual([...listed].sort());
  // … and within the budget as the service sends it to a browser accepting gzip only.
  const sizes = await sizesOf(app.url, listed);
  const gzipTotal = totalOf(sizes, 'gzip');
  console.log(
    `login page: ${listed.length} files, ${(totalOf(sizes, 'identity') / 1024).toFixed(1)} KB, ` +
      `${(gzipTotal / 1024).toFixed(1)} KB gzip, ${(totalOf(sizes, 'brotli') / 1024).toFixed(1)} KB brotli`,
  );
  expect(gzipTotal).toBeLessThanOrEqual(LOGIN_PAGE_BUDGET);
  await screenshot(page, 'login');

  // The favicon it links is there (and so is /favicon.ico, which browsers ask for by themselves).
  const icons = await page
    .locator('link[rel="icon"]')
    .evaluateAll((links) => links.map((link) => (link as HTMLLinkElement).href));
  expect(icons.length).toBeGreaterThan(0);
  for (const icon of [...icons, `${app.url}/favicon.ico`]) expect((await rawGet(icon)).status).toBe(200);

  // A wrong password is the first error the page shows.
  await email.fill(ADMIN.email);
  await page.locator('input[name="password"]').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[role="alert"], .RaNotification-root').first().waitFor();
  await login(page, app.url, ADMIN.email, ADMIN.password);
  expect(seen.failures).toEqual([]);
  expect(errors).toEqual([]);
  await page.close();
});

/** A page whose requests to any host but the service fail, as on a machine without internet. */
async function offlinePage(): Promise<{ page: Page; blocked: string[]; consoleErrors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const blocked: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (/^(https?|wss?):/.test(url) && !isService(url)) {
      blocked.push(url);
      await route.abort('internetdisconnected');
      return;
    }
    await route.continue();
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  return { page, blocked, consoleErrors };
}

/** The explorer's result pane, as text (GraphiQL shows it in a read-only editor). */
async function explorerResult(page: Page): Promise<string> {
  return (await page.locator('.graphiql-response').innerText()).replace(/\s+/g, ' ');
}

async function runQueryInExplorer(page: Page, query: string): Promise<void> {
  const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // Typed as one line with brackets closed by the editor itself (it closes what is opened).
  await page.keyboard.insertText(query);
  await page.getByRole('button', { name: /execute query/i }).click();
}

test('GET /graphql is an explorer that works offline: a reader runs a query, a logged-in editor with their token', async () => {
  const { page, blocked, consoleErrors } = await offlinePage();
  const errors = watchErrors(page);
  const seen = watchResponses(page);
  await page.goto(`${app.url}/graphql`);
  await page.getByTestId('explorer-identity').filter({ hasText: 'as a reader' }).waitFor();
  await page.locator('.graphiql-query-editor .monaco-editor').first().waitFor();

  // The default query lists published interviews.
  await page.getByRole('button', { name: /execute query/i }).click();
  await eventually(async () => expect(await explorerResult(page)).toMatch(/"interviews":.*"edges"/), 30_000);
  expect(await explorerResult(page)).toMatch(/Bitget/);

  // As a reader, `me` is nobody.
  await runQueryInExplorer(page, '{ me { email } }');
  await eventually(async () => expect(await explorerResult(page)).toMatch(/"me": null/), 30_000);

  // Logged in to the admin (same origin, same localStorage), the explorer sends the admin's token.
  await login(page, app.url, ADMIN.email, ADMIN.password);
  await page.goto(`${app.url}/graphql`);
  await page
    .getByTestId('explorer-identity')
    .filter({ hasText: `as ${ADMIN.email}` })
    .waitFor();
  await page.locator('.graphiql-query-editor .monaco-editor').first().waitFor();
  await runQueryInExplorer(page, '{ me { email role } }');
  await eventually(
    async () =>
      expect(await explorerResult(page)).toMatch(new RegExp(`"email": "${ADMIN.email}", "role": "ADMIN"`)),
    30_000,
  );
  await screenshot(page, 'api-explorer');

  expect(blocked).toEqual([]);
  expect(seen.failures).toEqual([]);
  expect(consoleErrors.filter((text) => /Content Security Policy|Refused to/i.test(text))).toEqual([]);
  expect(errors).toEqual([]);
  await page.context().close();
});
