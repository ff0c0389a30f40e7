import type { InterviewExport } from '../../src/exports/export-model';
import { toJson } from '../../src/exports/formatters';
import { parseTranscript } from '../../src/transcripts/parser';
import { ok } from '../../../test/support/fixtures';
import { errorCode, startTestService, TestService } from '../../../test/support/service';

const V1_SCHEMA = 'https://transcripts.example/schemas/interview-export.v1.json';
const HOST = { id: '0123456789abcdef01234501', name: 'Maria Lopez', title: 'Editor', organization: null };
const GUEST = {
  id: '0123456789abcdef01234502',
  name: 'Bo Chen',
  title: 'Chief Engineer',
  organization: 'Ledger Works',
};

/** Times with ends, sections, a silent question and a continuation: everything an entry can carry. */
const TIMED_WITH_SECTIONS: InterviewExport = {
  id: '0123456789abcdef01234500',
  slug: 'ledgers-in-time',
  title: 'Ledgers in time',
  publisher: 'Bookkeeping Monthly',
  language: 'en',
  sourceUrl: null,
  summary: 'Two engineers on ledgers.',
  intro: 'Two engineers on ledgers.\n\nRecorded in March.',
  sections: ['Beginnings', 'Later'],
  status: 'PUBLISHED',
  publishedAt: new Date('2025-03-04T05:06:07.000Z'),
  speakers: [HOST, GUEST],
  entries: [
    {
      position: 1,
      section: 'Beginnings',
      question: 'What got you started?',
      questioner: HOST,
      text: 'Curiosity, mostly.\n\nIt grew from there.',
      speaker: GUEST,
      startTime: 1.5,
      endTime: 9.25,
      continuation: false,
    },
    {
      position: 2,
      section: 'Later',
      question: 'And next year?',
      questioner: HOST,
      text: '',
      speaker: null,
      startTime: 3661.007,
      endTime: null,
      continuation: false,
    },
    {
      position: 3,
      section: 'Later',
      question: '',
      questioner: null,
      text: 'More of the same, done better.',
      speaker: GUEST,
      startTime: null,
      endTime: null,
      continuation: true,
    },
  ],
};

