/**
 * Large transcript imports over HTTP on the embedded engine: time and entries/s per size, and the latency
 * of /healthz and of a transcript read answered while each import runs (the service must stay responsive).
 * Run: npm run bench:import [-- SIZE…]  (loopback only; bounded; a temporary data directory)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { startService } from '../src/app/start-service';
import { largeTranscript } from '../test/import/support/large-transcript';
import { fmt, percentile, timed } from './stats';

const DEFAULT_SIZES = [1_400, 2_800, 5_600, 12_500, 25_000];
/** Each side request starts this long after the previous one answered, so probes stay light. */
const PROBE_PAUSE_MS = 20;

interface ImportFigures {
  entries: number;
  bytes: number;
  ms: number;
  healthz: number[];
  reads: number[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function sizesFromArguments(): number[] {
  const sizes = process.argv.slice(2).map(Number);
  if (sizes.some((size) => !Number.isInteger(size) || size < 1)) {
    throw new Error('sizes must be positive whole numbers of entries');
  }
  return sizes.length > 0 ? sizes : DEFAULT_SIZES;
}

async function main(): Promise<void> {
  const sizes = sizesFromArguments();
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-import-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
  });
  const service = await startService(config, createLogger(config));
  const post = async (query: string, variables: Record<string, unknown> = {}, token?: string) => {
    const response = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data as Record<string, never>;
  };
  const getHealthz = async () => {
    const response = await fetch(`${service.url}/healthz`);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`/healthz answered ${response.status}`);
  };
  try {
    const list = await post('{ interviews(first: 1) { edges { node { slug } } } }');
    const slug = (list.interviews as { edges: { node: { slug: string } }[] }).edges[0].node.slug;
    const reader = `query($slug: String!) { interview(slug: $slug) {
      title speakers { name } answers { position question text speaker { name } questioner { name } } } }`;
    const login = await post(
      'mutation { login(email: "admin@example.com", password: "admin-password") { token } }',
    );
    const token = (login.login as { token: string }).token;
    const importMutation = `mutation($text: String!) { importTranscript(text: $text) { id } }`;
    const count = `query($id: ID!) { _allAnswersMeta(filter: { interview_id: $id }) { count } }`;

    const results: ImportFigures[] = [];
    for (const entries of sizes) {
      const text = largeTranscript({ entries, format: 'DIALOGUE' });
      const probe = async (request: () => Promise<unknown>, into: number[], running: () => boolean) => {
        while (running()) {
          into.push((await timed(request)).ms);
          await sleep(PROBE_PAUSE_MS);
        }
      };
      let importing = true;
      const healthz: number[] = [];
      const reads: number[] = [];
      const probes = Promise.all([
        probe(getHealthz, healthz, () => importing),
        probe(
          () => post(reader, { slug }),
          reads,
          () => importing,
        ),
      ]);
      const run = await timed(() => post(importMutation, { text }, token)).finally(() => {
        importing = false;
      });
      await probes;
      const id = (run.result.importTranscript as { id: string }).id;
      const stored = await post(count, { id }, token);
      const storedEntries = (stored._allAnswersMeta as { count: number }).count;
      if (storedEntries !== entries) throw new Error(`imported ${storedEntries} of ${entries} entries`);
      healthz.sort((a, b) => a - b);
      reads.sort((a, b) => a - b);
      results.push({ entries, bytes: Buffer.byteLength(text), ms: run.ms, healthz, reads });
      process.stderr.write(`imported ${entries} entries in ${fmt(run.ms / 1000, 2)} s\n`);
    }

    const columns = ['entries', 'KB', 'import s', 'entries/s', 'healthz p50/max ms', 'read p50/max ms'];
    const rows = results.map((r) => [
      String(r.entries),
      fmt(r.bytes / 1024, 0),
      fmt(r.ms / 1000, 2),
      fmt(r.entries / (r.ms / 1000), 0),
      `${fmt(percentile(r.healthz, 50))} / ${fmt(percentile(r.healthz, 100))} (n=${r.healthz.length})`,
      `${fmt(percentile(r.reads, 50))} / ${fmt(percentile(r.reads, 100))} (n=${r.reads.length})`,
    ]);
    const widths = columns.map((column, i) => Math.max(column.length, ...rows.map((row) => row[i].length)));
    for (const row of [columns, ...rows]) {
      process.stdout.write(`${row.map((cell, i) => cell.padStart(widths[i])).join('  ')}\n`);
    }
  } finally {
    await service.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
