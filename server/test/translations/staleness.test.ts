import { ok } from '../../../test/support/fixtures';
import { startTestService, TestService } from '../../../test/support/service';
import { importTidePair } from './support';

interface Staleness {
  language: string;
  interview_id: string;
  message: string;
  sources: {
    answer_id: string;
    before: { question: string; text: string };
    after: { question: string; text: string } | null;
  }[];
}

const STALE_FIELDS =
  'stale { language interview_id message sources { answer_id before { question text } after { question text } } }';

describe('translations: an entry goes stale when its counterpart changes, until an editor marks it done', () => {
  let app: TestService;
  let token: string;

  beforeAll(async () => {
    app = await startTestService();
    token = await app.login();
  });

  afterAll(async () => {
    await app.stop();
  });

  async function entry(
    id: string,
    as: string | null = token,
  ): Promise<{ version: number; stale: Staleness[] }> {
    const data = await ok<{ Answer: { version: number; stale: Staleness[] } }>(
      app,
      `query($id: ID!) { Answer(id: $id) { version ${STALE_FIELDS} } }`,
      { id },
      as,
    );
    return data.Answer;
  }

  async function editText(id: string, text: string): Promise<void> {
    const { version } = await entry(id);
    await ok(
      app,
      'mutation($id: ID!, $v: Int!, $text: String!) { updateAnswer(id: $id, version: $v, text: $text) { id } }',
      { id, v: version, text },
      token,
    );
  }

  it('marks the counterpart with what changed since it was translated, keeping the first before', async () => {
    const { en, zh } = await importTidePair(app, token, { publishTranslation: true });
    const source = en.answers[2];
    const counterpart = zh.answers[2];
    expect((await entry(counterpart.id)).stale).toEqual([]);

    await editText(source.id, 'Mostly from subscriptions and a few grants.');
    const afterFirst = await entry(counterpart.id);
    // A stale mark is not a new version of the translated entry.
    expect(afterFirst.version).toBe(counterpart.version);
    expect(afterFirst.stale).toEqual([
      {
        language: 'en',
        interview_id: en.id,
        message: 'changed in en since translated',
        sources: [
          {
            answer_id: source.id,
            before: { question: source.question, text: source.text },
            after: { question: source.question, text: 'Mostly from subscriptions and a few grants.' },
          },
        ],
      },
    ]);

    await editText(source.id, 'Mostly from subscriptions, a few grants and events.');
    const afterSecond = (await entry(counterpart.id)).stale;
    expect(afterSecond).toHaveLength(1);
    expect(afterSecond[0].sources[0].before.text).toBe(source.text);
    expect(afterSecond[0].sources[0].after?.text).toBe('Mostly from subscriptions, a few grants and events.');

    // Other entries of the translation are untouched; readers never see the marks.
    expect((await entry(zh.answers[1].id)).stale).toEqual([]);
    expect((await entry(counterpart.id, null)).stale).toEqual([]);
  });

  it('the translator catching up does not mark the original; marking done clears the mark', async () => {
    const { en, zh } = await importTidePair(app, token);
    const source = en.answers[0];
    const counterpart = zh.answers[0];
    await editText(source.id, 'We started Tide in a small flat in Singapore in 2017.');
    await editText(counterpart.id, '2017 年，我们在新加坡一间小公寓里创办了 Tide。');
    expect((await entry(source.id)).stale).toEqual([]);
    expect((await entry(counterpart.id)).stale).toHaveLength(1);

    const done = await ok<{ markTranslationDone: { id: string; stale: Staleness[] } }>(
      app,
      `mutation($id: ID!) { markTranslationDone(answer_id: $id) { id ${STALE_FIELDS} } }`,
      { id: counterpart.id },
      token,
    );
    expect(done.markTranslationDone).toEqual({ id: counterpart.id, stale: [] });

    // Once in step, a change to the translation marks the original: "changed in zh since translated".
    await editText(counterpart.id, '2017 年，我们在新加坡的一间小公寓里创办了 Tide。');
    expect((await entry(source.id)).stale).toMatchObject([
      {
        language: 'zh',
        interview_id: zh.id,
        message: 'changed in zh since translated',
        sources: [
          { answer_id: counterpart.id, after: { text: '2017 年，我们在新加坡的一间小公寓里创办了 Tide。' } },
        ],
      },
    ]);
  });

  it('a change undone takes its mark back; a deleted source leaves a mark whose after is null', async () => {
    const { en, zh } = await importTidePair(app, token);
    const source = en.answers[1];
    await editText(source.id, 'Finding the first readers.');
    expect((await entry(zh.answers[1].id)).stale).toHaveLength(1);
    await editText(source.id, source.text);
    expect((await entry(zh.answers[1].id)).stale).toEqual([]);

    await ok(app, 'mutation($id: ID!) { deleteAnswer(id: $id) { id } }', { id: en.answers[4].id }, token);
    const marks = (await entry(zh.answers[4].id)).stale;
    expect(marks).toHaveLength(1);
    expect(marks[0].sources).toEqual([
      {
        answer_id: en.answers[4].id,
        before: { question: en.answers[4].question, text: en.answers[4].text },
        after: null,
      },
    ]);
  });

  it('marking done needs an editor and names a real entry', async () => {
    const { zh } = await importTidePair(app, token);
    const reader = await app.graphql(
      'mutation($id: ID!) { markTranslationDone(answer_id: $id) { id } }',
      { id: zh.answers[0].id },
      null,
    );
    expect(reader.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const missing = await app.graphql(
      'mutation($id: ID!) { markTranslationDone(answer_id: $id) { id } }',
      { id: '0123456789abcdef01234567' },
      token,
    );
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
