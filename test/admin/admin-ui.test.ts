/**
 * The editors' admin UI end to end: Debian's Chromium (playwright-core) against the real service, which
 * serves the built admin at /admin/ and the API at /graphql, on a fresh database loaded with the seed
 * interviews. Nothing is mocked; what the UI does is checked again through GraphQL.
 *
 * One browser for the file and one page reused from test to test (they build on each other: the entry
 * corrected first is the one restored later); a second browser context plays another editor.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ADMIN, startTestService, type TestService } from '../support/service';
import { entriesOf, ok, type AnswerRow } from '../support/fixtures';
import {
  buildAdminIfNeeded,
  eventually,
  launchBrowser,
  login,
  notification,
  screenshot,
  watchErrors,
} from './browser';

const EDITOR = { email: 'second.editor@example.com', password: 'editor-password', name: 'Second Editor' };

let app: TestService;
let token: string;
let browser: Browser;
let page: Page;
let other: BrowserContext | undefined;
let otherPage: Page;
let pageErrors: string[];
let interviewId: string;
let interviewTitle: string;
let original: AnswerRow[];

/** The answer's text box: its accessible name is its visible label, "Answer 5 — Xie Jiayin". */
function answerBox(on: Page, position: number) {
  return on.getByRole('textbox', { name: new RegExp(`^Answer ${position}( —|$)`) });
}

async function answerText(position: number): Promise<string> {
  return answerBox(page, position).inputValue();
}

async function entry(position: number): Promise<AnswerRow> {
  const entries = await entriesOf(app, token, interviewId);
  const found = entries.find((e) => e.position === position);
  if (!found) throw new Error(`no entry at position ${position}`);
  return found;
}

async function updateThroughApi(id: string, version: number, text: string): Promise<AnswerRow> {
  const data = await ok<{ updateAnswer: AnswerRow }>(
    app,
    'mutation($id: ID!, $version: Int!, $text: String) { updateAnswer(id: $id, version: $version, text: $text) { id text version position } }',
    { id, version, text },
    token,
  );
  return data.updateAnswer;
}

beforeAll(async () => {
  buildAdminIfNeeded();
  app = await startTestService({ SEED_ON_START: 'true' });
  token = await app.login();
  const found = await ok<{ allInterviews: { id: string; title: string }[] }>(
    app,
    'query { allInterviews(filter: { q: "Xie Jiayin" }) { id title } }',
    {},
    token,
  );
  const xie = found.allInterviews.find((i) => /Xie Jiayin/.test(i.title));
  if (!xie) throw new Error('the seed interview with Xie Jiayin was not loaded (SEED_ON_START)');
  interviewId = xie.id;
  interviewTitle = xie.title;
  original = await entriesOf(app, token, interviewId);
  await ok(
    app,
    'mutation($email: String!, $password: String!, $name: String) { createUser(email: $email, password: $password, name: $name, role: EDITOR) { id } }',
    EDITOR,
    token,
  );
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  pageErrors = watchErrors(page);
}, 300_000);

afterAll(async () => {
  await other?.close();
  await browser?.close();
  await app?.stop();
});

afterEach(() => {
  expect(pageErrors).toEqual([]);
});

jest.setTimeout(60_000);

test('logs in and shows who is logged in, with the role', async () => {
  await login(page, app.url, ADMIN.email, ADMIN.password);
  await expect(page.getByTestId('role').textContent()).resolves.toBe('Admin');
  // Admins manage users.
  await page.getByRole('menuitem', { name: 'Users' }).waitFor();
  // The seed's imports, one line each.
  await eventually(async () =>
    expect(
      await page
        .getByTestId('latest-change')
        .filter({ hasText: /imported \d+ entries into/ })
        .count(),
    ).toBeGreaterThan(0),
  );
  await screenshot(page, 'dashboard');
});

