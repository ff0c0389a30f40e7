import JSZip from 'jszip';
import { ok } from '../../../test/support/fixtures';
import { errorCode, startTestService, TestService } from '../../../test/support/service';

const CAPTIONS = `WEBVTT

00:00:01.000 --> 00:00:03.000
<v Karen Holt>Why move the factory home?

00:00:03.500 --> 00:00:06.000
<v Ravi Patel>Shipping costs.

00:00:06.000 --> 00:00:08.500
<v Ravi Patel>And to see the work ourselves.

00:00:09.000 --> 00:00:10.000
<v Karen Holt>Any regrets?

00:00:10.500 --> 00:00:12.000
<v Ravi Patel>Only that we waited.
`;

const PREVIEW = `query($text: String!, $options: TranscriptOptions) {
  previewTranscript(text: $text, options: $options) {
    entries { question text speaker questioner startTime endTime answerLine }
    notes
    decisions { line kind message }
  }
}`;

const IMPORT = `mutation($text: String!, $options: TranscriptOptions) {
  importTranscript(text: $text, options: $options) {
    id title notes
    answers { id version question text startTime endTime speaker { name } }
  }
}`;

const UPDATE_TIMES = `mutation($id: ID!, $v: Int!, $start: Float, $end: Float) {
  updateAnswer(id: $id, version: $v, startTime: $start, endTime: $end) { startTime endTime version }
}`;

interface ImportedAnswer {
  id: string;
  version: number;
  question: string;
  text: string;
  startTime: number | null;
  endTime: number | null;
  speaker: { name: string } | null;
}

/** A minimal Word document: one paragraph per line. */
async function docx(lines: string[]): Promise<string> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  const body = lines.map((line) => `<w:p><w:r><w:t xml:space="preserve">${line}</w:t></w:r></w:p>`).join('');
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );
  return (await zip.generateAsync({ type: 'nodebuffer' })).toString('base64');
}

describe('importing transcript files: captions, Word documents, times and guesses', () => {
  let app: TestService;
  let token: string;

  beforeAll(async () => {
    app = await startTestService();
    token = await app.login();
  });

  afterAll(async () => {
    await app.stop();
  });

  it('previews WebVTT captions as turns with their cue times', async () => {
    const data = await ok<{ previewTranscript: { entries: Array<Record<string, unknown>> } }>(
      app,
      PREVIEW,
      { text: CAPTIONS, options: { fileName: 'meeting.vtt' } },
      token,
    );
    expect(data.previewTranscript.entries).toEqual([
      expect.objectContaining({
        question: 'Why move the factory home?',
        questioner: 'Karen Holt',
        speaker: 'Ravi Patel',
        text: 'Shipping costs.\nAnd to see the work ourselves.',
        startTime: 3.5,
        endTime: 8.5,
      }),
      expect.objectContaining({ question: 'Any regrets?', startTime: 10.5, endTime: 12 }),
    ]);
  });

  it('marks guesses with their lines in the preview', async () => {
    const text =
      'Interview with Sam Okoro, designer\n\nBy Hannah Lee\n\nQ: Why?\nA: Because.\n\nQ: How?\nA: Slowly.\n';
    const data = await ok<{ previewTranscript: { decisions: Array<{ line: number; kind: string }> } }>(
      app,
      PREVIEW,
      { text },
      token,
    );
    expect(data.previewTranscript.decisions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 1, kind: 'INTERVIEWEE_FROM_TITLE' }),
        expect.objectContaining({ line: 3, kind: 'QUESTIONER_FROM_BYLINE' }),
      ]),
    );
  });

  it('imports a Word document sent as base64 and keeps the decoded text as its source', async () => {
    const contentBase64 = await docx([
      'Reading the River',
      'Tom Price: Were you surprised?',
      'Ana Silva: A little.',
      '[Ana Silva spoke from her office in Reading.]',
      'Tom Price: What next?',
      'Ana Silva: More sensors.',
    ]);
    const data = await ok<{
      importTranscript: { id: string; title: string; notes: string[]; answers: ImportedAnswer[] };
    }>(app, IMPORT, { text: '', options: { fileName: 'river.docx', contentBase64 } }, token);
    expect(data.importTranscript.title).toBe('Reading the River');
    expect(data.importTranscript.notes).toEqual(['[Ana Silva spoke from her office in Reading.]']);
    expect(
      data.importTranscript.answers.map((answer) => [answer.question, answer.text, answer.speaker?.name]),
    ).toEqual([
      ['Were you surprised?', 'A little.', 'Ana Silva'],
      ['What next?', 'More sensors.', 'Ana Silva'],
    ]);
    const stored = await app.service.database.db
      .collection('interviews')
      .findOne({ title: 'Reading the River' });
    expect(stored?.source.text).toContain('Tom Price: Were you surprised?');
  });

  it('stores caption times on the answers and lets an editor change or clear them', async () => {
    const data = await ok<{ importTranscript: { answers: ImportedAnswer[] } }>(
      app,
      IMPORT,
      { text: CAPTIONS, options: { fileName: 'meeting.vtt' } },
      token,
    );
    const [first] = data.importTranscript.answers;
    expect([first.startTime, first.endTime]).toEqual([3.5, 8.5]);
    const updated = await ok<{ updateAnswer: { startTime: number | null; endTime: number | null } }>(
      app,
      UPDATE_TIMES,
      { id: first.id, v: first.version, start: 4, end: null },
      token,
    );
    expect(updated.updateAnswer).toMatchObject({ startTime: 4, endTime: null });
    const refused = await app.graphql(UPDATE_TIMES, { id: first.id, v: first.version + 1, start: -3 }, token);
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0].message).toMatch(/startTime/);
  });

  it('refuses content that is not base64, or text and content together, and writes nothing', async () => {
    const before = await app.service.database.db.collection('interviews').countDocuments();
    const notBase64 = await app.graphql(IMPORT, { text: '', options: { contentBase64: '%%%' } }, token);
    expect(errorCode(notBase64)).toBe('BAD_USER_INPUT');
    const both = await app.graphql(
      IMPORT,
      { text: 'Q: a?\nA: b.', options: { contentBase64: 'UTox' } },
      token,
    );
    expect(errorCode(both)).toBe('BAD_USER_INPUT');
    const broken = await app.graphql(
      IMPORT,
      {
        text: '',
        options: { fileName: 'x.docx', contentBase64: Buffer.from('not a zip').toString('base64') },
      },
      token,
    );
    expect(errorCode(broken)).toBe('BAD_USER_INPUT');
    expect(await app.service.database.db.collection('interviews').countDocuments()).toBe(before);
  });
});
