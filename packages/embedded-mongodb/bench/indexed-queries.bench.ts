// Indexed reads at a publisher's size: transcript entries of one interview, a DataLoader batch ($in of 50
// interviews) and a count, each answered through the index and — for comparison — as a collection scan
// (hint $natural, what the engine did before it used secondary indexes). Prints medians in ms.
//   node -r @swc-node/register packages/embedded-mongodb/bench/indexed-queries.bench.ts [entries...]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, MongoClient, ObjectId } from 'mongodb';
import { startEmbeddedEngine } from '../src';

const ENTRIES_PER_INTERVIEW = 30;
const ROUNDS = 15;
const TEXT = 'So the question was how the archive would grow, and what we would keep of it. '.repeat(5);

async function median(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number);
  const targets = sizes.length > 0 ? sizes : [30_000, 146_000];
  const dir = mkdtempSync(join(tmpdir(), 'bench-indexed-'));
  const engine = await startEmbeddedEngine({ dbPath: dir });
  const client = await new MongoClient(engine.uri).connect();
  const answers = client.db('bench').collection('answers');
  await answers.createIndexes([
    { key: { interview_id: 1, position: 1 }, name: 'interview_position_unique', unique: true },
    { key: { speaker_id: 1 }, name: 'speaker_id' },
  ]);
  const interviews: ObjectId[] = [];
  const speakers = Array.from({ length: 200 }, () => new ObjectId());
  let stored = 0;
  console.log('entries | query | index ms | scan ms | scan ÷ index');
  for (const target of targets) {
    while (stored < target) {
      const batch: Document[] = [];
      for (let i = 0; i < 100 && stored + batch.length < target; i++) {
        const interview = new ObjectId();
        interviews.push(interview);
        for (let position = 0; position < ENTRIES_PER_INTERVIEW; position++) {
          batch.push({
            interview_id: interview,
            position,
            speaker_id: speakers[(interviews.length + position) % speakers.length],
            text: TEXT,
            createdAt: new Date(),
          });
        }
      }
      await answers.insertMany(batch);
      stored += batch.length;
    }
    const one = interviews[Math.floor(interviews.length / 2)];
    const fifty = interviews.slice(0, 50);
    const queries: [string, (hint?: Document) => Promise<unknown>][] = [
      [
        'find by interview_id',
        (hint) => answers.find({ interview_id: one }, { hint }).sort({ position: 1 }).toArray(),
      ],
      [
        '$in of 50 interview ids',
        (hint) => answers.find({ interview_id: { $in: fifty } }, { hint }).toArray(),
      ],
      ['count by interview_id', (hint) => answers.countDocuments({ interview_id: one }, { hint })],
    ];
    for (const [name, run] of queries) {
      const indexed = await median(() => run());
      const scanned = await median(() => run({ $natural: 1 }));
      console.log(
        `${stored} | ${name} | ${indexed.toFixed(2)} | ${scanned.toFixed(2)} | ${(scanned / indexed).toFixed(0)}×`,
      );
    }
  }
  await client.close();
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
}

void main();
