/**
 * The service over HTTP on the embedded engine, seeded: reader query latency and edit throughput.
 * Run: npm run bench:api  (loopback only; bounded loops; a temporary data directory)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { startService } from '../src/app/start-service';
import { fmt, latencies, percentile, report, timed } from './stats';

const READS = 500;
const EDITS = 200;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-api-'));
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
  try {
    const list = await post('{ interviews(first: 10) { edges { node { slug } } } }');
    const slug = (list.interviews as { edges: { node: { slug: string } }[] }).edges[0].node.slug;
    const reader = `query($slug: String!) { interview(slug: $slug) {
      title speakers { name } answers { position question text speaker { name } questioner { name } } } }`;
    for (const concurrency of [1, 8]) {
      const run = await latencies(READS, concurrency, () => post(reader, { slug }));
      report(
        `reader: one interview with entries and speakers, ${concurrency} in flight`,
        `${fmt(READS / (run.totalMs / 1000), 0)} req/s, p50 ${fmt(percentile(run.durations, 50))} ms, p95 ${fmt(percentile(run.durations, 95))} ms`,
      );
    }

    const login = await post(
      'mutation { login(email: "admin@example.com", password: "admin-password") { token } }',
    );
    const token = (login.login as { token: string }).token;
    const entries = await post(
      `query($slug: String!) { interview(slug: $slug) { answers { id version } } }`,
      { slug },
      token,
    );
    const answers = (entries.interview as { answers: { id: string; version: number }[] }).answers;
    const edit = `mutation($id: ID!, $v: Int!, $t: String!) { updateAnswer(id: $id, version: $v, text: $t) { version } }`;
    // One editor per entry, each saving its own entry in turn: every save is a transaction with a revision.
    const perEditor = Math.ceil(EDITS / answers.length);
    const durations: number[] = [];
    const run = await timed(() =>
      Promise.all(
        answers.map(async (answer) => {
          let version = answer.version;
          for (let k = 0; k < perEditor; k += 1) {
            const save = await timed(() =>
              post(edit, { id: answer.id, v: version, t: `Edited ${k}` }, token),
            );
            version = (save.result.updateAnswer as { version: number }).version;
            durations.push(save.ms);
          }
        }),
      ),
    );
    durations.sort((a, b) => a - b);
    report(
      `updateAnswer (transaction + revision), ${answers.length} editors`,
      `${fmt(durations.length / (run.ms / 1000), 0)} saves/s, p50 ${fmt(percentile(durations, 50))} ms, p95 ${fmt(percentile(durations, 95))} ms`,
    );
  } finally {
    await service.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
