import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import type { InterviewExport } from '../../src/exports/export-model';
import { toJson } from '../../src/exports/formatters';
import { randomDbName, testServerUri } from '../../../test/support/db';
import { captureOutput, exitOf, spawnTs } from '../../../test/support/process';

const FIXTURES = join(__dirname, 'fixtures');

async function run(entry: string, args: string[], dbName: string) {
  const child = spawnTs(entry, args, { MONGODB_URI: testServerUri(), MONGODB_DB: dbName, LOG_LEVEL: 'warn' });
  const output = captureOutput(child);
  const { code } = await exitOf(child);
  return { code, output: output.text() };
}

describe('command-line import and seed', () => {
  const dbName = randomDbName('cli');
  let client: MongoClient;

  beforeAll(async () => {
    client = await new MongoClient(testServerUri()).connect();
  });

  afterAll(async () => {
    await client.db(dbName).dropDatabase();
    await client.close();
  });

  const count = (name: string) => client.db(dbName).collection(name).countDocuments();

  it('--dry-run prints entries, speakers and sections and writes nothing', async () => {
    const { code, output } = await run(
      'server/src/cli/import.ts',
      [join(FIXTURES, 'numbered.txt'), '--dry-run', '--interviewer', 'Desk', '--interviewee', 'Sam Roe'],
      dbName,
    );
    expect(code).toBe(0);
    expect(output).toMatch(/Entries:\s+2/);
    expect(output).toMatch(/Sam Roe/);
    expect(output).toMatch(/Dry run: nothing written/);
    expect(await count('interviews')).toBe(0);
  }, 60_000);

  it('imports a folder with progress, one interview per file', async () => {
    const { code, output } = await run(
      'server/src/cli/import.ts',
      [FIXTURES, '--interviewer', 'Desk', '--interviewee', 'Sam Roe', '--publish'],
      dbName,
    );
    expect(code).toBe(0);
    expect(output).toMatch(/\[1\/2\] dialogue\.txt/);
    expect(output).toMatch(/\[2\/2\] numbered\.txt/);
    expect(output).toMatch(/2 of 2 files imported/);
    expect(await count('interviews')).toBe(2);
    expect(await client.db(dbName).collection('interviews').countDocuments({ status: 'PUBLISHED' })).toBe(2);
  }, 60_000);

  it('refuses an unknown format and a missing file with a clear message', async () => {
    const badFormat = await run(
      'server/src/cli/import.ts',
      [join(FIXTURES, 'numbered.txt'), '--format', 'poem'],
      dbName,
    );
    expect(badFormat.code).toBe(2);
    expect(badFormat.output).toMatch(/--format must be one of NUMBERED, DIALOGUE, QA/);
    const missing = await run('server/src/cli/import.ts', [join(FIXTURES, 'nope.txt'), '--dry-run'], dbName);
    expect(missing.code).not.toBe(0);
    expect(missing.output).toMatch(/nope\.txt/);
  }, 60_000);

  it('seeds idempotently: the second run keeps what the first wrote', async () => {
    const first = await run('server/src/cli/seed.ts', [], dbName);
    expect(first.code).toBe(0);
    expect(first.output).toMatch(/2 of 2 seed interviews written/);
    const answers = await client.db(dbName).collection('answers').find().sort({ _id: 1 }).toArray();

    const second = await run('server/src/cli/seed.ts', [], dbName);
    expect(second.code).toBe(0);
    expect(second.output).toMatch(/already loaded, kept/);
    expect(second.output).toMatch(/0 of 2 seed interviews written/);
    expect(await client.db(dbName).collection('answers').find().sort({ _id: 1 }).toArray()).toEqual(answers);
  }, 90_000);
});

const SPLIT_EXPORT: InterviewExport = {
  id: '0123456789abcdef01234500',
  slug: 'ledgers-in-time',
  title: 'Ledgers in time',
  publisher: null,
  language: 'en',
  sourceUrl: null,
  summary: null,
  intro: null,
  sections: [],
  status: 'PUBLISHED',
  publishedAt: null,
  speakers: [{ id: '0123456789abcdef01234502', name: 'Bo Chen', title: null, organization: null }],
  entries: [
    {
      position: 1,
      section: null,
      question: 'What got you started?',
      questioner: null,
      text: 'Curiosity, mostly.',
      speaker: { id: '0123456789abcdef01234502', name: 'Bo Chen', title: null, organization: null },
      startTime: null,
      endTime: null,
      continuation: false,
    },
    {
      position: 2,
      section: null,
      question: '',
      questioner: null,
      text: 'It grew from there.',
      speaker: { id: '0123456789abcdef01234502', name: 'Bo Chen', title: null, organization: null },
      startTime: null,
      endTime: null,
      continuation: true,
    },
  ],
};

/** dialogue.txt in Chinese, entry for entry. */
const DIALOGUE_ZH = `市场座谈
Host: 市场会走向哪里？
Ann Lee: 慢慢上涨。
Bo Chen: 暂时横盘。
`;

