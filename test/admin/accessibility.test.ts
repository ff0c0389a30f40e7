/**
 * Every admin page checked by axe-core in Debian's Chromium, against the real service on the seed
 * interviews: no serious or critical violation (WCAG 2.x A and AA rules and axe's best practices).
 *
 * axe-core is evaluated through the DevTools protocol, which the page's Content Security Policy does not
 * govern: the admin itself keeps script-src 'self'.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { AxeResults, Result } from 'axe-core';
import { ok } from '../support/fixtures';
import { ADMIN, startTestService, type TestService } from '../support/service';
import { buildAdminIfNeeded, eventually, launchBrowser, login, watchErrors } from './browser';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let app: TestService;
let browser: Browser;
let page: Page;
let pageErrors: string[];
const ids: Record<string, string> = {};

beforeAll(async () => {
  buildAdminIfNeeded();
  app = await startTestService({ SEED_ON_START: 'true' });
  const token = await app.login();
  const data = await ok<{
    allInterviews: { id: string }[];
    allAnswers: { id: string }[];
    allSpeakers: { id: string }[];
    allRevisions: { id: string }[];
    allUsers: { id: string }[];
  }>(
    app,
    `query {
      allInterviews(perPage: 1) { id }
      allAnswers(perPage: 1) { id }
      allSpeakers(perPage: 1) { id }
      allRevisions(perPage: 1) { id }
      allUsers(perPage: 1) { id }
    }`,
    {},
    token,
  );
  ids.interview = data.allInterviews[0].id;
  ids.answer = data.allAnswers[0].id;
  ids.speaker = data.allSpeakers[0].id;
  ids.revision = data.allRevisions[0].id;
  ids.user = data.allUsers[0].id;
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  pageErrors = watchErrors(page);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

afterEach(() => {
  expect(pageErrors).toEqual([]);
});

jest.setTimeout(60_000);

/** Waits until the page has stopped loading: no request in flight, no progress indicator shown. */
async function settled(): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
  await eventually(async () => {
    expect(await page.locator('[role="progressbar"]:visible').count()).toBe(0);
  });
  await page.waitForTimeout(300);
}

/** The serious and critical violations axe-core finds on the page as it is now, one line each. */
async function seriousViolations(on: Page = page): Promise<string[]> {
  // Colours are checked as they end up, not halfway through a transition (a button just enabled fades from
  // grey for 250 ms, longer on a loaded machine); spinners keep turning.
  await on.addStyleTag({ content: '*, *::before, *::after { transition: none !important; }' });
  await on.evaluate(AXE_SOURCE);
  const results = await on.evaluate(() =>
    (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe.run(
      document,
      { resultTypes: ['violations'] },
    ),
  );
  return results.violations
    .filter((violation: Result) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation: Result) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
          .slice(0, 5)
          .map((node) => `${node.target.join(' ')} ${node.html.slice(0, 160)}`)
          .join(' | ')}`,
    );
}

async function check(path: string): Promise<void> {
  await page.goto(`${app.url}/admin${path}`);
  await settled();
  expect(await seriousViolations()).toEqual([]);
}

test('the login page', async () => {
  await page.goto(`${app.url}/admin/`);
  await page.locator('input[name="username"]').waitFor();
  await settled();
  expect(await seriousViolations()).toEqual([]);
  await login(page, app.url, ADMIN.email, ADMIN.password);
});

test('the dashboard', async () => {
  await check('/');
  await page.getByRole('heading', { name: /^Welcome/ }).waitFor();
});

const PAGES: [string, () => string][] = [
  ['the interview list', () => '/interviews'],
  ['an interview', () => `/interviews/${ids.interview}/show`],
  ["an interview's entries", () => `/interviews/${ids.interview}/show/entries`],
  ["an interview's history", () => `/interviews/${ids.interview}/show/history`],
  ['the interview editor', () => `/interviews/${ids.interview}`],
  ['a new interview', () => '/interviews/create'],
  ['the transcript editor', () => `/interviews/${ids.interview}/transcript`],
  ['the reader preview', () => `/interviews/${ids.interview}/preview`],
  ['the translations', () => `/interviews/${ids.interview}/translations`],
  ['the answer list', () => '/answers'],
  ['an answer', () => `/answers/${ids.answer}/show`],
  ['the answer editor', () => `/answers/${ids.answer}`],
  ['a new answer', () => '/answers/create'],
  ['the speaker list', () => '/speakers'],
  ['a speaker', () => `/speakers/${ids.speaker}/show`],
  ['the speaker editor', () => `/speakers/${ids.speaker}`],
  ['a new speaker', () => '/speakers/create'],
  ['the history (revision list)', () => '/revisions'],
  ['a revision', () => `/revisions/${ids.revision}/show`],
  ['the user list', () => '/users'],
  ['a user', () => `/users/${ids.user}/show`],
  ['the user editor', () => `/users/${ids.user}`],
  ['a new user', () => '/users/create'],
  ['the import page', () => '/import'],
  ['the search page with results', () => '/search?q=Bitget'],
];

test.each(PAGES)('%s', async (_name, path) => {
  await check(path());
});

test('the import preview', async () => {
  await page.goto(`${app.url}/admin/import`);
  await page
    .getByRole('textbox', { name: 'Transcript text' })
    .first()
    .fill('Interviewer: Why now?\nAnn Lee: Because the time is right.\n');
  await page
    .getByText(/Ann Lee/)
    .first()
    .waitFor();
  await settled();
  expect(await seriousViolations()).toEqual([]);
});

test('the user menu', async () => {
  await page.goto(`${app.url}/admin/`);
  await page.getByRole('heading', { name: /^Welcome/ }).waitFor();
  await page
    .getByRole('button', { name: /profile|admin/i })
    .first()
    .click();
  await page.getByRole('menu').waitFor();
  expect(await seriousViolations()).toEqual([]);
  await page.keyboard.press('Escape');
});

test('a page still loading: its spinners are named', async () => {
  const loading = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const loadingErrors = watchErrors(loading);
  await login(loading, app.url, ADMIN.email, ADMIN.password);
  // Answers held back, so that the loading indicators are on screen while axe-core looks.
  await loading.route('**/graphql', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await route.continue();
  });
  await loading.goto(`${app.url}/admin/interviews`);
  await loading.locator('[role="progressbar"]').first().waitFor();
  expect(await seriousViolations(loading)).toEqual([]);

  // A route's code arriving slowly: after a second react-admin adds "Loading / Please wait" under its spinner.
  await loading.route('**/admin/assets/**', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await route.continue();
  });
  await loading.goto(`${app.url}/admin/interviews`);
  await loading.locator('.RaLoading-message').waitFor();
  expect(await seriousViolations(loading)).toEqual([]);
  await loading.close();
  expect(loadingErrors).toEqual([]);
});
