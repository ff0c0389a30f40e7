/**
 * Translations in the admin, end to end: Debian's Chromium (playwright-core) against the real service on a
 * fresh database. An English interview is imported through the API; its Chinese translation is imported in
 * the browser, where the proposed alignment is adjusted (the translator split one answer in two) before
 * importing. Then the side-by-side view, staleness after an edit and "mark done", the language switch, and
 * re-pairing. What the UI did is checked again through GraphQL.
 *
 * The tests build on each other, in order, on one page.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { ADMIN, startTestService, type TestService } from '../support/service';
import { entriesOf, ok } from '../support/fixtures';
import {
  buildAdminIfNeeded,
  eventually,
  launchBrowser,
  login,
  notification,
  screenshot,
  watchErrors,
} from './browser';

const ENGLISH = [
  'Tides of Change',
  'Ann Lee: Why did you start the newsletter?',
  'Bo Chen: Because nobody explained the market in plain words.',
  'Ann Lee: How many readers do you have now?',
  'Bo Chen: About forty thousand, most of them in Asia.',
  'Ann Lee: What comes next, and when?',
  'Bo Chen: A podcast. We record the first episode in May.',
  'Ann Lee: Any advice for beginners?',
  'Bo Chen: Read slowly and ask questions.',
  '',
].join('\n');

// The translator split the third exchange in two: five entries against four.
const CHINESE = [
  '变革之潮',
  '李安：你为什么创办这份通讯？',
  '陈波：因为没有人用平实的语言解释市场。',
  '李安：现在有多少读者？',
  '陈波：大约四万，大多数在亚洲。',
  '李安：接下来做什么？',
  '陈波：做播客。',
  '李安：什么时候？',
  '陈波：我们五月录第一期。',
  '李安：给初学者有什么建议？',
  '陈波：慢慢读，多提问。',
  '',
].join('\n');

interface AlignmentRows {
  translationAlignment: {
    rows: {
      original: { position: number }[];
      translation: { position: number; stale: { language: string }[] }[];
    }[];
  };
}

let app: TestService;
let token: string;
let browser: Browser;
let page: Page;
let pageErrors: string[];
let englishId: string;
let chineseId: string;

/** The pairs as "en positions ↔ zh positions", e.g. "3↔3,4", in reading order. */
async function pairsThroughApi(): Promise<string[]> {
  const data = await ok<AlignmentRows>(
    app,
    'query($id: ID!) { translationAlignment(translation_id: $id) { rows { original { position } translation { position stale { language } } } } }',
    { id: chineseId },
    token,
  );
  return data.translationAlignment.rows.map(
    (row) =>
      `${row.original.map((a) => a.position).join(',')}↔${row.translation.map((a) => a.position).join(',')}`,
  );
}

/** The rows of the side-by-side view, by their accessible names ("Row 3: en 3 ↔ zh 3 and 4"). */
async function rowNames(): Promise<string[]> {
  return page
    .getByTestId('aligned-row')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''));
}

