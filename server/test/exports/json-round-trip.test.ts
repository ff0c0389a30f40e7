import type { InterviewExport } from '../../src/exports/export-model';
import { toJson } from '../../src/exports/formatters';
import { parseTranscript } from '../../src/transcripts/parser';
import { ok } from '../../../test/support/fixtures';
import { errorCode, startTestService, TestService } from '../../../test/support/service';

const HOST = { id: '0123456789abcdef01234501', name: 'Maria Lopez', title: 'Editor', organization: null };
const GUEST = {
  id: '0123456789abcdef01234502',
  name: 'Bo Chen',
  title: 'Chief Engineer',
  organization: 'Ledger Works',
};

/** Times with ends, sections, a silent question and an unasked answer: everything an entry can carry. */
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
      ['{"hello": "world"}', null, /interview export \(version 1.*no "\$schema" and "version"/],
      [JSON.stringify({ ...exported, version: 2 }), null, /"version" 2/],
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
