import { ok } from '../../../test/support/fixtures';
import { errorCode, startTestService, TestService } from '../../../test/support/service';

const QA_TRANSCRIPT = `A Conversation About Ledgers
Interviewer: Maria Lopez
Guest: Tom Weber

Q: What got you started?
A: Curiosity, mostly.

It grew from there.
Q: And next year?
A: More of the same, done better.
`;

const PREVIEW = `query($text: String!, $options: TranscriptOptions) {
  previewTranscript(text: $text, options: $options) {
    format title language sections boilerplate
    speakers { name role existingSpeakerId }
    entries { position question questioner text speaker line }
    warnings { line message }
  }
}`;

const IMPORT = `mutation($text: String!, $options: TranscriptOptions) {
  importTranscript(text: $text, options: $options) {
    id title status slug speaker_ids
    answers { position question text speaker { name } questioner { name } }
  }
}`;

describe('importing transcripts through GraphQL', () => {
  let app: TestService;
  let token: string;

  beforeAll(async () => {
    app = await startTestService();
    token = await app.login();
  });

  afterAll(async () => {
    await app.stop();
  });

  const count = (name: string) => app.service.database.db.collection(name).countDocuments();

  it('previews the parsed structure without writing anything', async () => {
    const data = await ok<{
      previewTranscript: {
        format: string;
        title: string;
        entries: { question: string; text: string; speaker: string; questioner: string }[];
        speakers: { name: string; role: string }[];
      };
    }>(app, PREVIEW, { text: QA_TRANSCRIPT }, token);
    expect(data.previewTranscript.format).toBe('QA');
    expect(data.previewTranscript.entries).toEqual([
      expect.objectContaining({
        question: 'What got you started?',
        text: 'Curiosity, mostly.\n\nIt grew from there.',
        speaker: 'Tom Weber',
        questioner: 'Maria Lopez',
      }),
      expect.objectContaining({ question: 'And next year?', text: 'More of the same, done better.' }),
    ]);
    expect(data.previewTranscript.speakers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'Maria Lopez', role: 'INTERVIEWER' }),
        expect.objectContaining({ name: 'Tom Weber', role: 'INTERVIEWEE' }),
      ]),
    );
    expect(await count('interviews')).toBe(0);
    expect(await count('speakers')).toBe(0);
  });

  it('imports as a draft with its speakers and entries, and matches known speakers instead of duplicating them', async () => {
    const first = await ok<{
      importTranscript: { status: string; answers: { speaker: { name: string } }[] };
    }>(app, IMPORT, { text: QA_TRANSCRIPT }, token);
    expect(first.importTranscript.status).toBe('DRAFT');
    expect(first.importTranscript.answers).toHaveLength(2);
    expect(await count('speakers')).toBe(2);

    const preview = await ok<{
      previewTranscript: { speakers: { name: string; existingSpeakerId: string | null }[] };
    }>(app, PREVIEW, { text: QA_TRANSCRIPT.replace('Tom Weber', 'tom  WEBER') }, token);
    expect(preview.previewTranscript.speakers.every((s) => s.existingSpeakerId)).toBe(true);

    const second = await ok<{ importTranscript: { slug: string; status: string } }>(
      app,
      IMPORT,
      {
        text: QA_TRANSCRIPT.replace('Tom Weber', 'tom  WEBER'),
        options: { publish: true, title: 'Second ledger talk' },
      },
      token,
    );
    expect(second.importTranscript).toMatchObject({ status: 'PUBLISHED', slug: 'second-ledger-talk' });
    expect(await count('speakers')).toBe(2);
    expect(await count('interviews')).toBe(2);
  });

  it('takes names the text does not give from the options', async () => {
    const numbered = '1. Why now?\nBecause the market is ready.\n2. What next?\nMore users.\n';
    const data = await ok<{
      importTranscript: { answers: { speaker: { name: string }; questioner: { name: string } }[] };
    }>(
      app,
      IMPORT,
      {
        text: numbered,
        options: {
          format: 'NUMBERED',
          interviewer: 'Desk Editor',
          interviewee: 'Lee Park',
          title: 'Numbered talk',
        },
      },
      token,
    );
    expect(data.importTranscript.answers.map((a) => [a.questioner.name, a.speaker.name])).toEqual([
      ['Desk Editor', 'Lee Park'],
      ['Desk Editor', 'Lee Park'],
    ]);
  });

  it('keeps the source text so the interview can be parsed again', async () => {
    const data = await ok<{ importTranscript: { id: string } }>(
      app,
      IMPORT,
      { text: QA_TRANSCRIPT, options: { title: 'Kept source' } },
      token,
    );
    const { ObjectId } = await import('mongodb');
    const stored = await app.service.database.db
      .collection('interviews')
      .findOne({ _id: new ObjectId(data.importTranscript.id) });
    expect(stored?.source?.text).toBe(QA_TRANSCRIPT);
    expect(stored?.source?.format).toBe('QA');
  });

  it.each([
    ['empty text', ''],
    ['text without any question/answer structure', 'Just a paragraph of prose.\nAnd another line of it.'],
    ['text over the size limit', 'Q: Why?\nA: ' + 'x'.repeat(3 * 1024 * 1024)],
  ])('refuses %s with BAD_USER_INPUT and writes nothing', async (_case, text) => {
    const before = await count('interviews');
    const result = await app.graphql(IMPORT, { text }, token);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message.length).toBeGreaterThan(10);
    expect(await count('interviews')).toBe(before);
  });

  it('says on which line an explicitly named format does not fit', async () => {
    const result = await app.graphql(
      PREVIEW,
      { text: QA_TRANSCRIPT, options: { format: 'NUMBERED' } },
      token,
    );
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toMatch(/NUMBERED|numbered/);
  });

  it('needs an editor: anonymous imports are refused', async () => {
    expect(errorCode(await app.graphql(IMPORT, { text: QA_TRANSCRIPT }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await app.graphql(PREVIEW, { text: QA_TRANSCRIPT }))).toBe('UNAUTHENTICATED');
  });

  it('is one transaction: an import that fails half-way leaves no interview, speaker or entry behind', async () => {
    const db = app.service.database.db;
    const before = {
      interviews: await count('interviews'),
      speakers: await count('speakers'),
      answers: await count('answers'),
    };
    // Entries are written after the speakers and the interview: make two of them collide on a unique index.
    const doomed = 'Doomed answer text.';
    await db
      .collection('answers')
      .createIndex(
        { text: 1 },
        { unique: true, name: 'force_failure', partialFilterExpression: { text: doomed } },
      );
    try {
      const text = `Interviewer: Brand New Interviewer\nGuest: Brand New Guest\n\nQ: One?\nA: ${doomed}\nQ: Two?\nA: ${doomed}\n`;
      const result = await app.graphql(IMPORT, { text, options: { title: 'Doomed import' } }, token);
      expect(result.errors?.length).toBeGreaterThan(0);
    } finally {
      await db.collection('answers').dropIndex('force_failure');
    }
    expect({
      interviews: await count('interviews'),
      speakers: await count('speakers'),
      answers: await count('answers'),
    }).toEqual(before);
    expect(await db.collection('speakers').countDocuments({ name: 'Brand New Guest' })).toBe(0);
  });
});
