/**
 * The import page as editors use it, end to end: Debian's Chromium (playwright-core) against the real
 * service with the built admin. A Word document uploaded and imported (no text of its own to paste), and the
 * preview of a Chinese transcript showing its guesses and what it keeps apart from the dialogue. What the UI
 * does is checked again through GraphQL.
 */
import type { Browser, Page } from 'playwright-core';
import { ADMIN, startTestService, type TestService } from '../support/service';
import { entriesOf, ok } from '../support/fixtures';
import { paragraph, wordDocument } from '../support/word-document';
import { buildAdminIfNeeded, eventually, launchBrowser, login, notification, watchErrors } from './browser';

let app: TestService;
let token: string;
let browser: Browser;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  buildAdminIfNeeded();
  app = await startTestService();
  token = await app.login();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
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

/** A minimal Word document: one paragraph per line. */
const docx = (lines: string[]): Promise<Buffer> =>
  wordDocument(lines.map((line) => paragraph(line)).join(''));

test('uploads a Word document, previews it and imports it; removing the file removes the document', async () => {
  const document = {
    name: 'river-interview.docx',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    buffer: await docx([
      'Interview with Rosa Riverside',
      'Ada Host: How did the river project start?',
      'Rosa Riverside: With a boat and a notebook.',
      'Ada Host: And now?',
      'Riverside: Three boats.',
    ]),
  };
  await page.goto(`${app.url}/admin/import`);
  const file = page.locator('input[type="file"]');
  const importButton = page.getByRole('button', { name: 'Import', exact: true });
  const preview = page.getByTestId('import-preview');

  await file.setInputFiles(document);
  await page.getByText('Word document loaded', { exact: false }).waitFor();
  await eventually(async () => expect(await preview.getByTestId('preview-entry').count()).toBe(2));
  await preview.getByText('Rosa Riverside', { exact: true }).first().waitFor();
  await importButton.click();
  await notification(page, 'Imported “Interview with Rosa Riverside” as a draft');
  await page.getByRole('heading', { level: 1, name: 'Interview with Rosa Riverside' }).waitFor();

  const found = await ok<{ allInterviews: { id: string }[] }>(
    app,
    'query { allInterviews(filter: { q: "Rosa Riverside" }) { id } }',
    {},
    token,
  );
  expect(found.allInterviews).toHaveLength(1);
  const entries = await entriesOf(app, token, found.allInterviews[0].id);
  expect(entries.map((entry) => entry.text)).toEqual(['With a boat and a notebook.', 'Three boats.']);

  await page.goto(`${app.url}/admin/import`);
  // The file's chip removes the document it stands for: nothing is left to import.
  await file.setInputFiles(document);
  await eventually(async () => expect(await preview.getByTestId('preview-entry').count()).toBe(2));
  expect(await importButton.isDisabled()).toBe(false);
  await page.getByRole('button', { name: document.name }).press('Delete');
  await eventually(async () => expect(await importButton.isDisabled()).toBe(true));
  await page.getByText('Paste or upload a transcript to see what will be imported.').waitFor();
  // Typed text replaces a document, file name included.
  await file.setInputFiles(document);
  await page.getByRole('button', { name: document.name }).waitFor();
  await page
    .getByLabel('Transcript text')
    .fill('Ada Host: Typed instead?\nRosa Riverside: Yes.\nAda Host: Why?\nRosa Riverside: Quicker.\n');
  await eventually(async () =>
    expect(await page.getByRole('button', { name: document.name }).count()).toBe(0),
  );
  expect(await page.getByText('Word document loaded', { exact: false }).count()).toBe(0);
  await eventually(async () =>
    expect(await preview.getByTestId('preview-entry').first().textContent()).toContain('Typed instead?'),
  );
});

test('the preview of a Chinese transcript lists its guesses and shows what is kept apart from the dialogue', async () => {
  const transcript = [
    '专访青年导演林晓雨',
    '采访 / 撰文：周若男',
    '',
    '一、关于开始',
    '',
    '周若男：您为什么开始拍电影？',
    '林晓雨：因为小时候看了很多电影。',
    '周若男：下一步呢？',
    '林：继续拍。',
    '',
    '本文经编辑删节。',
    '',
  ].join('\n');
  await page.goto(`${app.url}/admin/import`);
  await page.getByLabel('Transcript text').fill(transcript);
  const preview = page.getByTestId('import-preview');
  await eventually(async () => expect(await preview.getByTestId('preview-entry').count()).toBe(2));
  // The guesses, each with its line.
  const guesses = preview.getByRole('alert').filter({ hasText: 'Guesses to check' });
  await guesses.getByText('"周若男" asks the questions: taken from the byline', { exact: false }).waitFor();
  await guesses.getByText('"一、关于开始" taken as a section heading', { exact: false }).waitFor();
  // What they were kept apart as: the byline and the editing note are there to read, in no entry.
  const keptApart = preview.getByTestId('preview-kept-apart');
  await keptApart.waitFor();
  const kept = (await keptApart.getByRole('listitem').allTextContents()).join('\n');
  expect(kept).toContain('采访 / 撰文：周若男');
  expect(kept).toContain('本文经编辑删节。');
  expect(await preview.getByTestId('preview-entry').allTextContents()).not.toContain('本文经编辑删节');
});

test('leaving the import page with a transcript not yet imported asks first; staying keeps the text and names', async () => {
  const transcript = 'Ada Host: Why now?\nGrace Guest: Because the time is right.\n';
  await page.goto(`${app.url}/admin/import`);
  await page.getByLabel('Transcript text').fill(transcript);
  await page.getByLabel('Title').fill('Not imported yet');
  await page.getByRole('menuitem', { name: 'Dashboard' }).click();
  const ask = page.getByRole('dialog', { name: 'Leave without importing?' });
  await ask.waitFor();
  await ask.getByRole('button', { name: 'Stay' }).click();
  await ask.waitFor({ state: 'detached' });
  expect(new URL(page.url()).pathname).toBe('/admin/import');
  expect(await page.getByLabel('Transcript text').inputValue()).toBe(transcript);
  expect(await page.getByLabel('Title').inputValue()).toBe('Not imported yet');

  await page.getByRole('menuitem', { name: 'Dashboard' }).click();
  await ask.getByRole('button', { name: 'Leave without saving' }).click();
  await page.getByRole('heading', { name: /^Welcome/ }).waitFor();
});
