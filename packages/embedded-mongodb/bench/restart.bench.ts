/**
 * Memory and restart time at a publisher's sizes: interviews of 30 entries, each entry with its revision
 * (documents shaped like the transcript service's), written through the driver, then the engine closed
 * (snapshot) and started again in a fresh process that reports its start time and RSS.
 * Run: node -r @swc-node/register bench/restart.bench.ts [ENTRIES…]   (default 30000 146000)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, ObjectId } from 'mongodb';
import { startEmbeddedEngine } from '../src';

const ENTRIES_PER_INTERVIEW = 30;
const SENTENCES = [
  'We started with a small team and a clear idea of what the users needed.',
  'It took longer than we hoped, and the rules changed twice along the way.',
  'Trust is slow to build and quick to lose, so we publish everything.',
  'Custody was the hardest part; we rebuilt it three times before it held.',
  'Growth came from word of mouth more than from anything we paid for.',
  'In Asia the fees mattered more than the features, which surprised us.',
];

function paragraph(seed: number, sentences: number): string {
  const parts: string[] = [];
  for (let i = 0; i < sentences; i += 1) parts.push(SENTENCES[(seed * 7 + i * 3) % SENTENCES.length]);
  return parts.join(' ');
}

async function fill(uri: string, entries: number): Promise<void> {
  const client = await new MongoClient(uri).connect();
  try {
    const db = client.db('transcripts');
    await db.collection('answers').createIndexes([
      { key: { interview_id: 1, position: 1 }, name: 'interview_position_unique', unique: true },
      { key: { speaker_id: 1 }, name: 'speaker_id' },
      { key: { questioner_id: 1 }, name: 'questioner_id' },
    ]);
    await db.collection('revisions').createIndexes([
      { key: { entity_id: 1, version: -1 }, name: 'entity_version' },
      { key: { createdAt: -1 }, name: 'createdAt' },
    ]);
    const interviews = Math.ceil(entries / ENTRIES_PER_INTERVIEW);
    for (let n = 0; n < interviews; n += 1) {
      const interviewId = new ObjectId();
      const speaker = new ObjectId();
      const questioner = new ObjectId();
      const now = new Date();
      const count = Math.min(ENTRIES_PER_INTERVIEW, entries - n * ENTRIES_PER_INTERVIEW);
      const answers = Array.from({ length: count }, (_, i) => ({
        _id: new ObjectId(),
        interview_id: interviewId,
        position: i + 1,
        section: i % 10 === 0 ? 'Beginnings' : null,
        question: paragraph(n + i, 1),
        questioner_id: questioner,
        text: paragraph(n * 31 + i, 4 + ((n + i) % 8)),
        speaker_id: speaker,
        version: 1,
        createdAt: now,
        updatedAt: now,
        updatedBy: null,
      }));
      await db.collection('interviews').insertOne({
        _id: interviewId,
        slug: `interview-${n}`,
        title: `Interview ${n}`,
        status: 'PUBLISHED',
        speaker_ids: [speaker],
        publishedAt: now,
      });
      await db.collection('answers').insertMany(answers);
      await db.collection('revisions').insertMany(
        answers.map((answer) => ({
          _id: new ObjectId(),
          entity: 'answer',
          entity_id: answer._id,
          version: 1,
          content: { section: answer.section, question: answer.question, text: answer.text },
          createdAt: now,
          createdBy: null,
        })),
      );
    }
  } finally {
    await client.close();
  }
}

/** In a fresh process: start the engine on dbPath, then report the start time and memory. */
async function child(dbPath: string): Promise<void> {
  const started = performance.now();
  const engine = await startEmbeddedEngine({ dbPath });
  const ms = performance.now() - started;
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  await engine.close();
  process.stdout.write(JSON.stringify({ ms, rss, heapUsed }) + '\n');
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3]);
  const sizes = process.argv.slice(2).map(Number);
  const entrySizes = sizes.length > 0 ? sizes : [30_000, 146_000];
  process.stdout.write('entries  documents  snapshot MB  restart s  RSS MB  heap MB  RSS ÷ snapshot\n');
  for (const entries of entrySizes) {
    const dbPath = mkdtempSync(join(tmpdir(), 'bench-restart-'));
    try {
      const engine = await startEmbeddedEngine({ dbPath });
      await fill(engine.uri, entries);
      await engine.close();
      const snapshotBytes = statSync(join(dbPath, 'snapshot.bson')).size;
      const out = execFileSync(
        process.execPath,
        ['--expose-gc', '-r', '@swc-node/register', __filename, '--child', dbPath],
        { encoding: 'utf8' },
      );
      const { ms, rss, heapUsed } = JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
        ms: number;
        rss: number;
        heapUsed: number;
      };
      const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
      const documents = entries * 2 + Math.ceil(entries / ENTRIES_PER_INTERVIEW);
      process.stdout.write(
        `${String(entries).padStart(7)}  ${String(documents).padStart(9)}  ${mb(snapshotBytes).padStart(11)}  ` +
          `${(ms / 1000).toFixed(2).padStart(9)}  ${mb(rss).padStart(6)}  ${mb(heapUsed).padStart(7)}  ` +
          `${(rss / snapshotBytes).toFixed(1).padStart(14)}\n`,
      );
    } finally {
      if (!process.env.KEEP_DB) rmSync(dbPath, { recursive: true, force: true });
      else process.stderr.write(`kept ${dbPath}\n`);
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
