/**
 * Where a reader's transcript request spends its time beyond the database: the transcript query over HTTP
 * beside the same reads by the raw driver, alternating, in one process on the embedded engine.
 *
 * Run (in server/): node -r @swc-node/register bench/graphql-overhead.bench.ts [reads]
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
import { fmt, percentile, timed } from './stats';

const INTERVIEWS = 30;
const ENTRIES = 30;
const READS = Number(process.argv[2] ?? 300);
const TRANSCRIPT_QUERY = `query($slug: String!) { interview(slug: $slug) {
  title speakers { name } answers { position question text speaker { name } questioner { name } } } }`;

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

async function rawTranscript(db: Db, slug: string): Promise<number> {
  const interview = await db.collection(Collections.interviews).findOne({ slug, status: 'PUBLISHED' });
  if (!interview) throw new Error(`no interview ${slug}`);
  const answers = await db
    .collection(Collections.answers)
    .find({ interview_id: interview._id })
    .sort({ position: 1 })
    .toArray();
  const ids = new Set<string>((interview.speaker_ids as ObjectId[]).map(String));
  for (const answer of answers) {
    if (answer.speaker_id) ids.add(String(answer.speaker_id));
    if (answer.questioner_id) ids.add(String(answer.questioner_id));
  }
  const speakers = await db
    .collection(Collections.speakers)
    .find({ _id: { $in: [...ids].map((id) => new ObjectId(id)) } })
    .toArray();
  return answers.length + speakers.length;
}

async function graphqlTranscript(url: string, slug: string, query = TRANSCRIPT_QUERY): Promise<number> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables: { slug } }),
  });
  const body = (await response.json()) as { data?: { interview: { answers: unknown[] } | null } };
  if (!body.data?.interview) throw new Error(`no transcript for ${slug}: ${JSON.stringify(body)}`);
  return body.data.interview.answers.length;
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
      await graphqlTranscript(service.url, slugs[i % slugs.length]);
      await rawTranscript(db, slugs[i % slugs.length]);
    }
    commands.length = 0;
    await graphqlTranscript(service.url, slugs[0]);
    process.stdout.write(`one transcript request sends: ${commands.join(', ')}\n`);
    const graphql: number[] = [];
    const raw: number[] = [];
    const interviewOnly: number[] = [];
    for (let i = 0; i < READS; i++) {
      const slug = slugs[i % slugs.length];
      interviewOnly.push((await timed(() => graphqlTranscript(service.url, slug, INTERVIEW_ONLY_QUERY))).ms);
      graphql.push((await timed(() => graphqlTranscript(service.url, slug))).ms);
      raw.push((await timed(() => rawTranscript(db, slug))).ms);
    }
    interviewOnly.sort((a, b) => a - b);
    process.stdout.write(
      `interview(slug) { answers { position } } p50: ${fmt(percentile(interviewOnly, 50), 2)} ms\n`,
    );
    const loopCommands = new Map<string, number>();
    for (const name of commands.slice(3)) loopCommands.set(name, (loopCommands.get(name) ?? 0) + 1);
    process.stdout.write(
      `service commands in the loop: ${JSON.stringify(Object.fromEntries(loopCommands))}\n`,
    );
    graphql.sort((a, b) => a - b);
    raw.sort((a, b) => a - b);
    const p50 = { graphql: percentile(graphql, 50), raw: percentile(raw, 50) };
    process.stdout.write(
      `transcript p50: GraphQL ${fmt(p50.graphql, 2)} ms, raw ${fmt(p50.raw, 2)} ms, ratio ${fmt(p50.graphql / p50.raw, 2)}` +
        ` (p95 ${fmt(percentile(graphql, 95), 2)} / ${fmt(percentile(raw, 95), 2)})\n`,
    );
  } finally {
    await client.close();
    await service.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