test('opens the seeded Xie Jiayin interview from the searchable list', async () => {
  await page.getByRole('menuitem', { name: 'Interviews' }).click();
  await page.getByLabel('Search interviews').fill('Xie');
  const row = page.getByRole('row', { name: /Xie Jiayin/ });
  await eventually(async () => expect(await page.getByRole('row').count()).toBe(2)); // header + one match
  await screenshot(page, 'interviews');
  await row.getByRole('link', { name: 'Open the transcript editor' }).click();
  await page.getByRole('heading', { level: 1, name: /Xie Jiayin/ }).waitFor();
  await page.getByTestId(`entry-${original.length}`).waitFor();
  // Grouped by section, with the speakers' names.
  await page.getByRole('heading', { level: 2, name: /Becoming Top Three/ }).waitFor();
  expect(await page.getByRole('textbox', { name: 'Answer 1 — Xie Jiayin' }).count()).toBe(1);
  expect(await answerText(1)).toBe(original[0].text);
  await screenshot(page, 'transcript-editor');
});

test('corrects an answer inline, saves with Ctrl+S, and the API has the correction', async () => {
  const corrected = original[1].text.replace('Chinese-speaking head', 'Chinese-speaking Head');
  expect(corrected).not.toBe(original[1].text);
  const box = answerBox(page, 2);
  await box.fill(corrected);
  await page.getByTestId('entry-2').getByText('Unsaved changes').waitFor();
  // Leaving with unsaved changes asks first.
  await page.getByRole('menuitem', { name: 'Dashboard' }).click();
  const leave = page.getByRole('dialog', { name: 'Leave with unsaved changes?' });
  await leave.getByRole('button', { name: 'Stay' }).click();
  expect(page.url()).toMatch(/\/transcript$/);
  await box.focus();
  await page.keyboard.press('Control+s');
  await notification(page, 'Entry 2 saved');
  const saved = await eventually(async () => {
    const row = await entry(2);
    expect(row.text).toBe(corrected);
    return row;
  });
  expect(saved.version).toBe(original[1].version + 1);
  expect(await page.getByTestId('entry-2').getByText('Unsaved changes').count()).toBe(0);
});

