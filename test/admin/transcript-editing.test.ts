/**
 * The transcript editor as editors work in it, end to end: Debian's Chromium (playwright-core) against the
 * real service with the built admin. Section, questioner and speaker changed inline (a new speaker created on
 * the fly), a move across a section boundary, a split's continuation, find and replace with its preview and
 * undo, the keyboard (entries, split, merge, the shortcuts' help) and the outline on a wide screen. What the
 * UI does is checked again through GraphQL.
 */
import type { Browser, Page, Route } from 'playwright-core';
import { ADMIN, startTestService, type TestService } from '../support/service';
import { ANSWER_FIELDS, createInterview, entriesOf, ok, type AnswerRow } from '../support/fixtures';
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

beforeAll(async () => {
  buildAdminIfNeeded();
  app = await startTestService({ SEED_ON_START: 'true' });
  token = await app.login();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
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

/** The id of the seed interview that names this person. */
async function seedInterviewWith(name: string): Promise<string> {
  const found = await ok<{ allInterviews: { id: string }[] }>(
    app,
    'query($q: String!) { allInterviews(filter: { q: $q }) { id } }',
    { q: name },
    token,
  );
  return found.allInterviews[0].id;
}

async function setFields(answer: AnswerRow, fields: Record<string, unknown>): Promise<AnswerRow> {
  const data = await ok<{ updateAnswer: AnswerRow }>(
    app,
    `mutation($id: ID!, $v: Int!, $section: String, $text: String) {
      updateAnswer(id: $id, version: $v, section: $section, text: $text) { ${ANSWER_FIELDS} }
    }`,
    { id: answer.id, v: answer.version, ...fields },
    token,
  );
  return data.updateAnswer;
}

/** A transcript of six entries, 1–3 in "Opening" and 4–6 in "Money", opened in the editor. */
async function openSectionedTranscript(texts?: string[]) {
  const fixture = await createInterview(app, token, { count: 6, sections: ['Opening', 'Money'] });
  for (const [index, answer] of fixture.answers.entries()) {
    fixture.answers[index] = await setFields(answer, {
      section: index < 3 ? 'Opening' : 'Money',
      ...(texts ? { text: texts[index] } : {}),
    });
  }
  await page.goto(`${app.url}/admin/interviews/${fixture.interviewId}/transcript`);
  await page.getByTestId('entry-6').waitFor();
  return fixture;
}

/**
 * Holds back the answers to the admin's operation `name` (`mutation Times…`) for a while after the service
 * has carried it out: its live echo then arrives first, as it may on a busy network.
 */
async function slowAnswersTo(name: string): Promise<() => Promise<void>> {
  const handler = async (route: Route) => {
    const body = route.request().postData() ?? '';
    if (!body.includes(`mutation ${name}`)) return route.fallback();
    const response = await route.fetch();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await route.fulfill({ response });
  };
  await page.route('**/graphql', handler);
  return () => page.unroute('**/graphql', handler);
}

/** Whether "someone else changed entry N" is said within the next seconds. */
function warningAbout(position: number): Promise<boolean> {
  return page
    .getByText(`Someone else changed entry ${position}`)
    .first()
    .waitFor({ timeout: 4_000 })
    .then(
      () => true,
      () => false,
    );
}

function entryCard(position: number) {
  return page.getByTestId(`entry-${position}`);
}

function answerBox(position: number) {
  return page.getByTestId(`answer-text-${position}`);
}

/** The position of the entry whose answer box has the focus (0: none). */
async function focusedEntry(): Promise<number> {
  return page.evaluate(() => {
    const testId = document.activeElement?.getAttribute('data-testid') ?? '';
    const match = /^answer-text-(\d+)$/.exec(testId);
    return match ? Number(match[1]) : 0;
  });
}

test('changes an entry’s section, questioner and speaker inline, creating a new speaker on the fly, in one versioned save', async () => {
  const fixture = await openSectionedTranscript();
  const card = entryCard(2);
  await card.getByRole('combobox', { name: 'Section' }).click();
  await page.getByRole('option', { name: 'Money' }).click();
  await card.getByText('Unsaved changes').waitFor();

  const speaker = card.getByRole('combobox', { name: 'Answered by' });
  await speaker.click();
  await speaker.fill('Zora Newcomer');
  await page.getByRole('option', { name: 'Add "Zora Newcomer"' }).click();
  await notification(page, 'Speaker "Zora Newcomer" added');
  await eventually(async () => expect(await speaker.inputValue()).toBe('Zora Newcomer'));

  // The questioner picked by name from the suggestions: the guest asks this time.
  const guestName = (
    await ok<{ Speaker: { name: string } }>(
      app,
      'query($id: ID!) { Speaker(id: $id) { name } }',
      { id: fixture.guestId },
      token,
    )
  ).Speaker.name;
  const questioner = card.getByRole('combobox', { name: 'Asked by' });
  await questioner.click();
  await questioner.fill(guestName.slice(0, 8));
  await page.getByRole('option', { name: guestName, exact: true }).click();

  await card.getByRole('button', { name: 'Save entry 2' }).click();
  await notification(page, 'Entry 2 saved');
  const saved = await eventually(async () => {
    const row = (await entriesOf(app, token, fixture.interviewId))[1];
    expect(row.section).toBe('Money');
    return row;
  });
  const created = await ok<{ allSpeakers: { id: string }[] }>(
    app,
    'query { allSpeakers(filter: { q: "Zora Newcomer" }) { id } }',
    {},
    token,
  );
  expect(created.allSpeakers).toHaveLength(1);
  expect(saved).toMatchObject({
    speaker_id: created.allSpeakers[0].id,
    questioner_id: fixture.guestId,
    version: fixture.answers[1].version + 1,
  });
  // The new speaker names the answer once the transcript is refetched.
  await page.getByRole('textbox', { name: 'Answer 2 — Zora Newcomer' }).waitFor();
});

test('moving an entry up across a section boundary takes the new section, and says so', async () => {
  const fixture = await openSectionedTranscript();
  await page.getByRole('button', { name: 'Move entry 4 up' }).click();
  await notification(page, 'now in section "Opening" (was "Money")');
  const rows = await eventually(async () => {
    const entries = await entriesOf(app, token, fixture.interviewId);
    expect(entries[2].id).toBe(fixture.answers[3].id);
    return entries;
  });
  expect(rows.map((row) => row.section)).toEqual([
    'Opening',
    'Opening',
    'Opening',
    'Opening',
    'Money',
    'Money',
  ]);
  // One heading per section, still in order.
  await eventually(async () =>
    expect(
      await page.getByRole('heading', { level: 2, name: /^(Opening|Money)$/ }).allTextContents(),
    ).toEqual(['Opening', 'Money']),
  );
});

test('splitting at the cursor leaves the new entry without the question, marked as a continuation', async () => {
  const fixture = await openSectionedTranscript();
  await setFields(fixture.answers[0], { text: 'First half of the answer. Second half of it.' });
  await eventually(async () =>
    expect(await answerBox(1).inputValue()).toBe('First half of the answer. Second half of it.'),
  );
  await answerBox(1).evaluate((element) => {
    const textarea = element as unknown as {
      focus(): void;
      setSelectionRange(from: number, to: number): void;
    };
    textarea.focus();
    textarea.setSelectionRange(26, 26);
  });
  // Alt+Enter splits where the cursor is.
  await page.keyboard.press('Alt+Enter');
  await notification(page, 'Entry 1 split');
  const rows = await eventually(async () => {
    const entries = await entriesOf(app, token, fixture.interviewId);
    expect(entries).toHaveLength(7);
    return entries;
  });
  expect(rows[0]).toMatchObject({ text: 'First half of the answer.', question: 'Question 1?' });
  expect(rows[1]).toMatchObject({ text: 'Second half of it.', question: '' });
  await entryCard(2).getByTestId('continuation').waitFor();
  expect(await entryCard(2).getByTestId('continuation').textContent()).toBe('Continues entry 1');
  expect(await entryCard(2).getByRole('textbox', { name: 'Question 2' }).inputValue()).toBe('');
  expect(await entryCard(1).getByTestId('continuation').count()).toBe(0);
});

test('find and replace: previews every match, replaces the chosen ones per entry, and undoes them in one step', async () => {
  const texts = [
    'The token launched in May.',
    'Token holders voted; the token rose.',
    'Tokens everywhere.',
    'Nothing to see.',
    'A token of thanks.',
    'The end.',
  ];
  const fixture = await openSectionedTranscript(texts);
  await page.getByRole('button', { name: 'Find and replace' }).click();
  const dialog = page.getByRole('dialog', { name: 'Find and replace in this transcript' });
  await dialog.getByRole('textbox', { name: 'Find' }).fill('token');
  await dialog.getByRole('textbox', { name: 'Replace with' }).fill('coin');
  // Case ignored: Token, token, Tokens (inside a word) all match.
  await eventually(async () =>
    expect(await dialog.getByTestId('match-count').textContent()).toBe('5 matches in 4 entries; 5 chosen'),
  );
  await dialog.getByRole('checkbox', { name: 'Whole words' }).check();
  await eventually(async () =>
    expect(await dialog.getByTestId('match-count').textContent()).toBe('4 matches in 3 entries; 4 chosen'),
  );
  await dialog.getByRole('checkbox', { name: 'Match case' }).check();
  await eventually(async () =>
    expect(await dialog.getByTestId('match-count').textContent()).toBe('3 matches in 3 entries; 3 chosen'),
  );
  // Every match with its entry and the words around it, the match itself marked.
  const matches = dialog.getByTestId('match');
  expect(await matches.allTextContents()).toEqual([
    'Entry 1 · Opening · answerThe token launched in May.',
    'Entry 2 · Opening · answerToken holders voted; the token rose.',
    'Entry 5 · Money · answerA token of thanks.',
  ]);
  expect(await dialog.locator('mark').allTextContents()).toEqual(['token', 'token', 'token']);
  await screenshot(page, 'find-replace');
  // Leave entry 5 alone.
  await dialog.getByRole('checkbox', { name: 'Replace match 3: entry 5, answer' }).uncheck();
  await dialog.getByRole('button', { name: 'Replace 2 matches' }).click();
  await notification(page, 'Replaced 2 matches in 2 entries');

  const replaced = await eventually(async () => {
    const rows = await entriesOf(app, token, fixture.interviewId);
    expect(rows[0].text).toBe('The coin launched in May.');
    return rows;
  });
  expect(replaced.map((row) => row.text)).toEqual([
    'The coin launched in May.',
    'Token holders voted; the coin rose.',
    'Tokens everywhere.',
    'Nothing to see.',
    'A token of thanks.',
    'The end.',
  ]);
  const [first, second] = await Promise.all(
    [replaced[0].id, replaced[1].id].map(async (id) => {
      const data = await ok<{ allRevisions: { operation_id: string; action: string; version: number }[] }>(
        app,
        'query($id: ID!) { allRevisions(filter: { entity_id: $id }, sortField: "version", sortOrder: "DESC", perPage: 1) { operation_id action version } }',
        { id },
        token,
      );
      return data.allRevisions[0];
    }),
  );
  // One change per entry, both of one operation.
  expect(first.action).toBe('UPDATE');
  expect(first.operation_id).toBe(second.operation_id);
  // The editor shows the new text too.
  await eventually(async () => expect(await answerBox(1).inputValue()).toBe('The coin launched in May.'));

  await dialog.getByRole('button', { name: /^Undo replace/ }).click();
  await notification(page, 'Replace undone in 2 entries');
  await eventually(async () =>
    expect((await entriesOf(app, token, fixture.interviewId)).map((row) => row.text)).toEqual(texts),
  );
  await dialog.getByRole('button', { name: 'Close' }).click();
  await eventually(async () => expect(await answerBox(1).inputValue()).toBe(texts[0]));
});

test('the keyboard moves between entries, merges, and "?" lists the shortcuts', async () => {
  const fixture = await openSectionedTranscript();
  await answerBox(1).focus();
  await page.keyboard.press('Alt+ArrowDown');
  await eventually(async () => expect(await focusedEntry()).toBe(2));
  await page.keyboard.press('Alt+ArrowDown');
  await page.keyboard.press('Alt+ArrowDown');
  await eventually(async () => expect(await focusedEntry()).toBe(4));
  await page.keyboard.press('Alt+ArrowUp');
  await eventually(async () => expect(await focusedEntry()).toBe(3));
  // The entry with the cursor is in view.
  expect(
    await answerBox(3).evaluate((element) => {
      const box = element.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    }),
  ).toBe(true);

  // Alt+M asks to merge the entry with the next; Ctrl+S saves the entry being edited.
  await page.keyboard.press('Alt+KeyM');
  const confirm = page.getByRole('dialog', { name: 'Merge entry 3 with entry 4?' });
  await confirm.waitFor();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await answerBox(3).fill('Answer 3, corrected from the keyboard.');
  await page.keyboard.press('Control+s');
  await notification(page, 'Entry 3 saved');
  await eventually(async () =>
    expect((await entriesOf(app, token, fixture.interviewId))[2].text).toBe(
      'Answer 3, corrected from the keyboard.',
    ),
  );

  // "?" outside a text field opens the help; inside one it is just a character.
  await answerBox(3).press('?');
  expect(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).count()).toBe(0);
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).focus();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await help.waitFor();
  const rows = await help.getByRole('row').allTextContents();
  expect(rows).toEqual(
    expect.arrayContaining([
      'Alt + ↓Go to the next entry',
      'Alt + ↑Go to the previous entry',
      'Alt + EnterSplit the entry at the cursor in its answer',
      'Alt + MMerge the entry with the next (asks first)',
    ]),
  );
  expect(rows.some((row) => row.startsWith('Ctrl + S'))).toBe(true);
  await help.getByRole('button', { name: 'Close' }).click();
  await help.waitFor({ state: 'detached' });
});

