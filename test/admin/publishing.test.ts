/**
 * Publishing safely, the overview and the way from a search to the entry, end to end: Debian's Chromium
 * against the real service (which serves the built admin), on a fresh database with one draft interview
 * made through the API. What the UI does is checked again through GraphQL.
 */
import type { Browser, Page } from 'playwright-core';
import { ADMIN, startTestService, type TestService } from '../support/service';
import { createInterview, ok, type InterviewFixture } from '../support/fixtures';
import {
  buildAdminIfNeeded,
  eventually,
  launchBrowser,
  login,
  notification,
  screenshot,
  watchErrors,
} from './browser';

let app: TestService;
let token: string;
let browser: Browser;
let page: Page;
let pageErrors: string[];
let fixture: InterviewFixture;
let host: { name: string; organization: string };
let guest: { name: string; title: string };

const INTRO = 'We met at the harbour on a grey morning.\n\nThe second paragraph of the introduction.';

async function interviewState() {
  const data = await ok<{
    Interview: { status: string; version: number; publishAt: string | null; firstPublishedAt: string | null };
  }>(
    app,
    'query($id: ID!) { Interview(id: $id) { status version publishAt firstPublishedAt } }',
    { id: fixture.interviewId },
    token,
  );
  return data.Interview;
}

/**
 * The next whole minute at least `leadMs` away, as a datetime-local value in the browser's (local) time:
 * the form's date-time input takes minutes, as an editor would.
 */
function nextMinuteInputValue(leadMs: number): { value: string; at: Date } {
  const at = new Date(Date.now() + leadMs);
  if (at.getSeconds() > 0 || at.getMilliseconds() > 0) at.setMinutes(at.getMinutes() + 1, 0, 0);
  const two = (n: number) => String(n).padStart(2, '0');
  const value =
    `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}` +
    `T${two(at.getHours())}:${two(at.getMinutes())}`;
  return { value, at };
}