describe('reading the JSON export back in the parser', () => {
  it('gives the same entries, speakers, sections and times, without guessing', () => {
    const parsed = parseTranscript(toJson(TIMED_WITH_SECTIONS), { fileName: 'x.json' });
    expect(parsed).toMatchObject({
      title: 'Ledgers in time',
      publisher: 'Bookkeeping Monthly',
      language: 'en',
      intro: 'Two engineers on ledgers.\n\nRecorded in March.',
      summary: 'Two engineers on ledgers.',
      sections: ['Beginnings', 'Later'],
      decisions: [],
      warnings: [],
    });
    expect(parsed.speakers).toEqual([
      { name: 'Maria Lopez', role: 'INTERVIEWER', title: 'Editor', organization: null },
      { name: 'Bo Chen', role: 'INTERVIEWEE', title: 'Chief Engineer', organization: 'Ledger Works' },
    ]);
    expect(
      parsed.entries.map((entry) => [
        entry.position,
        entry.section,
        entry.question,
        entry.questioner,
        entry.text,
        entry.speaker,
        entry.startTime,
        entry.endTime,
        entry.continuation,
      ]),
    ).toEqual(
      TIMED_WITH_SECTIONS.entries.map((entry) => [
        entry.position,
        entry.section,
        entry.question,
        entry.questioner?.name ?? null,
        entry.text,
        entry.speaker?.name ?? null,
        entry.startTime,
        entry.endTime,
        entry.continuation,
      ]),
    );
  });

  it('knows the export by its content when the file has no name', () => {
    const parsed = parseTranscript(toJson(TIMED_WITH_SECTIONS));
    expect(parsed.entries.map((entry) => entry.startTime)).toEqual([1.5, 3661.007, null]);
  });

  it('refuses other JSON, other versions and broken fields, naming the text and what is wrong', () => {
    const exported = JSON.parse(toJson(TIMED_WITH_SECTIONS)) as Record<string, unknown>;
    const entries = exported.entries as Record<string, unknown>[];
    const cases: [string, string | null, RegExp][] = [
      ['{"hello": "world"}', null, /interview export \(version 2.*no "\$schema" and "version"/],
      [JSON.stringify({ ...exported, version: 3 }), null, /"version" 3/],
      // Version 1's identifier with version 2's number, and the other way round.
      [JSON.stringify({ ...exported, version: 1 }), null, /"version" 1/],
      [JSON.stringify({ ...exported, $schema: V1_SCHEMA }), null, /interview-export\.v1\.json", "version" 2/],
      [
        JSON.stringify({ ...exported, entries: [{ ...entries[0], continuation: 'yes' }] }),
        null,
        /entries\[0\]\.continuation must be true or false/,
      ],
      ['[1, 2, 3]', 'x.json', /JSON must be an interview export/],
      ['{"title": "unfinished', 'x.json', /not valid JSON/],
      [
        JSON.stringify({ ...exported, entries: [{ ...entries[0], startTime: -1 }] }),
        null,
        /entries\[0\]\.startTime must be seconds/,
      ],
      [
        JSON.stringify({ ...exported, entries: [{ ...entries[0], speaker: 'Nobody' }] }),
        null,
        /entries\[0\]\.speaker "Nobody" is not the name of one of the speakers/,
      ],
      [
        JSON.stringify({ ...exported, entries: [{ ...entries[0], section: 'Elsewhere' }] }),
        null,
        /entries\[0\]\.section "Elsewhere" is not one of interview\.sections/,
      ],
    ];
    for (const [text, fileName, message] of cases) {
      expect(() => parseTranscript(text, { fileName })).toThrow(
        expect.objectContaining({
          name: 'TranscriptParseError',
          field: 'text',
          message: expect.stringMatching(message),
        }),
      );
    }
  });

  it('reads a version 1 export, which has no continuations', () => {
    const exported = JSON.parse(toJson(TIMED_WITH_SECTIONS)) as Record<string, unknown>;
    const versionOne = {
      ...exported,
      $schema: V1_SCHEMA,
      version: 1,
      entries: (exported.entries as Record<string, unknown>[]).map(
        ({ continuation: _continuation, ...entry }) => entry,
      ),
    };
    const parsed = parseTranscript(JSON.stringify(versionOne), { fileName: 'old.json' });
    expect(parsed.entries.map((entry) => [entry.question, entry.continuation])).toEqual([
      ['What got you started?', false],
      ['And next year?', false],
      ['', false],
    ]);
  });

  it('takes an entry marked as a continuation that asks a question as an entry of its own', () => {
    const exported = JSON.parse(toJson(TIMED_WITH_SECTIONS)) as Record<string, unknown>;
    const entries = exported.entries as Record<string, unknown>[];
    const asking = { ...exported, entries: [entries[0], { ...entries[2], question: 'And?' }] };
    const parsed = parseTranscript(JSON.stringify(asking));
    expect(parsed.entries.map((entry) => entry.continuation)).toEqual([false, false]);
  });

  it('does not take the first entry as a continuation: it continues nothing', () => {
    const exported = JSON.parse(toJson(TIMED_WITH_SECTIONS)) as Record<string, unknown>;
    const entries = exported.entries as Record<string, unknown>[];
    const continuationFirst = {
      ...exported,
      entries: [
        { ...entries[2], position: 1 },
        { ...entries[0], position: 2 },
      ],
    };
    const parsed = parseTranscript(JSON.stringify(continuationFirst));
    expect(parsed.entries.map((entry) => [entry.position, entry.continuation])).toEqual([
      [1, false],
      [2, false],
    ]);
  });

  it('still reads a plain transcript that merely starts and ends with brackets', () => {
    const parsed = parseTranscript('[Recorded live]\n\nQ: Ready?\nA: Always.\n\n[applause]');
    expect(parsed.format).toBe('QA');
    expect(parsed.entries.map((entry) => entry.question)).toEqual(['Ready?']);
    expect(parsed.entries[0].text).toMatch(/^Always\./);
  });
});

const IMPORT = `mutation($text: String!, $options: TranscriptOptions) {
  importTranscript(text: $text, options: $options) { id } }`;
const EXPORT = `query($id: ID!) { Interview(id: $id) { export(format: JSON) } }`;

/** Markdown as the exporter writes it: sections, and answers led by their start times. */
const TIMED_MARKDOWN = `# Ledgers in time

Two engineers on ledgers.

## Beginnings

**Maria Lopez:** What got you started?

[00:00:01.500] **Bo Chen:** Curiosity, mostly.

It grew from there.

## Later

**Maria Lopez:** And next year?

[01:01:01.007] **Bo Chen:** More of the same, done better.
`;

interface ExportDocument {
  interview: { title: string; language: string; intro: string | null; sections: string[] };
  speakers: { name: string; title: string | null; organization: string | null }[];
  entries: Record<string, unknown>[];
}

describe('round trip of the JSON export through importTranscript', () => {
  let app: TestService;
  let token: string;

  beforeAll(async () => {
    app = await startTestService();
    token = await app.login();
  });

  afterAll(async () => {
    await app.stop();
  });

  const exportOf = async (id: string): Promise<ExportDocument> => {
    const data = await ok<{ Interview: { export: string } }>(app, EXPORT, { id }, token);
    return JSON.parse(data.Interview.export) as ExportDocument;
  };
  const importText = async (text: string, options: Record<string, unknown>): Promise<string> => {
    const data = await ok<{ importTranscript: { id: string } }>(app, IMPORT, { text, options }, token);
    return data.importTranscript.id;
  };

  it('imports an exported interview as the same entries, speakers, sections and times', async () => {
    const originalId = await importText(TIMED_MARKDOWN, {
      interviewee: 'Bo Chen, Chief Engineer of Ledger Works',
    });
    const original = await exportOf(originalId);
    expect(original.interview.sections).toEqual(['Beginnings', 'Later']);
    expect(original.entries.map((entry) => entry.startTime)).toEqual([1.5, 3661.007]);
    expect(original.speakers).toContainEqual(
      expect.objectContaining({ name: 'Bo Chen', title: 'Chief Engineer', organization: 'Ledger Works' }),
    );

    const copyId = await importText(JSON.stringify(original, null, 2), { fileName: 'x.json' });
    expect(copyId).not.toBe(originalId);
    const copy = await exportOf(copyId);

    expect(copy.interview).toMatchObject({
      title: original.interview.title,
      language: original.interview.language,
      intro: original.interview.intro,
      sections: original.interview.sections,
    });
    expect(copy.speakers).toEqual(original.speakers);
    expect(copy.entries).toEqual(original.entries);
  });

  it('keeps a split-off entry a continuation without a question through export and import', async () => {
    const originalId = await importText(TIMED_MARKDOWN, {
      interviewee: 'Bo Chen, Chief Engineer of Ledger Works',
    });
    const [first] = (
      await ok<{ Interview: { answers: { id: string; version: number }[] } }>(
        app,
        'query($id: ID!) { Interview(id: $id) { answers(first: 1) { id version } } }',
        { id: originalId },
        token,
      )
    ).Interview.answers;
    await ok(
      app,
      'mutation($id: ID!, $v: Int!) { splitAnswer(id: $id, offset: 19, version: $v) { id } }',
      { id: first.id, v: first.version },
      token,
    );
    const original = await exportOf(originalId);
    expect(original.entries.map((entry) => [entry.question, entry.text, entry.continuation])).toEqual([
      ['What got you started?', 'Curiosity, mostly.', false],
      ['', 'It grew from there.', true],
      ['And next year?', 'More of the same, done better.', false],
    ]);

    const copyId = await importText(JSON.stringify(original), { fileName: 'split.json' });
    const copy = await exportOf(copyId);
    expect(copy.entries).toEqual(original.entries);
    const stored = await ok<{ Interview: { answers: { question: string; continuation: boolean }[] } }>(
      app,
      'query($id: ID!) { Interview(id: $id) { answers { question continuation } } }',
      { id: copyId },
      token,
    );
    expect(stored.Interview.answers).toEqual([
      { question: 'What got you started?', continuation: false },
      { question: '', continuation: true },
      { question: 'And next year?', continuation: false },
    ]);
  });

  it('imports a version 1 export (no continuation field) as entries of their own', async () => {
    const current = JSON.parse(toJson(TIMED_WITH_SECTIONS)) as Record<string, unknown>;
    const versionOne = {
      ...current,
      $schema: V1_SCHEMA,
      version: 1,
      entries: (current.entries as Record<string, unknown>[]).map(
        ({ continuation: _continuation, ...entry }) => entry,
      ),
    };
    const copyId = await importText(JSON.stringify(versionOne), { fileName: 'old.json' });
    const copy = await exportOf(copyId);
    expect(copy.entries.map((entry) => [entry.position, entry.question, entry.continuation])).toEqual([
      [1, 'What got you started?', false],
      [2, 'And next year?', false],
      [3, '', false],
    ]);
  });

  it('answers JSON that is not an export with BAD_USER_INPUT naming text, writing nothing', async () => {
    const interviews = app.service.database.db.collection('interviews');
    const before = await interviews.countDocuments();
    const result = await app.graphql(
      IMPORT,
      { text: '{"entries": []}', options: { fileName: 'notes.json' } },
      token,
    );
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.field).toBe('text');
    expect(result.errors?.[0]?.message).toMatch(/interview export/);
    expect(await interviews.countDocuments()).toBe(before);
  });
});
