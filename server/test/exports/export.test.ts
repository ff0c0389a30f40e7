import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { NodeCue, parseSync } from 'subtitle';
import { WebVTTParser } from 'webvtt-parser';
import type { InterviewExport } from '../../src/exports/export-model';
import { toJson, toSrt, toWebVtt } from '../../src/exports/formatters';
import { ok } from '../../../test/support/fixtures';
import { startTestService, TestService } from '../../../test/support/service';
import { createFixtures, CreatedFixtures, FIXTURE_INTERVIEWS } from '../search/search-fixtures';

const schema = JSON.parse(
  readFileSync(join(__dirname, '../../../docs/schemas/interview-export.v2.json'), 'utf8'),
) as Record<string, unknown>;
const validateExport = new Ajv2020({ allErrors: true }).compile(schema);

const EXPORT = `query($id: ID!, $format: ExportFormat!) { Interview(id: $id) { export(format: $format) } }`;

/** A timed interview written for the caption formats (entries carry times only from timed imports). */
const TIMED: InterviewExport = {
  id: '0123456789abcdef01234567',
  slug: 'timed-talk',
  title: 'A timed talk --> with an arrow',
  publisher: 'Captions Weekly',
  language: 'en',
  sourceUrl: null,
  summary: null,
  intro: null,
  sections: [],
  status: 'PUBLISHED',
  publishedAt: new Date('2025-01-02T03:04:05.000Z'),
  speakers: [{ id: '0123456789abcdef01234568', name: 'Ann <Lee>', title: null, organization: null }],
  entries: [
    {
      position: 1,
      section: null,
      question: 'Why captions?',
      questioner: null,
      text: 'Because people watch muted.\n\nAnd search engines read them & index them.',
      speaker: { id: '0123456789abcdef01234568', name: 'Ann <Lee>', title: null, organization: null },
      startTime: 1.5,
      endTime: 6.25,
      continuation: false,
    },
    {
      position: 2,
      section: null,
      question: 'And then?',
      questioner: null,
      text: 'Then an hour later --> we stop.',
      speaker: null,
      startTime: 3661.007,
      endTime: null,
      continuation: false,
    },
  ],
};

describe('captions', () => {
  it('writes WebVTT that a WebVTT validator accepts, with the times, speakers and text', () => {
    const parsed = new WebVTTParser().parse(toWebVtt(TIMED), 'metadata');
    expect(parsed.errors).toEqual([]);
    expect(parsed.cues.map((cue) => [cue.startTime, cue.endTime])).toEqual([
      [1.5, 6.25],
      [3661.007, expect.any(Number)],
    ]);
    expect(parsed.cues[1].endTime).toBeGreaterThan(parsed.cues[1].startTime);
    expect(parsed.cues[0].text).toBe(
      '<v Ann &lt;Lee&gt;>Because people watch muted.\nAnd search engines read them &amp; index them.',
    );
  });

  it('writes SRT that an SRT parser reads back', () => {
    const srt = toSrt(TIMED);
    expect(srt).toContain('00:00:01,500 --> 00:00:06,250');
    expect(srt).toContain('01:01:01,007 --> ');
    const cues = parseSync(srt)
      .filter((node): node is NodeCue => node.type === 'cue')
      .map((node) => node.data);
    expect(cues.map((cue) => [cue.start, cue.end])).toEqual([
      [1500, 6250],
      [3661007, expect.any(Number)],
    ]);
    expect(cues[1].end).toBeGreaterThan(cues[1].start);
    expect(cues[0].text).toBe(
      'Ann <Lee>: Because people watch muted.\nAnd search engines read them & index them.',
    );
    expect(cues[1].text).toBe('Then an hour later → we stop.');
  });

  it('writes JSON that its schema accepts, times included', () => {
    const document = JSON.parse(toJson(TIMED)) as unknown;
    expect(validateExport(document)).toBe(true);
  });
});

