/**
 * Restart time and memory at a publisher's sizes. For each size a database is built through the driver
 * (interviews of 20–38 entries with varied answers of ~600 characters, a revision per entry, speakers;
 * documents and indexes shaped like the transcript service's) and closed (snapshot). Then, several times,
 * a fresh Node process loads the built package (dist/), starts the engine on the directory, connects the
 * driver and answers one interview's entries: the restart is the time from spawning that process until
 * the answer; its RSS and heap are read after the load (after a GC).
 *
 * Run: npm run bench:restart -w @transcripts/embedded-mongodb [-- --runs 3 --sizes 2,1000,5000 --engine DIR]
 *   --engine DIR: the package directory whose dist/ the restarts load (default: this package, built first);
 *   the database is built with the same engine, so another version's figures come from its own files.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MongoClient, ObjectId } from 'mongodb';

interface EngineModule {
  startEmbeddedEngine(options: { dbPath: string }): Promise<{ uri: string; close(): Promise<void> }>;
}

const WORDS = (
  'the a of to and in that it we was for on is with as our they at but be this from have had not what by ' +
  'were market team users trust growth exchange custody token wallet fees regulation launch product ' +
  'community liquidity risk compliance partners listing security audit years later early believe ' +
  'important decision customers building global asia europe license platform strategy future because ' +
  'when then there people think really going started first second finally question answer interview ' +
  'volatile bridge derivatives hedging treasury settlement reserves proof transparency incident ' +
  'engineering hiring culture remote office singapore dubai london regulators framework sandbox'
).split(' ');

/** Deterministic pseudo-random numbers, so every run builds the same database. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/** Text of about `characters` characters, words drawn with a Zipf-like skew, in sentences. */
function text(next: () => number, characters: number): string {
  const parts: string[] = [];
  let length = 0;
  let sentence = 0;
  while (length < characters) {
    let word = WORDS[Math.floor(WORDS.length * next() ** 2)];
    if (sentence === 0) word = word[0].toUpperCase() + word.slice(1);
    sentence += 1;
    if (sentence > 6 && next() < 0.15) {
      word += '.';
      sentence = 0;
    }
    parts.push(word);
    length += word.length + 1;
  }
  return parts.join(' ') + '.';
}

