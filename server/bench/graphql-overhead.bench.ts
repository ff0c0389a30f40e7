/**
 * Where a reader's transcript request spends its time beyond the database: the transcript query over HTTP
 * beside the same reads by the raw driver, alternating, in one process on the embedded engine.
 *
 * Run (in server/): node -r @swc-node/register bench/graphql-overhead.bench.ts [reads]
 * Each request is sent from a client on a thread of its own, as in the main benchmark.
 * Profile: node --cpu-prof -r @swc-node/register bench/graphql-overhead.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import { Db, Document, MongoClient, ObjectId } from 'mongodb';
import { startService } from '../src/app/start-service';
import { loadConfig } from '../src/config';
import { Collections } from '../src/db/collections';
import { createLogger } from '../src/logger';
import { rawTranscript } from './raw-reads';
import { ReaderClient } from './reader-client';
import { fmt, percentile, timed } from './stats';

const INTERVIEWS = 30;
const ENTRIES = 30;
const READS = Number(process.argv[2] ?? 300);
const TRANSCRIPT_QUERY = `query($slug: String!) { interview(slug: $slug) {
  title speakers { name } answers { position question text speaker { name } questioner { name } } } }`;

/** Nothing read: the floor of HTTP and Apollo. (It must be valid: an error answer skips Apollo's caches.) */
const TYPENAME_QUERY = `{ __typename }`;

/** The same reads with almost nothing to present: the floor of HTTP, Apollo and the database rounds. */
const INTERVIEW_ONLY_QUERY = `query($slug: String!) { interview(slug: $slug) { title answers { position } } }`;

const WORDS = (
  'market liquidity custody exchange derivatives regulation compliance wallet settlement users growth ' +
  'institutions product launch team culture strategy region license partners futures spot token security'
).split(' ');
let randomState = 11;
/** Deterministic text, as varied as speech, so that compression costs what it does on real transcripts. */
function words(count: number): string {
  return Array.from({ length: count }, () => {
    randomState = (randomState * 1664525 + 1013904223) >>> 0;
    return WORDS[randomState % WORDS.length];
  }).join(' ');
}

async function seed(db: Db): Promise<string[]> {
  const now = new Date();
  const versioned = { version: 1, createdAt: now, updatedAt: now, updatedBy: null };
  const host = { _id: new ObjectId(), name: 'Host', nameKey: 'host', slug: 'host', ...versioned };
  const speakers: Document[] = [host];
  const interviews: Document[] = [];
  const answers: Document[] = [];
  for (let index = 0; index < INTERVIEWS; index++) {
    const guest = {
      _id: new ObjectId(),
      name: `Guest ${index}`,
      nameKey: `guest ${index}`,
      slug: `g-${index}`,
    };
    speakers.push({ ...guest, ...versioned });
    const interviewId = new ObjectId();
    interviews.push({
      _id: interviewId,
      title: `Interview ${index}`,
      slug: `interview-${index}`,
      status: 'PUBLISHED',
      publishedAt: now,
      sections: [],
      boilerplate: [],
      speaker_ids: [host._id, guest._id],
      ...versioned,
    });
    for (let position = 1; position <= ENTRIES; position++) {
      answers.push({
        _id: new ObjectId(),
        interview_id: interviewId,
        position,
        section: null,
        question: `${words(15)}?`,
        questioner_id: host._id,
        text: words(90),
        speaker_id: guest._id,
        ...versioned,
      });
    }
  }
  await db.collection(Collections.speakers).insertMany(speakers);
  await db.collection(Collections.interviews).insertMany(interviews);
  await db.collection(Collections.answers).insertMany(answers);
  return interviews.map((doc) => String(doc.slug));
}

const httpClient = new ReaderClient();

/** One read over HTTP from the client's own thread; the time is the client's, sending to parsed body. */
async function graphqlRead(url: string, slug: string, query: string, cached = false): Promise<number> {
  const response = await httpClient.post(
    url,
    { query, variables: { slug } },
    undefined,
    // Computed afresh unless the reader cache is what is measured.
    cached ? undefined : { 'cache-control': 'no-cache' },
    // Only whether the transcript came: the answer itself stays on the client's thread.
    { wholeBody: false },
  );
  const body = response.body as { data?: { interview?: object | null }; errors?: unknown };
  if (body.errors) throw new Error(`${query}: ${JSON.stringify(body.errors)}`);
  if (query !== TYPENAME_QUERY && !body.data?.interview)
    throw new Error(`no transcript for ${slug}: ${JSON.stringify(body)}`);
  return response.ms;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'graphql-overhead-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'error',
    NODE_ENV: 'test',
    SEED_ON_START: 'false',
  });
  const commands: string[] = [];
  const service = await startService(config, createLogger(config), {
    mongoClientOptions: { monitorCommands: true },
  });
  service.database.client.on('commandStarted', (event) => commands.push(event.commandName));
  const client = await new MongoClient(service.database.uri).connect();
  try {
    const db = client.db(config.databaseName);
    const slugs = await seed(db);
    for (let i = 0; i < 20; i++) {
      await graphqlRead(service.url, slugs[i % slugs.length], TRANSCRIPT_QUERY);
      await rawTranscript(db, slugs[i % slugs.length]);
    }
    commands.length = 0;
    await graphqlRead(service.url, slugs[0], TRANSCRIPT_QUERY);
    process.stdout.write(`one transcript request sends: ${commands.join(', ')}\n`);
    const runs = {
      '{ __typename }': (slug: string) => graphqlRead(service.url, slug, TYPENAME_QUERY),
      'interview { title answers { position } }': (slug: string) =>
        graphqlRead(service.url, slug, INTERVIEW_ONLY_QUERY),
      'transcript, computed': (slug: string) => graphqlRead(service.url, slug, TRANSCRIPT_QUERY),
      'transcript, reader cache': (slug: string) => graphqlRead(service.url, slug, TRANSCRIPT_QUERY, true),
      'raw driver, same reads': async (slug: string) => (await timed(() => rawTranscript(db, slug))).ms,
    };
    const times = new Map<string, number[]>(Object.keys(runs).map((name) => [name, []]));
    for (let i = 0; i < READS; i++) {
      for (const [name, run] of Object.entries(runs))
        times.get(name)?.push(await run(slugs[i % slugs.length]));
    }
    const rawP50 = percentile(
      [...(times.get('raw driver, same reads') ?? [])].sort((a, b) => a - b),
      50,
    );
    for (const [name, ms] of times) {
      ms.sort((a, b) => a - b);
      const p50 = percentile(ms, 50);
      process.stdout.write(
        `${name.padEnd(44)} p50 ${fmt(p50, 2).padStart(6)} ms  p95 ${fmt(percentile(ms, 95), 2).padStart(6)} ms  ÷ raw ${fmt(p50 / rawP50, 2)}\n`,
      );
    }
  } finally {
    await httpClient.close();
    await client.close();
    await service.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