test('splits an entry at the cursor and merges it back with the next', async () => {
  const source = original[2];
  const offset = source.text.indexOf('\n\n') + 2;
  expect(offset).toBeGreaterThan(2);
  const box = answerBox(page, 3);
  // The cursor at the start of the second paragraph (the browser's textarea API; no DOM types here).
  await box.evaluate((element, at) => {
    const textarea = element as unknown as {
      focus(): void;
      setSelectionRange(from: number, to: number): void;
    };
    textarea.focus();
    textarea.setSelectionRange(at, at);
  }, offset);
  await page.getByRole('button', { name: 'Split entry 3 at the cursor' }).click();
  await notification(page, 'Entry 3 split');
  const afterSplit = await eventually(async () => {
    const entries = await entriesOf(app, token, interviewId);
    expect(entries).toHaveLength(original.length + 1);
    return entries;
  });
  expect(afterSplit[2].text).toBe(source.text.slice(0, offset).trimEnd());
  expect(afterSplit[3].text).toBe(source.text.slice(offset).trimStart());
  await eventually(async () => expect(await answerText(4)).toBe(afterSplit[3].text));

  await page.getByRole('button', { name: 'Merge entry 3 with the next' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Merge' }).click();
  await notification(page, 'merged into entry 3');
  const afterMerge = await eventually(async () => {
    const entries = await entriesOf(app, token, interviewId);
    expect(entries).toHaveLength(original.length);
    return entries;
  });
  expect(afterMerge[2].text).toBe(source.text);
  await eventually(async () => expect(await answerText(3)).toBe(source.text));
});

test('shows an entry’s history as a word diff and restores an earlier version', async () => {
  await page.getByRole('button', { name: 'History of entry 2' }).click();
  const dialog = page.getByRole('dialog', { name: 'History of entry 2' });
  await dialog.getByTestId('revision-2').waitFor();
  // The correction, word by word.
  await dialog.getByTestId('revision-2').locator('ins', { hasText: 'Head' }).first().waitFor();
  await dialog.getByTestId('revision-2').locator('del', { hasText: 'head' }).first().waitFor();
  await screenshot(page, 'history-diff');
  await dialog.getByRole('button', { name: 'Restore version 1' }).click();
  await notification(page, 'restored to version 1');
  await dialog.getByRole('button', { name: 'Close' }).click();
  const restored = await eventually(async () => {
    const row = await entry(2);
    expect(row.text).toBe(original[1].text);
    return row;
  });
  expect(restored.version).toBe(original[1].version + 2);
  await eventually(async () => expect(await answerText(2)).toBe(original[1].text));
});

test('imports a pasted transcript after previewing it', async () => {
  const transcript = [
    'Building a Newsroom Bot',
    'Ada Host: Welcome. How did the project start?',
    'Grace Guest: With a very small script and a lot of curiosity.',
    'Ada Host: What would you do differently?',
    'Grace Guest: Write the tests first.',
    '',
  ].join('\n');
  await page.getByRole('menuitem', { name: 'Import transcript' }).click();
  // A file can be uploaded…
  await page.locator('input[type="file"]').setInputFiles({
    name: 'uploaded.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('Q: Uploaded?\nA: Yes.\n'),
  });
  await eventually(async () =>
    expect(await page.getByLabel('Transcript text').inputValue()).toContain('Uploaded?'),
  );
  await page.getByRole('button', { name: 'uploaded.txt' }).press('Delete'); // forget the file name
  // …or pasted.
  await page.getByLabel('Transcript text').fill(transcript);
  await page.getByLabel('Interviewer').fill('Ada Host');
  await page.getByLabel('Title').fill('Building a Newsroom Bot (e2e)');
  const preview = page.getByTestId('import-preview');
  await eventually(async () => expect(await preview.getByTestId('preview-entry').count()).toBe(2));
  // A format that does not fit: the error is shown at the option it names.
  await page.getByRole('combobox', { name: 'Format' }).click();
  await page.getByRole('option', { name: 'Q: / A:' }).click();
  await page.getByText('the text does not fit the QA format', { exact: false }).first().waitFor();
  expect(await preview.count()).toBe(0);
  await page.getByRole('combobox', { name: 'Format' }).click();
  await page.getByRole('option', { name: 'Detect automatically' }).click();
  await eventually(async () => expect(await preview.getByTestId('preview-entry').count()).toBe(2));
  await preview.getByText('Grace Guest', { exact: true }).first().waitFor();
  await screenshot(page, 'import-preview');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await notification(page, 'Imported');
  await page.getByRole('heading', { level: 1, name: 'Building a Newsroom Bot (e2e)' }).waitFor();
  expect(page.url()).toMatch(/\/admin\/interviews\/[0-9a-f]{24}\/transcript$/);

  const imported = await ok<{ allInterviews: { id: string; status: string; answerCount: number }[] }>(
    app,
    'query { allInterviews(filter: { q: "Newsroom Bot" }) { id status answerCount } }',
    {},
    token,
  );
  expect(imported.allInterviews).toHaveLength(1);
  expect(imported.allInterviews[0]).toMatchObject({ status: 'DRAFT', answerCount: 2 });
  const entries = await entriesOf(app, token, imported.allInterviews[0].id);
  expect(entries.map((e) => e.text)).toEqual([
    'With a very small script and a lot of curiosity.',
    'Write the tests first.',
  ]);

  // Publish it from the transcript editor, and take it back.
  const status = async () =>
    (
      await ok<{ Interview: { status: string } }>(
        app,
        'query($id: ID!) { Interview(id: $id) { status } }',
        { id: imported.allInterviews[0].id },
        token,
      )
    ).Interview.status;
  await page.getByRole('button', { name: 'Publish this interview' }).click();
  await notification(page, 'Published');
  await eventually(async () => expect(await status()).toBe('PUBLISHED'));
  await page.getByRole('button', { name: 'Unpublish this interview' }).click();
  // Taking a live interview down is confirmed first.
  await page.getByRole('dialog').getByRole('button', { name: 'Unpublish' }).click();
  await notification(page, 'Unpublished');
  await eventually(async () => expect(await status()).toBe('DRAFT'));
});

test('the dashboard says who did what where: an import as one line, a correction with its entry, linked', async () => {
  await page.getByRole('menuitem', { name: 'Dashboard' }).click();
  const lines = page.getByTestId('latest-change');
  const imported = lines.filter({
    hasText: 'Administrator imported 2 entries into Building a Newsroom Bot (e2e)',
  });
  await imported.first().waitFor();
  expect(await imported.count()).toBe(1);
  await lines
    .filter({ hasText: 'Administrator unpublished Building a Newsroom Bot (e2e)' })
    .first()
    .waitFor();
  // A merge is one act on the entry that stays (the absorbed one is gone).
  await lines
    .filter({ hasText: new RegExp(`^Administrator merged entry 3 .*of ${interviewTitle}`) })
    .first()
    .waitFor();
  // The entry restored earlier: who, what, which entry (number and section), where; the entry is a link.
  const restored = await entry(2);
  const where = `entry 2${restored.section ? ` (${restored.section})` : ''}`;
  const line = lines.filter({ hasText: `Administrator restored ${where} of ${interviewTitle}` });
  await line.first().waitFor();
  await screenshot(page, 'latest-changes', line.first());
  await line.first().getByRole('link', { name: where }).click();
  await page.waitForURL(new RegExp(`/interviews/${interviewId}/transcript\\?entry=${restored.id}$`));
  await eventually(async () =>
    expect(await page.getByTestId('entry-2').getAttribute('data-linked')).toBe('true'),
  );
});

test('shows a change made by another editor in a second browser context, without reload', async () => {
  await page.goto(`${app.url}/admin/interviews/${interviewId}/transcript`);
  await page.getByTestId('entry-5').waitFor();
  // Subscribed to contentChanged over graphql-ws (rather than polling the change feed).
  await page.locator('[data-live-mode="live"]').waitFor({ state: 'attached', timeout: 10_000 });

  other = await browser.newContext({ viewport: { width: 390, height: 844 } });
  otherPage = await other.newPage();
  await login(otherPage, app.url, EDITOR.email, EDITOR.password);
  await expect(otherPage.getByTestId('role').textContent()).resolves.toBe('Editor');
  await otherPage.goto(`${app.url}/admin/interviews/${interviewId}/transcript`);
  const theirs = `${original[4].text} (clarified by the second editor)`;
  await answerBox(otherPage, 5).fill(theirs);
  await otherPage.getByRole('button', { name: 'Save entry 5' }).click();
  await notification(otherPage, 'Entry 5 saved');
  await screenshot(otherPage, 'narrow-transcript');

  // The first editor's page was not reloaded: the change arrives live.
  await eventually(async () => expect(await answerText(5)).toBe(theirs), 15_000);
  // Editors do not see user management.
  await otherPage.goto(`${app.url}/admin/`);
  await otherPage.getByRole('heading', { name: /^Welcome/ }).waitFor();
  expect(await otherPage.getByRole('menuitem', { name: 'Users' }).count()).toBe(0);
});

test('says so when an entry being edited changes under the editor; overlapping edits show the three versions and keep mine on request', async () => {
  const mine = `${original[5].text} (my correction)`;
  await answerBox(page, 6).fill(mine);
  const current = await entry(6);
  const theirs = `${original[5].text} (their correction)`;
  await otherPage.goto(`${app.url}/admin/interviews/${interviewId}/transcript`);
  await answerBox(otherPage, 6).fill(theirs);
  await otherPage.getByRole('button', { name: 'Save entry 6' }).click();
  await notification(otherPage, 'Entry 6 saved');

  // Heard live: a note, not a dialog (saving merges); both appended at the same place, so saving conflicts.
  await eventually(
    async () =>
      expect(await page.getByTestId('entry-6').getByTestId('entry-status').textContent()).toBe(
        'Newer version saved: yours will merge',
      ),
    15_000,
  );
  await page.getByRole('button', { name: 'Save entry 6' }).click();
  const panel = page.getByTestId('conflict-6');
  await panel.waitFor({ timeout: 15_000 });
  await panel.getByText(`${EDITOR.name} changed the same words`).waitFor();
  expect(await panel.getByTestId('base').textContent()).toBe(original[5].text);
  expect(await panel.getByTestId('theirs').textContent()).toBe(theirs);
  expect(await panel.getByTestId('mine').textContent()).toBe(mine);
  expect(await answerText(6)).toBe(mine);
  await screenshot(page, 'conflict', panel);

  await panel.getByRole('button', { name: 'Keep my version of entry 6' }).click();
  await notification(page, 'Entry 6 saved');
  const saved = await eventually(async () => {
    const row = await entry(6);
    expect(row.text).toBe(mine);
    return row;
  });
  expect(saved.version).toBe(current.version + 2);
  // Nothing is lost: their version is in the history.
  const history = await ok<{ allRevisions: { version: number; after: { text?: string } | null }[] }>(
    app,
    'query($id: ID!) { allRevisions(filter: { entity_id: $id }) { version after } }',
    { id: saved.id },
    token,
  );
  expect(history.allRevisions.find((r) => r.version === current.version + 1)?.after?.text).toBe(theirs);
});

test('a save refused with CONFLICT shows both versions; taking theirs drops mine', async () => {
  const current = await entry(7);
  await answerBox(page, 7).fill(`${original[6].text} (mine, stale)`);
  const theirs = `${original[6].text} (saved through the API)`;
  await updateThroughApi(current.id, current.version, theirs);
  // Saved before the page heard of their change (or right after): either way both versions are shown.
  await answerBox(page, 7).focus();
  await page.keyboard.press('Control+s');
  const panel = page.getByTestId('conflict-7');
  await panel.waitFor({ timeout: 15_000 });
  expect(await panel.getByTestId('theirs').textContent()).toBe(theirs);
  await panel.getByRole('button', { name: 'Take their version of entry 7' }).click();
  await eventually(async () => expect(await answerText(7)).toBe(theirs));
  expect(await page.getByTestId('conflict-7').count()).toBe(0);
  expect((await entry(7)).text).toBe(theirs);
});

/** The text with its `index`-th word (0-based, counting words only) replaced. */
function withWord(text: string, index: number, word: string): string {
  let seen = -1;
  return text.replace(/\S+/g, (match) => (++seen === index ? word : match));
}

test('two editors: presence shows who is here and on which entry; edits to different words merge without a dialog', async () => {
  await otherPage.goto(`${app.url}/admin/interviews/${interviewId}/transcript`);
  await otherPage.getByTestId('entry-8').waitFor();
  // Presence: the first editor sees the second one arrive, then on which entry they are typing.
  await eventually(
    async () => expect(await page.getByTestId('presence').textContent()).toContain(EDITOR.name),
    10_000,
  );
  const base = (await entry(8)).text;
  const theirs = withWord(base, 0, 'THEIRFIRST');
  const mine = withWord(base, 5, 'MYSIXTH');
  await answerBox(otherPage, 8).fill(theirs);
  await eventually(
    async () =>
      expect(await page.getByTestId('entry-8').getByTestId('editing-by').textContent()).toContain(
        EDITOR.name,
      ),
    10_000,
  );
  await answerBox(page, 8).fill(mine);
  await otherPage.getByRole('button', { name: 'Save entry 8' }).click();
  await notification(otherPage, 'Entry 8 saved');
  await page.getByRole('button', { name: 'Save entry 8' }).click();
  await notification(page, `Entry 8 saved: merged with ${EDITOR.name}'s changes`);
  const expected = withWord(withWord(base, 0, 'THEIRFIRST'), 5, 'MYSIXTH');
  await eventually(async () => expect((await entry(8)).text).toBe(expected));
  await eventually(async () => expect(await answerText(8)).toBe(expected));
  expect(await page.getByTestId('conflict-8').count()).toBe(0);
  await screenshot(page, 'presence', page.getByTestId('entry-8'));

  // Leaving: the second editor is gone from the first one's page within seconds.
  await otherPage.goto(`${app.url}/admin/`);
  await eventually(async () => expect(await page.getByTestId('presence').count()).toBe(0), 10_000);
});

test('the same words edited by both: the three-way view, and "keep mine" keeps their other changes', async () => {
  await otherPage.goto(`${app.url}/admin/interviews/${interviewId}/transcript`);
  await otherPage.getByTestId('entry-9').waitFor();
  const base = (await entry(9)).text;
  const theirs = withWord(withWord(base, 1, 'THEIRSECOND'), 6, 'THEIRSEVENTH');
  const mine = withWord(base, 1, 'MYSECOND');
  await answerBox(otherPage, 9).fill(theirs);
  await answerBox(page, 9).fill(mine);
  await otherPage.getByRole('button', { name: 'Save entry 9' }).click();
  await notification(otherPage, 'Entry 9 saved');
  await page.getByRole('button', { name: 'Save entry 9' }).click();
  const panel = page.getByTestId('conflict-9');
  await panel.waitFor({ timeout: 15_000 });
  await panel.getByText(`${EDITOR.name} changed the same words of entry 9`).waitFor();
  expect(await panel.getByTestId('base').textContent()).toBe(base);
  expect(await panel.getByTestId('theirs').textContent()).toBe(theirs);
  expect(await panel.getByTestId('mine').textContent()).toBe(mine);
  // Each side's changes are marked against the base.
  expect(await panel.getByLabel('added: THEIRSECOND').count()).toBe(1);
  expect(await panel.getByLabel('added: MYSECOND').count()).toBe(1);
  await screenshot(page, 'three-way-conflict', panel);
  await panel.getByRole('button', { name: 'Keep my version of entry 9' }).click();
  await notification(page, 'Entry 9 saved');
  const expected = withWord(withWord(base, 1, 'MYSECOND'), 6, 'THEIRSEVENTH');
  await eventually(async () => expect((await entry(9)).text).toBe(expected));

  // The history says who did what: both names, the entry's number.
  await page.goto(`${app.url}/admin/interviews/${interviewId}/show/history`);
  await eventually(async () => {
    const rows = await page.getByRole('row').allTextContents();
    expect(rows.some((row) => row.includes(EDITOR.name) && row.includes('#9'))).toBe(true);
    expect(rows.some((row) => row.includes('Admin') && row.includes('#9'))).toBe(true);
  }, 10_000);
  await otherPage.goto(`${app.url}/admin/`);
});

test('an edit form says when the record changes under it, and merges the editor’s changes with theirs', async () => {
  const speakers = await ok<{ allSpeakers: { id: string; title: string | null; version: number }[] }>(
    app,
    'query { allSpeakers(filter: { q: "Xie Jiayin" }) { id title version } }',
    {},
    token,
  );
  const speaker = speakers.allSpeakers[0];
  await page.goto(`${app.url}/admin/speakers/${speaker.id}`);
  const title = page.getByRole('textbox', { name: 'Title or role' });
  await eventually(async () => expect(await title.inputValue()).toBe(speaker.title ?? ''));
  await page.locator('[data-live-mode="live"]').waitFor({ state: 'attached' });
  await title.fill('Head of the Chinese-speaking region');
  await ok(
    app,
    'mutation($id: ID!, $version: Int!) { updateSpeaker(id: $id, version: $version, organization: "Bitget Ltd") { id } }',
    { id: speaker.id, version: speaker.version },
    token,
  );
  // The change arrives live: the form says so, takes their organization and keeps my title.
  await page.getByText('Someone else saved this record').waitFor();
  await eventually(async () =>
    expect(await page.getByRole('textbox', { name: 'Organization' }).inputValue()).toBe('Bitget Ltd'),
  );
  expect(await title.inputValue()).toBe('Head of the Chinese-speaking region');
  // Different fields from the same version: merged by the service, no dialog.
  await page.keyboard.press('Control+s');
  await notification(page, /Saved: merged with .+'s changes/);
  expect(await page.getByRole('dialog', { name: 'Someone else changed this record' }).count()).toBe(0);
  const after = await ok<{ Speaker: { title: string; organization: string; version: number } }>(
    app,
    'query($id: ID!) { Speaker(id: $id) { title organization version } }',
    { id: speaker.id },
    token,
  );
  expect(after.Speaker).toEqual({
    title: 'Head of the Chinese-speaking region',
    organization: 'Bitget Ltd',
    version: speaker.version + 2,
  });
});

test('every resource page renders its records, references by name, without errors', async () => {
  const answer = await entry(1);
  const errors = page.locator('.RaNotification-error');
  // Client-side navigation (as a link would), so the app is not reloaded for each page.
  const visit = async (path: string, title: RegExp, expected: string) => {
    await page.evaluate(
      `history.pushState(null, '', ${JSON.stringify(`/admin/${path}`)}); dispatchEvent(new PopStateEvent('popstate'))`,
    );
    await eventually(async () =>
      expect(await page.locator('#react-admin-title').textContent()).toMatch(title),
    );
    await page.locator('#main-content').getByText(expected).first().waitFor();
    await page.waitForTimeout(150);
    expect({ path, errors: await errors.allTextContents() }).toEqual({ path, errors: [] });
  };
  await visit('answers', /^Answers$/, 'Xie Jiayin'); // the speaker column shows names
  await visit(`answers/${answer.id}/show`, /^Answer #1/, 'Interview with Xie Jiayin');
  await visit(`answers/${answer.id}`, /^Answer #1/, 'Ctrl+S / ⌘S saves');
  await visit('speakers', /^Speakers$/, 'Deep Tide TechFlow');
  await visit(`interviews/${interviewId}/show`, /Xie Jiayin/, 'Deep Tide TechFlow');
  await visit(`interviews/${interviewId}/show/entries`, /Xie Jiayin/, 'Xie Jiayin');
  await visit(`interviews/${interviewId}/show/history`, /Xie Jiayin/, 'UPDATE');
  await visit(`interviews/${interviewId}`, /^Edit: .*Xie Jiayin/, 'Sections (one per line)');
  await visit('revisions', /^Revisions$/, 'ANSWER');
  await visit('users', /^Users$/, EDITOR.email);
  await page.getByRole('menuitem', { name: 'Revisions' }).click();
  await page
    .getByRole('row', { name: /ANSWER/ })
    .first()
    .click();
  await page.getByText('Changes (before → after)').waitFor();
  expect(await errors.count()).toBe(0);
});

test('the interview’s history narrows to one person and one kind of change', async () => {
  await page.goto(`${app.url}/admin/interviews/${interviewId}/show/history`);
  const bodyRows = async () => (await page.getByRole('row').allTextContents()).slice(1);
  await eventually(async () => expect((await bodyRows()).length).toBeGreaterThan(0));
  await page.getByRole('combobox', { name: /^Who/ }).click();
  await page.getByRole('option', { name: EDITOR.name }).click();
  // The second editor saved entries 5, 6, 8 and 9, nothing else.
  await eventually(async () => {
    const rows = await bodyRows();
    expect(rows).toHaveLength(4);
    expect(rows.every((row) => row.includes(EDITOR.name) && row.includes('UPDATE'))).toBe(true);
  });
  await page.getByRole('combobox', { name: /^Kind of change/ }).click();
  await page.getByRole('option', { name: 'Split' }).click();
  await page.getByText('No changes match.').waitFor();
  await page.getByRole('combobox', { name: /^Who/ }).click();
  await page.getByRole('option', { name: 'Anyone' }).click();
  await eventually(async () => {
    const rows = await bodyRows();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.includes('Administrator') && row.includes('SPLIT'))).toBe(true);
  });
});

test('the search box finds an entry, marks the match as text, and opens the transcript at that entry', async () => {
  const last = await entry(original.length);
  await updateThroughApi(last.id, last.version, `${last.text} The <b>zebrafish</b> protocol matters.`);
  // The index follows writes through the change stream: wait until the service finds it.
  await eventually(async () => {
    const found = await ok<{ search: { totalCount: number } }>(
      app,
      'query { search(query: "zebrafish protocol") { totalCount } }',
      {},
      token,
    );
    expect(found.search.totalCount).toBe(1);
  });
  await page.getByRole('menuitem', { name: 'Dashboard' }).click();
  const box = page.getByRole('searchbox', { name: 'Search everything' });
  await box.fill('zebrafish protocol');
  await box.press('Enter');
  await page.waitForURL(/\/admin\/search\?q=zebrafish\+protocol$/);
  const hit = page.getByTestId('search-hit');
  await eventually(async () => expect(await hit.count()).toBe(1));
  await hit.getByText(`Entry ${original.length}`).first().waitFor();
  const snippet = hit.getByTestId('snippet').filter({ hasText: 'zebrafish' });
  expect(await snippet.locator('mark').allTextContents()).toEqual(['zebrafish', 'protocol']);
  // The entry's own markup is shown as text, never interpreted.
  expect(await snippet.textContent()).toContain('<b>zebrafish</b> protocol');
  expect(await snippet.locator('b').count()).toBe(0);
  await screenshot(page, 'search', hit);

  await hit.getByRole('link').click();
  await page.waitForURL(new RegExp(`/interviews/${interviewId}/transcript\\?entry=${last.id}$`));
  const card = page.getByTestId(`entry-${original.length}`);
  await eventually(async () => expect(await card.getAttribute('data-linked')).toBe('true'));
  // Scrolled to it: the last entry of a long transcript is in the viewport.
  await eventually(async () => {
    const bounds = await card.boundingBox();
    expect(bounds?.y ?? -1).toBeGreaterThanOrEqual(0);
    expect(bounds?.y ?? 10_000).toBeLessThan(800);
  });
  expect(await answerText(original.length)).toContain('<b>zebrafish</b> protocol');

  // The Answers list's search is the same search: the words in any order.
  await page.getByRole('menuitem', { name: 'Answers' }).click();
  await page.getByLabel('Search answers').fill('protocol zebrafish');
  await eventually(async () => {
    const rows = await page.getByRole('row').allTextContents();
    expect(rows).toHaveLength(2); // header + the one match (its answer cut short: the question shows it)
    expect(rows[1]).toContain(last.question.slice(0, 40));
  });
});

test('downloads an interview as Markdown and JSON, and as captions when its entries carry times', async () => {
  const xie = await ok<{ Interview: { slug: string } }>(
    app,
    'query($id: ID!) { Interview(id: $id) { slug } }',
    { id: interviewId },
    token,
  );
  await page.goto(`${app.url}/admin/interviews/${interviewId}/show`);
  await page.getByRole('button', { name: 'Download this interview' }).click();
  const menu = page.getByRole('menu');
  // The seed's entries carry no times: no captions offered.
  await eventually(async () =>
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual([
      'Markdown.md',
      'Plain text.txt',
      'JSON.json',
    ]),
  );
  const [markdown] = await Promise.all([
    page.waitForEvent('download'),
    menu.getByRole('menuitem', { name: /Markdown/ }).click(),
  ]);
  expect(markdown.suggestedFilename()).toBe(`${xie.Interview.slug}.md`);
  const text = readFileSync(await markdown.path(), 'utf8');
  expect(text.startsWith(`# ${interviewTitle}\n`)).toBe(true);
  expect(text).toContain((await entry(1)).text.trim());

  await page.getByRole('button', { name: 'Download this interview' }).click();
  const [json] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menu').getByRole('menuitem', { name: /JSON/ }).click(),
  ]);
  expect(json.suggestedFilename()).toBe(`${xie.Interview.slug}.json`);
  const document = JSON.parse(readFileSync(await json.path(), 'utf8')) as {
    interview: { title: string };
    entries: unknown[];
  };
  expect(document.interview.title).toBe(interviewTitle);
  expect(document.entries).toHaveLength(original.length);

  // A draft whose entries carry times: captions too, fetched with the editor's token.
  const bot = await ok<{ allInterviews: { id: string; slug: string; status: string }[] }>(
    app,
    'query { allInterviews(filter: { q: "Newsroom Bot" }) { id slug status } }',
    {},
    token,
  );
  const draft = bot.allInterviews[0];
  expect(draft.status).toBe('DRAFT');
  const entries = await entriesOf(app, token, draft.id);
  for (const [index, row] of entries.entries()) {
    await ok(
      app,
      'mutation($id: ID!, $version: Int!, $start: Float, $end: Float) { updateAnswer(id: $id, version: $version, startTime: $start, endTime: $end) { id } }',
      { id: row.id, version: row.version, start: index * 5 + 1, end: index * 5 + 4 },
      token,
    );
  }
  await page.goto(`${app.url}/admin/interviews/${draft.id}/show`);
  await page.getByRole('button', { name: 'Download this interview' }).click();
  const captions = page.getByRole('menu').getByRole('menuitem', { name: /WebVTT/ });
  await captions.waitFor();
  expect(await page.getByRole('menu').getByRole('menuitem', { name: /SRT/ }).count()).toBe(1);
  const [vtt] = await Promise.all([page.waitForEvent('download'), captions.click()]);
  expect(vtt.suggestedFilename()).toBe(`${draft.slug}.vtt`);
  const cues = readFileSync(await vtt.path(), 'utf8');
  expect(cues.startsWith('WEBVTT')).toBe(true);
  expect(cues).toContain('00:00:01.000 --> 00:00:04.000');
  expect(cues).toContain('Write the tests first.');
});