test('on a wide screen the transcript uses the width, several entries show, and the outline jumps to an entry', async () => {
  const interviewId = await seedInterviewWith('Xie Jiayin');
  const entries = await entriesOf(app, token, interviewId);
  await page.goto(`${app.url}/admin/interviews/${interviewId}/transcript`);
  await page.getByTestId(`entry-${entries.length}`).waitFor();
  const outline = page.getByRole('navigation', { name: 'Outline' });
  await outline.waitFor();

  // Reading on: the header scrolled away, the second entry at the top.
  await entryCard(2).evaluate((element) => element.scrollIntoView({ block: 'start' }));
  const layout = await page.evaluate(() => {
    const cards = [...document.querySelectorAll('article[data-entry-id]')].map((card) =>
      card.getBoundingClientRect(),
    );
    return {
      cardWidth: cards[0].width,
      visible: cards.filter((box) => box.bottom > 0 && box.top < window.innerHeight).length,
    };
  });
  await screenshot(page, 'transcript-wide-outline');
  expect(layout.cardWidth).toBeGreaterThan(1100);
  expect(layout.visible).toBeGreaterThanOrEqual(3);

  // Sections in the outline, in order; choosing the last entry brings it into view with the cursor in it.
  const sectionsInOrder = [...new Set(entries.map((entry) => entry.section).filter(Boolean))];
  expect(sectionsInOrder.length).toBeGreaterThan(1);
  for (const section of sectionsInOrder)
    await outline
      .getByText(section as string, { exact: true })
      .first()
      .waitFor();
  const last = entries.length;
  await outline.getByTestId(`outline-entry-${last}`).click();
  await eventually(async () => expect(await focusedEntry()).toBe(last));
  const inView = await entryCard(last).evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.top >= 0 && box.top < window.innerHeight;
  });
  expect(inView).toBe(true);
  // The outline stays in view while the transcript scrolls.
  const outlineBox = await outline.boundingBox();
  expect(outlineBox && outlineBox.y >= 0 && outlineBox.y < 200).toBe(true);
});