describe('export over GraphQL and HTTP', () => {
  let app: TestService;
  let token: string;
  let fixtures: CreatedFixtures;

  beforeAll(async () => {
    app = await startTestService();
    token = await app.login();
    fixtures = await createFixtures(app, token);
  });

  afterAll(async () => {
    await app.stop();
  });

  const funding = FIXTURE_INTERVIEWS[0];

  it('gives JSON that validates against the shipped schema and holds every entry', async () => {
    const data = await ok<{ Interview: { export: string } }>(
      app,
      EXPORT,
      { id: fixtures.interviews.get('funding'), format: 'JSON' },
      null,
    );
    const document = JSON.parse(data.Interview.export) as {
      entries: {
        question: string;
        text: string;
        speaker: string;
        questioner: string;
        section: string | null;
      }[];
    };
    expect(validateExport(document)).toBe(true);
    expect(validateExport.errors ?? null).toBeNull();
    expect(
      document.entries.map((entry) => [
        entry.section,
        entry.question,
        entry.text,
        entry.questioner,
        entry.speaker,
      ]),
    ).toEqual(
      funding.entries.map((entry) => [
        entry.section ?? null,
        entry.question,
        entry.text,
        funding.host,
        funding.guest,
      ]),
    );
  });

  it('serves each format at a stable URL with its content type and file name', async () => {
    const slug = fixtures.slugs.get('funding') as string;
    const expected: [string, string][] = [
      ['md', 'text/markdown; charset=utf-8'],
      ['txt', 'text/plain; charset=utf-8'],
      ['json', 'application/json; charset=utf-8'],
    ];
    for (const [extension, contentType] of expected) {
      const response = await fetch(`${app.url}/export/${slug}.${extension}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(contentType);
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename=${slug}.${extension}`);
      const body = await response.text();
      expect(body).toContain(funding.title);
    }
    const markdown = await (await fetch(`${app.url}/export/${slug}.md`)).text();
    expect(markdown).toContain('## Money');
    expect(markdown).toContain(`**${funding.guest}:** Sponsors are the reason we still exist.`);
    const text = await (await fetch(`${app.url}/export/${slug}.txt`)).text();
    expect(text).toContain(`${funding.host}: How do sponsors keep a project alive?`);
    expect(text).not.toContain('**');
  });

  it('shows drafts to editors only and answers unknown files, languages and untimed captions sensibly', async () => {
    const draft = fixtures.slugs.get('draft') as string;
    expect((await fetch(`${app.url}/export/${draft}.md`)).status).toBe(404);
    const editor = await fetch(`${app.url}/export/${draft}.md`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(editor.status).toBe(200);
    expect(await editor.text()).toContain('The secret roadmap');
    const reader = await app.graphql(
      EXPORT,
      { id: fixtures.interviews.get('draft'), format: 'MARKDOWN' },
      null,
    );
    expect(reader.data?.Interview).toBeNull();

    const slug = fixtures.slugs.get('funding') as string;
    expect((await fetch(`${app.url}/export/${slug}.docx`)).status).toBe(404);
    expect((await fetch(`${app.url}/export/no-such-interview.md`)).status).toBe(404);
    expect((await fetch(`${app.url}/export/${slug}.md?language=en`)).status).toBe(200);
    expect((await fetch(`${app.url}/export/${slug}.md?language=zh`)).status).toBe(404);
    expect((await fetch(`${app.url}/export/${slug}.md?language=%3Cx%3E`)).status).toBe(400);
    const captions = await fetch(`${app.url}/export/${slug}.vtt`);
    expect(captions.status).toBe(400);
    expect(JSON.stringify(await captions.json())).toContain('start times');
    const overGraphQL = await app.graphql(
      EXPORT,
      { id: fixtures.interviews.get('funding'), format: 'SRT' },
      null,
    );
    expect(overGraphQL.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badToken = await fetch(`${app.url}/export/${slug}.md`, {
      headers: { authorization: 'Token nope' },
    });
    expect(badToken.status).toBe(401);
  });

  it('round-trips Markdown through the importer: same entries, speakers and sections', async () => {
    const slug = fixtures.slugs.get('funding') as string;
    const markdown = await (await fetch(`${app.url}/export/${slug}.md`)).text();
    const preview = await ok<{
      previewTranscript: {
        sections: string[];
        entries: {
          section: string | null;
          question: string;
          questioner: string | null;
          text: string;
          speaker: string | null;
        }[];
      };
    }>(
      app,
      `query($text: String!) { previewTranscript(text: $text) {
        sections entries { section question questioner text speaker } } }`,
      { text: markdown },
      token,
    );
    expect(preview.previewTranscript.sections).toEqual(funding.sections);
    expect(
      preview.previewTranscript.entries.map((entry) => [
        entry.section,
        entry.question,
        entry.questioner,
        entry.text,
        entry.speaker,
      ]),
    ).toEqual(
      funding.entries.map((entry) => [
        entry.section ?? null,
        entry.question,
        funding.host,
        entry.text,
        funding.guest,
      ]),
    );
  });
});