beforeAll(async () => {
  buildAdminIfNeeded();
  app = await startTestService({ PUBLISH_SCHEDULE_INTERVAL_MS: '200' });
  token = await app.login();
  fixture = await createInterview(app, token, { count: 3, status: 'DRAFT', title: 'Keepers of the Light' });
  const speakers = await ok<{
    host: { name: string; organization: string };
    guest: { name: string; title: string };
  }>(
    app,
    'query($h: ID!, $g: ID!) { host: Speaker(id: $h) { name organization } guest: Speaker(id: $g) { name title } }',
    { h: fixture.hostId, g: fixture.guestId },
    token,
  );
  host = speakers.host;
  guest = speakers.guest;
  const second = fixture.answers[1];
  await ok(
    app,
    'mutation($id: ID!, $v: Int!, $t: String) { updateAnswer(id: $id, version: $v, text: $t) { id } }',
    { id: second.id, v: second.version, t: 'The old lighthouse keeper rowed out every night.' },
    token,
  );
  const interview = await interviewState();
  await ok(
    app,
    'mutation($id: ID!, $v: Int!, $intro: String) { updateInterview(id: $id, version: $v, intro: $intro) { id } }',
    { id: fixture.interviewId, v: interview.version, intro: INTRO },
    token,
  );
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  pageErrors = watchErrors(page);
  await login(page, app.url, ADMIN.email, ADMIN.password);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

afterEach(() => {
  expect(pageErrors).toEqual([]);
});

jest.setTimeout(90_000);

test('the overview says who is the interviewer and who the interviewee, with roles, and asks for a summary', async () => {
  await page.goto(`${app.url}/admin/interviews/${fixture.interviewId}/show`);
  const interviewee = page.getByTestId('interviewees').getByTestId('person');
  await interviewee.waitFor();
  expect(await interviewee.textContent()).toBe(`${guest.name} — ${guest.title}`);
  expect(await page.getByTestId('interviewers').getByTestId('person').textContent()).toBe(
    `${host.name} — ${host.organization}`,
  );
  const prompt = page.getByTestId('summary-prompt');
  await prompt.waitFor();
  expect(await prompt.textContent()).toMatch(/No summary yet/);
  await screenshot(page, 'interview-overview');
  await prompt.getByRole('link', { name: 'Write a summary' }).click();
  await page.getByLabel('Summary').waitFor();
  expect(await page.getByLabel('Summary').inputValue()).toBe('');
});

test('the reader preview shows the draft as readers will see it', async () => {
  await page.goto(`${app.url}/admin/interviews/${fixture.interviewId}/show`);
  await page.getByRole('link', { name: 'Reader preview' }).click();
  const article = page.getByTestId('reader-preview');
  await article.waitFor();
  expect(await page.getByTestId('preview-status').textContent()).toMatch(
    /Draft: readers cannot see this yet/,
  );
  await article.getByRole('heading', { level: 1, name: 'Keepers of the Light' }).waitFor();
  expect(await article.getByText('We met at the harbour on a grey morning.').count()).toBe(1);
  expect(await article.getByText('The second paragraph of the introduction.').count()).toBe(1);
  expect(await page.getByTestId('preview-interviewees').textContent()).toBe(
    `With ${guest.name} (${guest.title})`,
  );
  expect(await article.getByTestId('preview-entry').count()).toBe(3);
  expect(await article.getByText('The old lighthouse keeper rowed out every night.').count()).toBe(1);
  await screenshot(page, 'reader-preview');
  // Readers indeed cannot see it yet.
  const anonymous = await app.graphql<{ Interview: { id: string } | null }>(
    'query($id: ID!) { Interview(id: $id) { id } }',
    { id: fixture.interviewId },
  );
  expect(anonymous.data?.Interview).toBeNull();
});

test('schedules publishing in the edit form, and the service publishes at that time', async () => {
  await page.goto(`${app.url}/admin/interviews/${fixture.interviewId}`);
  const publishAt = page.getByLabel('Publish at', { exact: true });
  await publishAt.waitFor();
  const target = nextMinuteInputValue(8000);
  await publishAt.fill(target.value);
  await page.getByRole('button', { name: 'Save' }).click();
  // Anchored: when the publication reaches the open form first, its warning ("Someone else saved …") is an alert too.
  await notification(page, /^Saved/);
  const scheduled = await interviewState();
  expect(scheduled.status).toBe('DRAFT');
  expect(scheduled.publishAt).toBe(target.at.toISOString());
  // Saving goes on to the overview by itself; navigating away before the form has taken in its save would
  // (rightly) ask about unsaved changes.
  await page.waitForURL(`${app.url}/admin/interviews/${fixture.interviewId}/show`);
  await page.getByTestId('publish-at').waitFor();
  await eventually(
    async () => expect((await interviewState()).status).toBe('PUBLISHED'),
    target.at.getTime() - Date.now() + 15_000,
  );
  const published = await interviewState();
  expect(published.publishAt).toBeNull();
  expect(published.firstPublishedAt).not.toBeNull();
  // The open page follows (live update): the schedule is gone, the first publication shows.
  await eventually(async () => expect(await page.getByTestId('publish-at').count()).toBe(0), 20_000);
  await page.getByRole('button', { name: 'Unpublish this interview' }).waitFor();
}, 150_000);

test('asks before unpublishing a live interview; keeping it published changes nothing', async () => {
  await page.goto(`${app.url}/admin/interviews/${fixture.interviewId}/show`);
  const unpublish = page.getByRole('button', { name: 'Unpublish this interview' });
  await unpublish.click();
  const dialog = page.getByRole('dialog', { name: 'Unpublish this interview?' });
  await dialog.waitFor();
  expect(await dialog.textContent()).toMatch(/Keepers of the Light.*is live/);
  await screenshot(page, 'unpublish-confirmation');
  await dialog.getByRole('button', { name: 'Keep it published' }).click();
  await dialog.waitFor({ state: 'hidden' });
  expect((await interviewState()).status).toBe('PUBLISHED');

  await unpublish.click();
  await page
    .getByRole('dialog', { name: 'Unpublish this interview?' })
    .getByRole('button', { name: 'Unpublish' })
    .click();
  await notification(page, 'Unpublished');
  await eventually(async () => expect((await interviewState()).status).toBe('DRAFT'));
});

test('a search in the Answers list shows the matching words and opens the entry in the transcript editor', async () => {
  await page.goto(`${app.url}/admin/answers`);
  await page.getByLabel('Search answers').fill('lighthouse');
  const match = page.getByTestId('answer-match');
  await eventually(async () => expect(await match.count()).toBe(1));
  expect(await match.locator('mark').first().textContent()).toMatch(/^lighthouse$/i);
  await screenshot(page, 'answers-search');
  const second = fixture.answers[1];
  await page.getByRole('link', { name: `Open entry ${second.position} in the transcript editor` }).click();
  await page.waitForURL(new RegExp(`/interviews/${fixture.interviewId}/transcript\\?entry=${second.id}`));
  const card = page.locator(`[data-entry-id="${second.id}"]`);
  await card.waitFor();
  await eventually(async () => expect(await card.getAttribute('aria-current')).toBe('location'));
});

test('an edit saved after the interview was published meanwhile keeps it published', async () => {
  expect((await interviewState()).status).toBe('DRAFT');
  await page.goto(`${app.url}/admin/interviews/${fixture.interviewId}`);
  const summary = page.getByLabel('Summary');
  await summary.waitFor();
  await summary.fill('Lighthouse keepers on the nights nobody sees.');
  const loaded = await interviewState();
  await ok(
    app,
    'mutation($id: ID!, $v: Int!) { publishInterview(id: $id, version: $v) { id } }',
    { id: fixture.interviewId, v: loaded.version },
    token,
  );
  // Whether the publication reaches the open form before the click (its warning shows) or not (the save meets
  // a newer version), the service merges the two: the form saves from the version it loaded.
  await page.getByRole('button', { name: 'Save' }).click();
  await notification(page, /^Saved: merged with/);
  await page.waitForURL(`${app.url}/admin/interviews/${fixture.interviewId}/show`);
  const after = await ok<{ Interview: { status: string; summary: string | null } }>(
    app,
    'query($id: ID!) { Interview(id: $id) { status summary } }',
    { id: fixture.interviewId },
    token,
  );
  expect(after.Interview).toEqual({
    status: 'PUBLISHED',
    summary: 'Lighthouse keepers on the nights nobody sees.',
  });
});

test('publishing from the transcript editor with unsaved corrections asks first, and keeps them unsaved', async () => {
  const draft = await createInterview(app, token, { count: 2, status: 'DRAFT', title: 'Tides Unsaved' });
  const state = async () =>
    (
      await ok<{ Interview: { status: string } }>(
        app,
        'query($id: ID!) { Interview(id: $id) { status } }',
        { id: draft.interviewId },
        token,
      )
    ).Interview.status;
  await page.goto(`${app.url}/admin/interviews/${draft.interviewId}/transcript`);
  const answer = page.getByTestId('answer-text-1');
  await answer.fill('Answer 1, corrected but not saved.');
  const publish = page.getByRole('button', { name: 'Publish this interview' });
  await publish.click();
  const ask = page.getByRole('dialog', { name: 'Publish without your unsaved changes?' });
  await ask.getByText('One entry has unsaved changes', { exact: false }).waitFor();
  await ask.getByRole('button', { name: 'Not yet' }).click();
  await ask.waitFor({ state: 'hidden' });
  expect(await state()).toBe('DRAFT');

  await publish.click();
  await ask.getByRole('button', { name: 'Publish as saved' }).click();
  await notification(page, 'Published');
  await eventually(async () => expect(await state()).toBe('PUBLISHED'));
  // The correction is still there to save.
  expect(await answer.inputValue()).toBe('Answer 1, corrected but not saved.');
  await page.getByTestId('entry-1').getByText('Unsaved changes').waitFor();
});
