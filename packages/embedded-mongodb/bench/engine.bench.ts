/**
 * The embedded engine through the official driver: write, read and restart figures.
 * Run: npm run bench:engine  (loopback only; bounded loops; a temporary data directory)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, ObjectId } from 'mongodb';
import { startEmbeddedEngine } from '../src';
import { fmt, latencies, percentile, report, timed } from './stats';

const SEQUENTIAL = 1000;
const CONCURRENT = 4000;
const BULK = 50_000;
const READS = 2000;

async function main(): Promise<void> {
  const dbPath = mkdtempSync(join(tmpdir(), 'bench-engine-'));
  let engine = await startEmbeddedEngine({ dbPath });
  let client = await new MongoClient(engine.uri).connect();
  const docs = () => client.db('bench').collection('docs');
  const ids: ObjectId[] = [];

  const sequential = await latencies(SEQUENTIAL, 1, async (i) => {
    ids.push((await docs().insertOne({ i, text: `entry ${i}`.repeat(20) })).insertedId);
  });
  report(
    `insertOne, one at a time (fsync each), n=${SEQUENTIAL}`,
    `${fmt(SEQUENTIAL / (sequential.totalMs / 1000), 0)}/s, p50 ${fmt(percentile(sequential.durations, 50), 2)} ms`,
  );

  const concurrent = await latencies(CONCURRENT, 64, (i) => docs().insertOne({ i, text: `entry ${i}` }));
  report(`insertOne, 64 in flight, n=${CONCURRENT}`, `${fmt(CONCURRENT / (concurrent.totalMs / 1000), 0)}/s`);

  const bulk = await timed(async () => {
    for (let start = 0; start < BULK; start += 1000) {
      await docs().insertMany(
        Array.from({ length: 1000 }, (_, k) => ({ i: start + k, group: (start + k) % 100 })),
      );
    }
  });
  report(`insertMany in batches of 1000, n=${BULK}`, `${fmt(BULK / (bulk.ms / 1000), 0)} docs/s`);

  const reads = await latencies(READS, 1, (i) => docs().findOne({ _id: ids[i % ids.length] }));
  report(
    `findOne by _id, n=${READS}`,
    `p50 ${fmt(percentile(reads.durations, 50), 2)} ms, p95 ${fmt(percentile(reads.durations, 95), 2)} ms`,
  );

  const total = await docs().countDocuments();
  const scan = await timed(() => docs().find({ group: 42 }).toArray());
  report(`find on an unindexed field over ${total} docs`, `${fmt(scan.ms)} ms (${scan.result.length} docs)`);

  await client.close();
  const close = await timed(() => engine.close());
  report(`clean close with ${total} docs (snapshot)`, `${fmt(close.ms)} ms`);
  const restart = await timed(() => startEmbeddedEngine({ dbPath }));
  engine = restart.result;
  report(`restart and load ${total} docs`, `${fmt(restart.ms)} ms`);
  client = await new MongoClient(engine.uri).connect();
  report('documents after restart', String(await docs().countDocuments()));
  await client.close();
  await engine.close();
  rmSync(dbPath, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
