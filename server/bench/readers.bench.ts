/**
 * Readers in flight: transcript reads over HTTP with 1 and with 8 requests in flight, with the embedded
 * engine on the service's own event loop and on a worker thread of its own, on an archive of a few
 * thousand entries. With the engine on its own thread, 8 in flight should get clearly more done than 1.
 * Answers are computed afresh (not from the reader cache).
 * Run: node -r @swc-node/register bench/readers.bench.ts [INTERVIEWS] [ENTRIES_PER_INTERVIEW]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import { startEmbeddedEngine } from '@transcripts/embedded-mongodb';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { startService } from '../src/app/start-service';
import { largeTranscript } from '../test/import/support/large-transcript';
import { ReaderClient } from './reader-client';
import { fmt, latencies, percentile } from './stats';

const READS = 400;
const IN_FLIGHT = [1, 8];

interface ModeFigures {
  mode: string;
  runs: { inFlight: number; perSecond: number; p50: number; p95: number }[];
}

async function measure(onThread: boolean, interviews: number, entriesEach: number): Promise<ModeFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-readers-'));
  const engine = await startEmbeddedEngine({ dbPath: join(dataDir, 'db'), thread: onThread });
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    MONGODB_URI: engine.uri,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
  });
  const service = await startService(config, createLogger(config));
  const reader = `query($slug: String!) { interview(slug: $slug) {
    title speakers { name } answers { position question text speaker { name } questioner { name } } } }`;
  // Readers are other machines: requests come from a client thread of its own (see reader-client.ts).
  const client = new ReaderClient();
  // Every answer computed afresh (`Cache-Control: no-cache`): repeated reads would come from the reader cache.
  const post = async (query: string, variables: Record<string, unknown> = {}, token?: string) => {
    const response = await client.post(service.url, { query, variables }, token, {
      'cache-control': 'no-cache',
    });
    const body = response.body as { data?: Record<string, unknown>; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data as Record<string, never>;
  };
  // A timed read: only its errors come back from the client's thread (see ReaderClient.post).
  const read = async (slug: string) => {
    const response = await client.post(
      service.url,
      { query: reader, variables: { slug } },
      undefined,
      { 'cache-control': 'no-cache' },
      { wholeBody: false },
    );
    const body = response.body as { data?: { interview: object | null }; errors?: unknown[] };
    if (body.errors || !body.data?.interview)
      throw new Error(`no transcript for ${slug}: ${JSON.stringify(body)}`);
  };
  try {
    const login = await post(
      'mutation { login(email: "admin@example.com", password: "admin-password") { token } }',
    );
    const token = (login.login as { token: string }).token;
    const importMutation = `mutation($text: String!) { importTranscript(text: $text) { id slug version } }`;
    // Imports are drafts: published, so that anonymous readers see them.
    const publishMutation = `mutation($id: ID!, $v: Int!) { updateInterview(id: $id, version: $v, status: PUBLISHED) { slug } }`;
    const slugs: string[] = [];
    for (let i = 0; i < interviews; i += 1) {
      const text = largeTranscript({ entries: entriesEach, format: 'DIALOGUE', seed: i + 1 });
      const imported = await post(importMutation, { text }, token);
      const { id, version } = imported.importTranscript as { id: string; version: number };
      const published = await post(publishMutation, { id, v: version }, token);
      slugs.push((published.updateInterview as { slug: string }).slug);
    }
    // Warm up caches and JIT on both sides before measuring.
    await latencies(40, 4, (i) => read(slugs[i % slugs.length]));
    const runs = [];
    for (const inFlight of IN_FLIGHT) {
      const run = await latencies(READS, inFlight, (i) => read(slugs[i % slugs.length]));
      runs.push({
        inFlight,
        perSecond: READS / (run.totalMs / 1000),
        p50: percentile(run.durations, 50),
        p95: percentile(run.durations, 95),
      });
    }
    return { mode: onThread ? 'engine on its own thread' : 'engine on the service loop', runs };
  } finally {
    await client.close();
    await service.stop();
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const [interviews = 100, entriesEach = 30] = process.argv.slice(2).map(Number);
  if (![interviews, entriesEach].every((n) => Number.isInteger(n) && n > 0)) {
    throw new Error('INTERVIEWS and ENTRIES_PER_INTERVIEW must be positive whole numbers');
  }
  process.stdout.write(
    `transcript read (${entriesEach} entries with speakers) over HTTP, ${interviews} interviews ` +
      `(${interviews * entriesEach} entries), ${READS} reads per run\n`,
  );
  const results = [];
  for (const onThread of [false, true]) results.push(await measure(onThread, interviews, entriesEach));
  for (const { mode, runs } of results) {
    const [one, eight] = runs;
    const cells = runs.map(
      (run) =>
        `${run.inFlight} in flight: ${fmt(run.perSecond, 0)} req/s (p50 ${fmt(run.p50)} ms, p95 ${fmt(run.p95)} ms)`,
    );
    process.stdout.write(
      `${mode.padEnd(28)} ${cells.join('   ')}   8÷1: ${fmt(eight.perSecond / one.perSecond, 2)}×\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