test('a link to an entry opens the editor scrolled to it, also when the interview arrives after its entries', async () => {
  const interviewId = await seedInterviewWith('Xie Jiayin');
  const entries = await entriesOf(app, token, interviewId);
  const target = entries[entries.length - 2];
  // The interview's own query answers late, as it may on a first visit (search results do not carry it).
  const slowInterview = async (route: Route) => {
    const body = route.request().postDataJSON() as { operationName?: string } | null;
    if (body?.operationName === 'Interview') await new Promise((resolve) => setTimeout(resolve, 1_500));
    await route.fallback();
  };
  await page.route('**/graphql', slowInterview);
  try {
    await page.goto(`${app.url}/admin/interviews/${interviewId}/transcript?entry=${target.id}`);
    const card = entryCard(target.position);
    await eventually(async () => expect(await card.getAttribute('data-linked')).toBe('true'));
    await eventually(async () => {
      const bounds = await card.boundingBox();
      expect(bounds?.y ?? -1).toBeGreaterThanOrEqual(0);
      expect(bounds?.y ?? 10_000).toBeLessThan(1080);
    });
  } finally {
    await page.unroute('**/graphql', slowInterview);
  }
});

test('an entry’s times are corrected in place, checked as typed, and an open edit of its words still saves plainly', async () => {
  const fixture = await openSectionedTranscript();
  const times = async () =>
    (
      await ok<{ Answer: { startTime: number | null; endTime: number | null; text: string } }>(
        app,
        'query($id: ID!) { Answer(id: $id) { startTime endTime text } }',
        { id: fixture.answers[1].id },
        token,
      )
    ).Answer;
  // Words being corrected while the times are fixed.
  await answerBox(2).fill('Answer 2, corrected while timing.');
  await page.getByRole('button', { name: 'Times of entry 2' }).click();
  const dialog = page.getByRole('dialog', { name: 'Times of entry 2' });
  const save = dialog.getByRole('button', { name: 'Save times' });
  await dialog.getByRole('textbox', { name: 'Start' }).fill('1:02,5');
  await dialog.getByRole('textbox', { name: 'End' }).fill('1:00');
  await dialog.getByText('The end must not be before the start').waitFor();
  expect(await save.isDisabled()).toBe(true);
  await dialog.getByRole('textbox', { name: 'End' }).fill('one minute');
  await dialog.getByText('Not a time', { exact: false }).waitFor();
  expect(await save.isDisabled()).toBe(true);
  await dialog.getByRole('textbox', { name: 'End' }).fill('1:04');
  const restore = await slowAnswersTo('Times');
  // My own change is not someone else's.
  const warned = warningAbout(2);
  try {
    await save.click();
    await notification(page, 'Times of entry 2 saved: 1:02.500 – 1:04');
  } finally {
    await restore();
  }
  expect(await warned).toBe(false);
  await dialog.waitFor({ state: 'detached' });
  await eventually(async () => expect(await times()).toMatchObject({ startTime: 62.5, endTime: 64 }));
  await eventually(async () =>
    expect(await page.getByTestId('times-2').textContent()).toBe('1:02.500 – 1:04'),
  );
  // The open edit follows the new version: saved as it is, not merged with "someone else's" change.
  await entryCard(2).getByRole('button', { name: 'Save entry 2' }).click();
  const saved = await notification(page, /^Entry 2 saved/);
  expect(await saved.textContent()).not.toContain('merged');
  await eventually(async () =>
    expect(await times()).toEqual({
      startTime: 62.5,
      endTime: 64,
      text: 'Answer 2, corrected while timing.',
    }),
  );

  // Emptied, the times are cleared.
  await page.getByRole('button', { name: 'Times of entry 2' }).click();
  await dialog.getByRole('textbox', { name: 'Start' }).fill('');
  await dialog.getByRole('textbox', { name: 'End' }).fill('');
  await dialog.getByRole('button', { name: 'Save times' }).click();
  await notification(page, 'Times of entry 2 cleared');
  await eventually(async () => expect(await times()).toMatchObject({ startTime: null, endTime: null }));
  await eventually(async () => expect(await page.getByTestId('times-2').count()).toBe(0));
});