describe('command-line import of JSON exports and translations', () => {
  const dbName = randomDbName('cli-translations');
  let client: MongoClient;
  let folder: string;

  beforeAll(async () => {
    client = await new MongoClient(testServerUri()).connect();
    folder = await mkdtemp(join(tmpdir(), 'cli-import-'));
  });

  afterAll(async () => {
    await client.db(dbName).dropDatabase();
    await client.close();
    await rm(folder, { recursive: true, force: true });
  });

  const interviews = () => client.db(dbName).collection('interviews');
  const IMPORT = 'server/src/cli/import.ts';

  it('--help describes the JSON files and the translation flags', async () => {
    const { code, output } = await run(IMPORT, ['--help'], dbName);
    expect(code).toBe(0);
    expect(output).toMatch(/JSON exports \(\.json\)/);
    expect(output).toMatch(/--translation-of SLUG\|ID/);
    expect(output).toMatch(/--language TAG\s+a BCP 47 language tag/);
  }, 60_000);

  it('imports the service’s JSON exports in a folder beside transcripts, continuations kept', async () => {
    const mixed = join(folder, 'mixed');
    await mkdir(mixed);
    await copyFile(join(FIXTURES, 'dialogue.txt'), join(mixed, 'dialogue.txt'));
    await writeFile(join(mixed, 'ledgers.json'), toJson(SPLIT_EXPORT));
    const { code, output } = await run(IMPORT, [mixed], dbName);
    expect(code).toBe(0);
    expect(output).toMatch(/\[1\/2\] dialogue\.txt/);
    expect(output).toMatch(/\[2\/2\] ledgers\.json/);
    expect(output).toMatch(/2 of 2 files imported/);
    const ledgers = await interviews().findOne({ title: 'Ledgers in time' });
    const entries = await client
      .db(dbName)
      .collection('answers')
      .find({ interview_id: ledgers?._id })
      .sort({ position: 1 })
      .toArray();
    expect(entries.map((entry) => [entry.question, entry.continuation ?? false])).toEqual([
      ['What got you started?', false],
      ['', true],
    ]);
  }, 60_000);

  it('imports a translation of an interview named by slug or id, into --language', async () => {
    const original = await run(IMPORT, [join(FIXTURES, 'dialogue.txt'), '--language', 'en'], dbName);
    expect(original.code).toBe(0);
    const slug = /\(draft, en, slug ([^)]+)\)/.exec(original.output)?.[1];
    expect(slug).toBeDefined();
    const originalDoc = await interviews().findOne({ slug });
    const translationFile = join(folder, 'dialogue.zh.txt');
    await writeFile(translationFile, DIALOGUE_ZH);

    const dryRun = await run(IMPORT, [translationFile, '--translation-of', slug!, '--dry-run'], dbName);
    expect(dryRun.code).toBe(0);
    expect(dryRun.output).toMatch(/Translation \(zh\) of "Panel on Markets" \(en, slug /);
    expect(dryRun.output).toMatch(/Dry run: nothing written/);
    expect(await interviews().countDocuments({ title: '市场座谈' })).toBe(0);

    const translated = await run(
      IMPORT,
      [translationFile, '--translation-of', slug!, '--language', 'ZH'],
      dbName,
    );
    expect(translated.code).toBe(0);
    expect(translated.output).toMatch(/Translation \(zh\) of "Panel on Markets" \(en, slug /);
    expect(translated.output).toMatch(/Imported "市场座谈" \(draft, zh, slug /);
    const translation = await interviews().findOne({ title: '市场座谈' });
    expect(translation?.language).toBe('zh');
    const group = await client
      .db(dbName)
      .collection('translation_groups')
      .findOne({ original_id: originalDoc?._id });
    expect(group?.members.map(String).sort()).toEqual(
      [String(originalDoc?._id), String(translation?._id)].sort(),
    );
    const originalEntries = await client
      .db(dbName)
      .collection('answers')
      .countDocuments({ interview_id: originalDoc?._id });
    expect(
      await client
        .db(dbName)
        .collection('alignment_pairs')
        .countDocuments({ translation_id: translation?._id }),
    ).toBe(originalEntries);

    // By id this time: the group already has a Chinese version, and the message names the flag.
    const again = await run(
      IMPORT,
      [translationFile, '--translation-of', String(originalDoc?._id), '--language', 'zh'],
      dbName,
    );
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/--language: this interview already has a zh version/);
    expect(await interviews().countDocuments({ language: 'zh' })).toBe(1);
  }, 90_000);

  it('refuses bad flag values naming the flag, writing nothing', async () => {
    const before = await interviews().countDocuments();
    const file = join(FIXTURES, 'dialogue.txt');
    const cases: [string[], RegExp][] = [
      [[file, '--language', 'not a tag!'], /--language: "not a tag!" is not a BCP 47 language tag/],
      [
        [file, '--translation-of', 'no-such-interview'],
        /--translation-of: no interview has the slug or id "no-such-interview"/,
      ],
      [
        [file, '--translation-of', ' ', '--dry-run'],
        /--translation-of: needs the slug or id of an interview/,
      ],
      [[FIXTURES, '--translation-of', 'panel-on-markets'], /--translation-of: imports one file/],
    ];
    for (const [args, message] of cases) {
      const { code, output } = await run(IMPORT, args, dbName);
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(output).toMatch(message);
    }
    expect(await interviews().countDocuments()).toBe(before);
  }, 120_000);
});