async function build(engine: EngineModule, dbPath: string, interviews: number): Promise<number> {
  const running = await engine.startEmbeddedEngine({ dbPath });
  const client = await new MongoClient(running.uri).connect();
  let entries = 0;
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
    await db.collection('interviews').createIndex({ slug: 1 }, { unique: true, name: 'slug_unique' });
    await db.collection('speakers').createIndex({ slug: 1 }, { unique: true, name: 'slug_unique' });
    const next = random(interviews);
    for (let n = 0; n < interviews; n += 1) {
      const interviewId = new ObjectId();
      const interviewer = { _id: new ObjectId(), slug: `interviewer-${n}`, name: `Interviewer ${n}` };
      const guest = { _id: new ObjectId(), slug: `guest-${n}`, name: `Guest ${n}`, bio: text(next, 300) };
      const now = new Date();
      const count = 20 + Math.floor(next() * 19);
      const answers = Array.from({ length: count }, (_, i) => ({
        _id: new ObjectId(),
        interview_id: interviewId,
        position: i + 1,
        section: i % 10 === 0 ? text(next, 20) : null,
        question: text(next, 40 + Math.floor(next() * 160)),
        questioner_id: interviewer._id,
        text: text(next, 200 + Math.floor(next() * 800)),
        speaker_id: guest._id,
        version: 1,
        createdAt: now,
        updatedAt: now,
        updatedBy: null,
      }));
      entries += count;
      await db.collection('speakers').insertMany([interviewer, guest]);
      await db.collection('interviews').insertOne({
        _id: interviewId,
        slug: `interview-${n}`,
        title: text(next, 50),
        intro: text(next, 400),
        status: 'PUBLISHED',
        speaker_ids: [interviewer._id, guest._id],
        publishedAt: now,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      await db.collection('answers').insertMany(answers);
      await db.collection('revisions').insertMany(
        answers.map((answer) => ({
          _id: new ObjectId(),
          entity: 'answer',
          entity_id: answer._id,
          version: 1,
          action: 'IMPORT',
          after: { section: answer.section, question: answer.question, text: answer.text },
          createdAt: now,
          createdBy: null,
        })),
      );
    }
  } finally {
    await client.close();
    await running.close();
  }
  return entries;
}

/** Runs in the restarted process: start the engine, answer one interview's entries, report. */
const CHILD = `
const loadStarted = performance.now();
const { startEmbeddedEngine } = require(process.argv[2]);
const { MongoClient } = require('mongodb');
(async () => {
  const engineStarted = performance.now();
  const engine = await startEmbeddedEngine({ dbPath: process.argv[1] });
  const engineMs = performance.now() - engineStarted;
  const client = await new MongoClient(engine.uri).connect();
  const db = client.db('transcripts');
  const interview = await db.collection('interviews').findOne({ slug: 'interview-0' });
  const entries = await db.collection('answers').find({ interview_id: interview._id }).sort({ position: 1 }).toArray();
  process.stdout.write(JSON.stringify({ answered: entries.length }) + '\\n');
  globalThis.gc();
  const { rss, heapUsed } = process.memoryUsage();
  const cpu = process.cpuUsage();
  process.stdout.write(JSON.stringify({ engineMs, modulesMs: engineStarted - loadStarted, rss, heapUsed,
    cpuMs: (cpu.user + cpu.system) / 1000 }) + '\\n');
  await client.close();
  await engine.close();
})().catch((error) => { console.error(error); process.exit(1); });
`;

interface Restart {
  ms: number;
  engineMs: number;
  modulesMs: number;
  cpuMs: number;
  rss: number;
  heapUsed: number;
}

/** Spawns a fresh process on dbPath; resolves with the time until it answered and what it reported. */
function restart(entry: string, dbPath: string): Promise<Restart> {
  return new Promise((done, fail) => {
    const started = performance.now();
    let answeredMs = 0;
    let output = '';
    const child = spawn(process.execPath, ['--expose-gc', '-e', CHILD, dbPath, entry], {
      cwd: __dirname,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      if (!answeredMs && output.includes('answered')) answeredMs = performance.now() - started;
    });
    child.on('error', fail);
    child.on('exit', (code) => {
      const lines = output.trim().split('\n');
      if (code !== 0 || lines.length < 2) return fail(new Error(`restart exited ${code}: ${output}`));
      const report = JSON.parse(lines[1]) as Omit<Restart, 'ms'>;
      done({ ms: answeredMs, ...report });
    });
  });
}

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

async function main(): Promise<void> {
  const runs = Number(option('runs', '3'));
  const sizes = option('sizes', '2,1000,5000').split(',').map(Number);
  const packageDir = resolve(option('engine', join(__dirname, '..')));
  if (packageDir === resolve(__dirname, '..') && !process.argv.includes('--no-build')) {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: packageDir,
      stdio: 'inherit',
    });
  }
  const entry = join(packageDir, 'dist', 'index.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: build that package first`);
  const engine = (await import(entry)) as EngineModule;
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 1 : 0);
  const s = (ms: number) => (ms / 1000).toFixed(2);
  process.stdout.write(
    `engine: ${packageDir}, ${runs} restarts per size; restart = spawn → first query answered (median, min–max)\n\n` +
      '| interviews / entries | documents | snapshot | restart | engine load | module load | CPU | RSS | heap | RSS ÷ snapshot |\n' +
      '|---|---|---|---|---|---|---|---|---|---|\n',
  );
  for (const interviews of sizes) {
    const dbPath = mkdtempSync(join(tmpdir(), 'bench-restart-'));
    try {
      const entries = await build(engine, dbPath, interviews);
      const snapshotBytes = readdirSync(dbPath)
        .filter((name) => name.startsWith('snapshot') || name.startsWith('journal'))
        .reduce((sum, name) => sum + statSync(join(dbPath, name)).size, 0);
      const results: Restart[] = [];
      for (let run = 0; run < runs; run += 1) results.push(await restart(entry, dbPath));
      const ms = results.map((r) => r.ms);
      const documents = entries * 2 + interviews * 3;
      process.stdout.write(
        `| ${interviews.toLocaleString('en')} / ${entries.toLocaleString('en')} | ${documents.toLocaleString('en')} | ` +
          `${mb(snapshotBytes)} MB | ${s(median(ms))} s (${s(Math.min(...ms))}–${s(Math.max(...ms))}) | ` +
          `${s(median(results.map((r) => r.engineMs)))} s | ${s(median(results.map((r) => r.modulesMs)))} s | ` +
          `${s(median(results.map((r) => r.cpuMs)))} s | ${mb(median(results.map((r) => r.rss)))} MB | ` +
          `${mb(median(results.map((r) => r.heapUsed)))} MB | ` +
          `${(median(results.map((r) => r.rss)) / snapshotBytes).toFixed(1)} |\n`,
      );
    } finally {
      if (process.env.KEEP_DB) process.stderr.write(`kept ${dbPath}\n`);
      else rmSync(dbPath, { recursive: true, force: true });
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