/** Serious and critical axe-core violations inside `selector` (the rule ids and where). */
async function seriousViolations(selector: string): Promise<string[]> {
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the debugging protocol, which the admin's CSP does not restrict.
  await page.evaluate(source);
  const results = await page.evaluate(async (within) => {
    const axe = (window as unknown as { axe: { run(context: Element | null): Promise<AxeResults> } }).axe;
    interface AxeResults {
      violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[];
    }
    const run = await axe.run(document.querySelector(within));
    return run.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((node) => JSON.stringify(node.target)),
    }));
  }, selector);
  return results
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.targets.slice(0, 3).join(' ')}`);
}

beforeAll(async () => {
  buildAdminIfNeeded();
  app = await startTestService();
  token = await app.login();
  const imported = await ok<{ importTranscript: { id: string } }>(
    app,
    'mutation($text: String!, $options: TranscriptOptions) { importTranscript(text: $text, options: $options) { id } }',
    {
      text: ENGLISH,
      options: { title: 'Tides of Change', interviewer: 'Ann Lee', language: 'en', publish: true },
    },
    token,
  );
  englishId = imported.importTranscript.id;
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  pageErrors = watchErrors(page);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

afterEach(() => {
  expect(pageErrors).toEqual([]);
});

jest.setTimeout(90_000);

test('the interview page offers "add translation", which opens the import set to a Chinese translation', async () => {
  await login(page, app.url, ADMIN.email, ADMIN.password);
  await page.goto(`${app.url}/admin/interviews/${englishId}/show`);
  const languages = page.getByRole('navigation', { name: 'Language versions' });
  await languages.getByRole('link', { name: 'English (en) · original · published' }).waitFor();
  expect(await languages.getByRole('link', { name: /Side by side/ }).count()).toBe(0);
  await languages.getByRole('button', { name: 'Add translation' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a translation' });
  await dialog.getByLabel('Language of the translation').fill('en');
  await dialog.getByText('This interview already has a version in this language').waitFor();
  await dialog.getByLabel('Language of the translation').fill('zh');
  await dialog.getByRole('button', { name: 'Continue to import' }).click();
  await page.getByLabel('Transcript text').waitFor();
  const url = new URL(page.url());
  expect(url.pathname).toBe('/admin/import');
  expect(url.searchParams.get('translationOf')).toBe(englishId);
  expect(await page.getByLabel('Language').inputValue()).toBe('zh');
});

test('imports the translation after adjusting the proposed alignment: one English entry with two Chinese', async () => {
  await page.getByLabel('Transcript text').fill(CHINESE);
  await page.getByLabel('Interviewer').fill('李安');
  await page.getByLabel('Title').fill('变革之潮');
  const alignment = page.getByTestId('translation-alignment');
  const proposed = alignment.getByTestId('alignment-row');
  // Entry n ↔ entry n: the fifth Chinese entry has no counterpart, and the counts are flagged.
  await eventually(async () => expect(await proposed.count()).toBe(5), 30_000);
  const flags = alignment.getByTestId('alignment-flags');
  await flags.getByText('Entry counts differ', { exact: false }).waitFor();
  expect(
    await proposed.evaluateAll((rows) =>
      rows.map((row) => `${row.getAttribute('data-original')}↔${row.getAttribute('data-translation')}`),
    ),
  ).toEqual(['1↔1', '2↔2', '3↔3', '4↔4', '↔5']);
  expect(await proposed.nth(4).getByText('No counterpart', { exact: true }).count()).toBe(1);

  // English 3 with Chinese 3 and 4, then English 4 with Chinese 5.
  await alignment.getByRole('checkbox', { name: 'Select en entry 3 for pairing' }).check();
  await alignment.getByRole('checkbox', { name: 'Select zh entry 3 for pairing' }).check();
  await alignment.getByRole('checkbox', { name: 'Select zh entry 4 for pairing' }).check();
  await alignment.getByRole('button', { name: 'Pair selected' }).click();
  await eventually(async () =>
    expect(
      await proposed.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-translation'))),
    ).toContain('3,4'),
  );
  await alignment.getByRole('checkbox', { name: 'Select en entry 4 for pairing' }).check();
  await alignment.getByRole('checkbox', { name: 'Select zh entry 5 for pairing' }).check();
  await alignment.getByRole('button', { name: 'Pair selected' }).click();
  await eventually(async () =>
    expect(
      await proposed.evaluateAll((rows) =>
        rows.map((row) => `${row.getAttribute('data-original')}↔${row.getAttribute('data-translation')}`),
      ),
    ).toEqual(['1↔1', '2↔2', '3↔3,4', '4↔5']),
  );
  await screenshot(page, 'translation-import-alignment', alignment);
  expect(await seriousViolations('[data-testid="translation-alignment"]')).toEqual([]);

  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await notification(page, 'Imported');
  await page
    .getByRole('heading', { level: 1, name: /Tides of Change: English \(en\) ↔ Chinese \(zh\)/ })
    .waitFor();
  const match = /\/admin\/interviews\/([0-9a-f]{24})\/translations$/.exec(page.url());
  expect(match).not.toBeNull();
  chineseId = (match as RegExpExecArray)[1];
  expect(chineseId).not.toBe(englishId);
  expect(await pairsThroughApi()).toEqual(['1↔1', '2↔2', '3↔3,4', '4↔5']);
  const chinese = await entriesOf(app, token, chineseId);
  expect(chinese.map((entry) => entry.text)).toEqual([
    '因为没有人用平实的语言解释市场。',
    '大约四万，大多数在亚洲。',
    '做播客。',
    '我们五月录第一期。',
    '慢慢读，多提问。',
  ]);
});

test('the side-by-side view shows each pair in a row, the split answer beside both of its halves', async () => {
  await eventually(async () =>
    expect(await rowNames()).toEqual([
      'Row 1: en 1 ↔ zh 1',
      'Row 2: en 2 ↔ zh 2',
      'Row 3: en 3 ↔ zh 3 and 4',
      'Row 4: en 4 ↔ zh 5',
    ]),
  );
  const third = page.getByRole('group', { name: /^Row 3:/ });
  expect(
    await third
      .getByTestId('cell-left')
      .getByRole('textbox', { name: /^Answer 3/ })
      .inputValue(),
  ).toBe('A podcast. We record the first episode in May.');
  const right = third.getByTestId('cell-right');
  expect(await right.getByRole('textbox', { name: /^Answer 3/ }).inputValue()).toBe('做播客。');
  expect(await right.getByRole('textbox', { name: /^Answer 4/ }).inputValue()).toBe('我们五月录第一期。');
  // Both columns sit side by side: the English answer and the first Chinese half start on one line.
  const leftBox = await third.getByTestId('cell-left').boundingBox();
  const rightBox = await right.boundingBox();
  expect(leftBox && rightBox && Math.abs(leftBox.y - rightBox.y) < 2 && leftBox.x < rightBox.x).toBe(true);
  await page.getByRole('heading', { level: 2, name: /Original, English \(en\)/ }).waitFor();
  await page.getByRole('heading', { level: 2, name: /Translation, Chinese \(zh\)/ }).waitFor();
  await screenshot(page, 'translation-side-by-side');
  expect(await seriousViolations('[data-testid="translation-view"]')).toEqual([]);
});

test('an edit of the English entry marks its Chinese counterpart stale, with the diff; "mark done" clears it', async () => {
  const first = page.getByRole('group', { name: /^Row 1:/ });
  const englishAnswer = first.getByTestId('cell-left').getByRole('textbox', { name: /^Answer 1/ });
  await englishAnswer.fill('Because nobody explained the crypto market in plain words.');
  await first.getByTestId('cell-left').getByRole('button', { name: 'Save entry 1' }).click();
  await notification(page, 'Entry 1 saved');

  const marker = first.getByTestId('stale-zh-1');
  await marker.waitFor();
  await marker.getByText('Changed in English (en) since translated').waitFor();
  expect(await marker.locator('ins').first().textContent()).toContain('crypto');
  expect(await pairsThroughApi()).toEqual(['1↔1', '2↔2', '3↔3,4', '4↔5']);
  const stale = await ok<{ Answer: { stale: { language: string }[] } }>(
    app,
    'query($id: ID!) { Answer(id: $id) { stale { language } } }',
    { id: (await entriesOf(app, token, chineseId))[0].id },
    token,
  );
  expect(stale.Answer.stale.map((mark) => mark.language)).toEqual(['en']);
  // The English entry itself is not stale.
  expect(await first.getByTestId('stale-en-1').count()).toBe(0);
  await screenshot(page, 'translation-stale', marker);
  expect(await seriousViolations('[data-testid="translation-view"]')).toEqual([]);

  await marker.getByRole('button', { name: /^Mark done: zh entry 1/ }).click();
  await notification(page, 'Entry 1 marked done');
  await eventually(async () => expect(await first.getByTestId('stale-zh-1').count()).toBe(0));
  const cleared = await ok<{ Answer: { stale: unknown[] } }>(
    app,
    'query($id: ID!) { Answer(id: $id) { stale { language } } }',
    { id: (await entriesOf(app, token, chineseId))[0].id },
    token,
  );
  expect(cleared.Answer.stale).toEqual([]);
});

test('the language switch lists both versions with their status and opens the other one', async () => {
  await page.goto(`${app.url}/admin/interviews/${englishId}/show`);
  const languages = page.getByRole('navigation', { name: 'Language versions' });
  const chinese = languages.getByRole('link', { name: 'Chinese (zh) · draft' });
  await chinese.waitFor();
  expect(
    await languages
      .getByRole('link', { name: 'English (en) · original · published' })
      .getAttribute('aria-current'),
  ).toBe('page');
  await chinese.click();
  await eventually(async () =>
    expect(new URL(page.url()).pathname).toBe(`/admin/interviews/${chineseId}/show`),
  );
  await page.getByText('变革之潮').first().waitFor();
  expect(await chinese.getAttribute('aria-current')).toBe('page');
  await languages.getByRole('link', { name: 'Side by side' }).click();
  await eventually(async () => expect((await rowNames()).length).toBe(4));
});

test('re-pairs in the side-by-side view: unpair a row, then pair English 3 with Chinese 3 alone', async () => {
  // Opened on the original, the view shows it beside its translation.
  await page.goto(`${app.url}/admin/interviews/${englishId}/translations`);
  await eventually(async () =>
    expect(new URL(page.url()).pathname).toBe(`/admin/interviews/${chineseId}/translations`),
  );
  await eventually(async () => expect((await rowNames()).length).toBe(4));
  await page.getByRole('button', { name: 'Unpair row 3' }).click();
  await notification(page, 'entries unpaired');
  await eventually(async () =>
    expect(await rowNames()).toEqual([
      'Row 1: en 1 ↔ zh 1',
      'Row 2: en 2 ↔ zh 2',
      'Row 3: en 3 ↔ nothing in zh',
      'Row 4: nothing in en ↔ zh 3',
      'Row 5: nothing in en ↔ zh 4',
      'Row 6: en 4 ↔ zh 5',
    ]),
  );
  expect(
    await page
      .getByRole('group', { name: /^Row 4:/ })
      .getByTestId('no-counterpart')
      .textContent(),
  ).toContain('No counterpart in en');
  await page.getByRole('checkbox', { name: 'Select en entry 3 for pairing' }).check();
  await page.getByRole('checkbox', { name: 'Select zh entry 3 for pairing' }).check();
  await page.getByRole('region', { name: 'Pairing' }).getByRole('button', { name: 'Pair selected' }).click();
  await notification(page, 'Paired 1 ↔ 1');
  await eventually(async () => expect(await pairsThroughApi()).toEqual(['1↔1', '2↔2', '3↔3', '↔4', '4↔5']));
  await eventually(async () =>
    expect(await rowNames()).toEqual([
      'Row 1: en 1 ↔ zh 1',
      'Row 2: en 2 ↔ zh 2',
      'Row 3: en 3 ↔ zh 3',
      'Row 4: nothing in en ↔ zh 4',
      'Row 5: en 4 ↔ zh 5',
    ]),
  );
});

test('the Chinese side saves with the usual conflict handling, and a Chinese change marks the English entry stale live', async () => {
  const second = page.getByRole('group', { name: /^Row 2:/ });
  const chineseCell = second.getByTestId('cell-right');
  const [, chineseSecond] = await entriesOf(app, token, chineseId);
  await chineseCell.getByRole('textbox', { name: /^Answer 2/ }).fill('大约四万名读者。');
  // Meanwhile another editor rewrites the same words.
  await ok(
    app,
    'mutation($id: ID!, $version: Int!, $text: String) { updateAnswer(id: $id, version: $version, text: $text) { id } }',
    { id: chineseSecond.id, version: chineseSecond.version, text: '大约五万，大多数在亚洲。' },
    token,
  );
  // Their change reaches the English side live: the English entry is marked stale.
  const englishMarker = second.getByTestId('stale-en-2');
  await englishMarker.getByText('Changed in Chinese (zh) since translated').waitFor();
  await chineseCell.getByRole('button', { name: 'Save entry 2' }).click();
  const conflict = chineseCell.getByTestId('conflict-2');
  await conflict.waitFor();
  expect(await conflict.getByTestId('theirs').textContent()).toBe('大约五万，大多数在亚洲。');
  await conflict.getByRole('button', { name: 'Take their version of entry 2' }).click();
  await eventually(async () =>
    expect((await entriesOf(app, token, chineseId))[1].text).toBe('大约五万，大多数在亚洲。'),
  );
  await eventually(async () =>
    expect(await chineseCell.getByRole('textbox', { name: /^Answer 2/ }).inputValue()).toBe(
      '大约五万，大多数在亚洲。',
    ),
  );
  expect(await chineseCell.getByTestId('conflict-2').count()).toBe(0);
  await englishMarker.getByRole('button', { name: /^Mark done: en entry 2/ }).click();
  await eventually(async () => expect(await second.getByTestId('stale-en-2').count()).toBe(0));
});