test('an entry merged away by someone else under unsaved edits keeps both the question and the answer typed', async () => {
  const fixture = await openSectionedTranscript();
  await entryCard(3).getByRole('textbox', { name: 'Question 3' }).fill('Question 3, reworded?');
  await answerBox(3).fill('Answer 3, corrected.');
  // Another editor merges entry 3 into entry 2.
  await ok(
    app,
    'mutation($ids: [ID!]!) { mergeAnswers(ids: $ids) { id } }',
    { ids: [fixture.answers[1].id, fixture.answers[2].id] },
    token,
  );
  const removed = page.getByRole('alert').filter({ hasText: 'you were editing was removed by someone else' });
  await removed.waitFor();
  expect(await removed.getByRole('textbox', { name: 'Your unsaved question' }).inputValue()).toBe(
    'Question 3, reworded?',
  );
  expect(await removed.getByRole('textbox', { name: 'Your unsaved text' }).inputValue()).toBe(
    'Answer 3, corrected.',
  );
  await removed.getByRole('button', { name: 'Dismiss this removed entry' }).click();
  await removed.waitFor({ state: 'detached' });
});

test('a conflict over an entry’s section shows the three sections by name, and "keep mine" saves mine', async () => {
  const fixture = await createInterview(app, token, { count: 2, sections: ['Opening', 'Money', 'Ending'] });
  const first = await setFields(fixture.answers[0], { section: 'Opening' });
  await page.goto(`${app.url}/admin/interviews/${fixture.interviewId}/transcript`);
  await page.getByTestId('entry-2').waitFor();
  const card = entryCard(1);
  await card.getByRole('combobox', { name: 'Section' }).click();
  await page.getByRole('option', { name: 'Money' }).click();
  await card.getByText('Unsaved changes').waitFor();
  // Meanwhile another editor puts the entry in another section.
  await setFields(first, { section: 'Ending' });
  await card.getByText('Newer version saved: yours will merge').waitFor();
  await card.getByRole('button', { name: 'Save entry 1' }).click();
  const panel = page.getByTestId('conflict-1');
  await panel.getByText('changed the section or people of entry 1', { exact: false }).waitFor();
  expect(await panel.getByTestId('conflict-meta-section').getByRole('cell').allTextContents()).toEqual([
    'Opening',
    'Ending',
    'Money',
  ]);
  await panel.getByRole('button', { name: 'Keep my version of entry 1' }).click();
  await notification(page, /^Entry 1 saved/);
  await eventually(async () =>
    expect((await entriesOf(app, token, fixture.interviewId))[0].section).toBe('Money'),
  );
});

test('moving an entry being edited is not taken for someone else’s change, and the edit saves plainly', async () => {
  const fixture = await openSectionedTranscript();
  await answerBox(5).fill('Answer 5, corrected before moving it.');
  const restore = await slowAnswersTo('Move');
  const warned = warningAbout(5);
  try {
    await page.getByRole('button', { name: 'Move entry 5 down' }).click();
    await notification(page, 'Entry 5 moved to position 6');
  } finally {
    await restore();
  }
  expect(await warned).toBe(false);
  await entryCard(6).getByRole('button', { name: 'Save entry 6' }).click();
  const saved = await notification(page, /^Entry 6 saved/);
  expect(await saved.textContent()).not.toContain('merged');
  await eventually(async () =>
    expect((await entriesOf(app, token, fixture.interviewId))[5].text).toBe(
      'Answer 5, corrected before moving it.',
    ),
  );
});
