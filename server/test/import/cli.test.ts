import { join } from 'node:path';
import { MongoClient } from 'mongodb';
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
