/**
 * The search index at realistic sizes: build time, heap, and latency of typical queries at the seed size,
 * 30k and 146k entries. Entries are made from the seed transcripts' sentences (reshuffled per entry, so the
 * vocabulary and lengths are real ones) and indexed exactly as the service indexes them.
 * Run: node --expose-gc -r @swc-node/register bench/search.bench.ts [sizes…]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ObjectId } from 'mongodb';
import { parseQuery } from '../src/search/query-parser';
import { SearchIndex } from '../src/search/search-index';
import { EntryRecord, InterviewRecord } from '../src/search/search-records';
import { fmt, percentile, report } from './stats';

const SEEDS = join(__dirname, '../../seeds');
const QUERIES = [
  'market expansion',
  'crypto exchange',
  'institutional investors',
  '"futures market"',
  'regul',
  'bitget -meme',
];
const RUNS = 60;
const ENTRIES_PER_INTERVIEW = 60;

function sentencesOfSeeds(): string[] {
  const text = readdirSync(SEEDS)
    .filter((name) => name.endsWith('.txt'))
    .map((name) => readFileSync(join(SEEDS, name), 'utf8'))
    .join('\n');
  return text
    .split(/(?<=[.!?。？！])\s+|\n+/u)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 20);
}

/** A deterministic pseudo-random sequence, so every run indexes the same text. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1_048_576;
}

function run(size: number, sentences: string[]): void {
  const next = random(size);
  const pick = () => sentences[Math.floor(next() * sentences.length)];
  const before = heapMb();
  const started = process.hrtime.bigint();
  const index = new SearchIndex();
  let interview: InterviewRecord | null = null;
  for (let i = 0; i < size; i += 1) {
    if (i % ENTRIES_PER_INTERVIEW === 0) {
      const id = new ObjectId().toHexString();
      interview = {
        kind: 'INTERVIEW',
        key: `I:${id}`,
        id,
        interviewId: id,
        title: pick(),
        slug: `interview-${i}`,
        intro: pick(),
        summary: null,
        publisher: 'Bench',
        language: 'en',
        published: true,
      };
      index.upsert(interview);
    }
    const id = new ObjectId().toHexString();
    const entry: EntryRecord = {
      kind: 'ENTRY',
      key: `E:${id}`,
      id,
      interviewId: (interview as InterviewRecord).id,
      speakerId: null,
      questionerId: null,
      position: (i % ENTRIES_PER_INTERVIEW) + 1,
      section: null,
      question: pick(),
      text: Array.from({ length: 2 + Math.floor(next() * 5) }, pick).join(' '),
    };
    index.upsert(entry);
  }
  const buildMs = Number(process.hrtime.bigint() - started) / 1e6;
  const heap = heapMb() - before;
  report(`search: ${size} entries, index built`, `${fmt(buildMs / 1000, 1)} s, heap +${fmt(heap, 0)} MB`);
  for (const query of QUERIES) {
    const parsed = parseQuery(query);
    const durations: number[] = [];
    let total = 0;
    for (let i = 0; i < RUNS; i += 1) {
      const start = process.hrtime.bigint();
      total = index.search({
        query: parsed,
        filter: {},
        includeDrafts: false,
        offset: 0,
        limit: 20,
      }).totalCount;
      durations.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    durations.sort((a, b) => a - b);
    report(
      `search: ${size} entries, ${query}`,
      `p50 ${fmt(percentile(durations, 50))} ms, p95 ${fmt(percentile(durations, 95))} ms (${total} hits)`,
    );
  }
}

function main(): void {
  const sentences = sentencesOfSeeds();
  const sizes = process.argv.slice(2).map(Number);
  for (const size of sizes.length > 0 ? sizes : [120, 30_000, 146_000]) run(size, sentences);
}

main();
