/**
 * The service on the embedded engine as an archive grows: seed size, 1,000 interviews (~30k entries),
 * 5,000 (~146k). At each size, interleaved in one run: the reader's transcript query over HTTP beside the
 * same reads by the raw driver, the interview list, editor search, updateAnswer with 1, 8 and 32 editors,
 * import rate, subscription delivery to 1,000 sockets, RSS and restart time. Prints a table and writes
 * docs/benchmarks.md with a chart (docs/benchmarks.svg).
 *
 * Run: npm run bench [-- --quick]   (quick: seed and 300 interviews, fewer repetitions)
 */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, freemem, platform, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import 'reflect-metadata';
import { createClient } from 'graphql-ws';
import { Db, MongoClient } from 'mongodb';
import WebSocket from 'ws';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { RunningService, startService } from '../src/app/start-service';
import { Collections } from '../src/db/collections';
import { literalContains } from '../src/shared/text';
import { WORDS as ARCHIVE_WORDS, generator, growArchive, paragraph, sentence } from './archive';
import { rawList, rawTranscript } from './raw-reads';
import { ReaderClient } from './reader-client';
import { fmt, latencies, percentile, timed } from './stats';

const quick = process.argv.includes('--quick');
const TARGET_INTERVIEWS = quick ? [0, 300] : [0, 1000, 5000];
const READS = quick ? 40 : 120;
const SAVES = quick ? 48 : 128;
const IMPORTS = quick ? 5 : 21;
const WARM_UP_READS = 30;
const READER_ROUNDS = quick ? 3 : 5;
const SOCKETS = 1000;
const REPO_ROOT = resolve(__dirname, '../..');

interface SizeResult {
  interviews: number;
  entries: number;
  /** p50 ms per query, GraphQL over HTTP and the raw driver. */
  latency: Record<QueryName, { graphql: number; raw: number; graphqlP95: number; rawP95: number }>;
  readersPerSecond: { one: number; eight: number };
  saves: Record<number, { editors: number; perSecond: number; p50: number; p95: number }>;
  importMs: number;
  importEntriesPerSecond: number;
  deliveryMs: { last: number; p50: number; received: number };
  rssMb: number;
  snapshotMb: number;
  restartMs: number;
}

type QueryName = 'transcript' | 'cached' | 'list' | 'search' | 'ranked';
const QUERY_LABELS: Record<QueryName, string> = {
  transcript: 'transcript read',
  cached: 'transcript read again (reader cache)',
  list: 'interview list',
  search: 'editor search (q)',
  ranked: 'reader search (ranked)',
};

const TRANSCRIPT_QUERY = `query($slug: String!) { interview(slug: $slug) {
  title speakers { name } answers { position question text speaker { name } questioner { name } } } }`;
const LIST_QUERY =
  '{ interviews(first: 20) { edges { node { slug title publishedAt speakers { name } } } } }';
const SEARCH_QUERY = `query($q: String!) { allAnswers(filter: { q: $q }, perPage: 20, page: 0) { id position text } }`;
const RANKED_QUERY = `query($q: String!) { search(query: $q, first: 20) { totalCount hits { score answer { id } snippets { highlighted } } } }`;
const EDIT_MUTATION = `mutation($id: ID!, $v: Int!, $t: String!) { updateAnswer(id: $id, version: $v, text: $t) { version } }`;
const IMPORT_MUTATION = `mutation($text: String!, $options: TranscriptOptions) {
  importTranscript(text: $text, options: $options) { id } }`;

/** A ~30-entry numbered transcript, as editors paste them. */
function transcriptText(entries: number): string {
  const lines = [paragraph(3)];
  for (let number = 1; number <= entries; number++) {
    lines.push(`${number}. ${sentence(14).slice(0, -1)}?`, paragraph(5));
  }
  return lines.join('\n');
}

/** Readers' and editors' requests, sent from a thread of their own (see reader-client.ts). */
const httpClient = new ReaderClient();

/** `fresh`: every request says `Cache-Control: no-cache`, so readers' answers are computed, not cached. */
class Api {
  constructor(
    readonly url: string,
    private readonly token?: string,
    private readonly fresh = false,
  ) {}

  /** The response and the time the client waited for it, measured on the client's thread. */
  async timedPost<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<{ ms: number; data: T }> {
    return this.send<T>(query, variables, true);
  }

  /**
   * The time the client waited for a response that is not read (it must have data and no errors): only that
   * comes back to this thread, which in the benchmarks is the service's own.
   */
  async timed(query: string, variables: Record<string, unknown> = {}): Promise<{ ms: number }> {
    return this.send(query, variables, false);
  }

  private async send<T>(
    query: string,
    variables: Record<string, unknown>,
    wholeBody: boolean,
  ): Promise<{ ms: number; data: T }> {
    const response = await httpClient.post(
      this.url,
      { query, variables },
      this.token,
      this.fresh ? { 'cache-control': 'no-cache' } : undefined,
      { wholeBody },
    );
    const body = response.body as { data?: T; errors?: unknown[] };
    if (body.errors || !body.data) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(body.errors)}`);
    return { ms: response.ms, data: body.data };
  }

  async post<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<T> {
    return (await this.timedPost<T>(query, variables)).data;
  }

  async as(email: string, password: string): Promise<Api> {
    const data = await this.post<{ login: { token: string } }>(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
      { e: email, p: password },
    );
    return new Api(this.url, data.login.token);
  }
}

async function rawSearch(db: ReturnType<MongoClient['db']>, q: string): Promise<number> {
  const pattern = literalContains(q);
  const filter = { $or: [{ question: pattern }, { text: pattern }] };
  // allAnswers' default order (interview, then position), so both sides read the same entries.
  const found = await db
    .collection(Collections.answers)
    .find(filter)
    .sort({ interview_id: 1, position: 1 })
    .limit(20)
    .toArray();
  return found.length;
}

/**
 * Runs the GraphQL and raw versions of a read alternately, so both see the same machine load. GraphQL's
 * time is the client's, from sending the request to the parsed response; the raw driver's, from the call
 * to the documents.
 */
async function interleaved(
  count: number,
  graphql: (i: number) => Promise<{ ms: number }>,
  raw: (i: number) => Promise<unknown>,
): Promise<{ graphql: number[]; raw: number[] }> {
  const graphqlMs: number[] = [];
  const rawMs: number[] = [];
  for (let i = 0; i < count; i++) {
    const first = i % 2 === 0;
    for (const which of first ? ['graphql', 'raw'] : ['raw', 'graphql']) {
      if (which === 'graphql') graphqlMs.push((await graphql(i)).ms);
      else rawMs.push((await timed(() => raw(i))).ms);
    }
  }
  return { graphql: graphqlMs.sort((a, b) => a - b), raw: rawMs.sort((a, b) => a - b) };
}

/**
 * Requests per second with 1 and with 8 transcript reads in flight: rounds of each in turn, so that both see
 * the same machine, and the median round of each (one short run of each moved by ±20% between runs).
 */
async function readersInFlight(
  read: (i: number) => Promise<unknown>,
): Promise<SizeResult['readersPerSecond']> {
  const rates: Record<1 | 8, number[]> = { 1: [], 8: [] };
  for (let round = 0; round < READER_ROUNDS; round++) {
    for (const inFlight of [1, 8] as const) {
      const count = READS * (inFlight === 1 ? 1 : 2);
      const run = await latencies(count, inFlight, (i) => read(round * count + i));
      rates[inFlight].push(count / (run.totalMs / 1000));
    }
  }
  const median = (values: number[]) =>
    percentile(
      [...values].sort((a, b) => a - b),
      50,
    );
  return { one: median(rates[1]), eight: median(rates[8]) };
}

async function saveRate(editor: Api, answers: { id: string; version: number }[], editors: number) {
  const mine = answers.slice(0, Math.min(editors, answers.length));
  const perEditor = Math.max(2, Math.ceil(SAVES / editors));
  const durations: number[] = [];
  const run = await timed(() =>
    Promise.all(
      mine.map(async (answer) => {
        for (let k = 0; k < perEditor; k++) {
          const save = await timed(() =>
            editor.post<{ updateAnswer: { version: number } }>(EDIT_MUTATION, {
              id: answer.id,
              v: answer.version,
              t: `Corrected ${editors}/${k}: ${sentence(12)}`,
            }),
          );
          answer.version = save.result.updateAnswer.version;
          durations.push(save.ms);
        }
      }),
    ),
  );
  durations.sort((a, b) => a - b);
  return {
    editors: mine.length,
    perSecond: durations.length / (run.ms / 1000),
    p50: percentile(durations, 50),
    p95: percentile(durations, 95),
  };
}

/** 1,000 graphql-ws sockets subscribed to contentChanged; one edit; how long until each socket has it. */
async function subscriptionDelivery(
  service: RunningService,
  editor: Api,
  answer: { id: string; version: number },
) {
  const wsUrl = `${service.url.replace(/^http/, 'ws')}/graphql`;
  const received: number[] = [];
  let editDone = 0;
  let resolveAll: () => void = () => undefined;
  const allReceived = new Promise<void>((resolve) => (resolveAll = resolve));
  const clients = Array.from({ length: SOCKETS }, () =>
    createClient({ url: wsUrl, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0, keepAlive: 0 }),
  );
  const marker = `Delivered ${Date.now()}`;
  for (const client of clients) {
    client.subscribe(
      { query: 'subscription { contentChanged { type entity id version } }' },
      {
        next: (result) => {
          const event = result.data?.contentChanged as { id?: string } | undefined;
          if (editDone && event?.id === answer.id) {
            received.push(Date.now() - editDone);
            if (received.length === SOCKETS) resolveAll();
          }
        },
        error: () => undefined,
        complete: () => undefined,
      },
    );
  }
  // Wait until the service counts every subscriber, then edit once.
  const started = Date.now();
  while (Date.now() - started < 60_000) {
    if (service.services.contentChanges.stats().subscribers >= SOCKETS) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  editDone = Date.now();
  const saved = await editor.post<{ updateAnswer: { version: number } }>(EDIT_MUTATION, {
    id: answer.id,
    v: answer.version,
    t: marker,
  });
  answer.version = saved.updateAnswer.version;
  await Promise.race([allReceived, new Promise((resolve) => setTimeout(resolve, 20_000))]);
  await Promise.all(clients.map((client) => client.dispose()));
  received.sort((a, b) => a - b);
  return {
    last: received[received.length - 1] ?? NaN,
    p50: percentile(received, 50),
    received: received.length,
  };
}

/** The share of a second the service's thread may be busy and count as idle (timers, the feeds' waits). */
const MAX_SETTLED_UTILIZATION = 0.05;

/**
 * Waits until the search index is built and has taken in the archive just grown (its change feed indexes new
 * entries on the service's thread): measured is a service that has settled, not one still indexing thousands of
 * entries written a moment ago.
 */
async function settled(service: RunningService, db: Db): Promise<void> {
  const began = Date.now();
  await service.services.search.start();
  // Every entry, interview and speaker is a record of the index; a pause in its growth is not enough (one
  // batch of the change feed can take longer than any pause worth waiting for).
  const expected = (
    await Promise.all(
      [Collections.answers, Collections.interviews, Collections.speakers].map((name) =>
        db.collection(name).countDocuments(),
      ),
    )
  ).reduce((sum, count) => sum + count, 0);
  const deadline = Date.now() + 300_000;
  while (service.services.search.indexedCount < expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const count = service.services.search.indexedCount;
  if (count < expected) throw new Error(`the search index holds ${count} of ${expected} records after 5 min`);
  progress(
    `search index settled at ${count.toLocaleString('en')} records in ${fmt((Date.now() - began) / 1000)} s`,
  );
  // Then until the service's thread is idle: live updates and the reader cache follow every change written too,
  // and may still be taking in the archive's changes.
  const idleSince = Date.now();
  let window = performance.eventLoopUtilization();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const busy = performance.eventLoopUtilization(window).utilization;
    if (busy < MAX_SETTLED_UTILIZATION || Date.now() - idleSince > 120_000) {
      progress(
        `service idle (${Math.round(busy * 100)}% busy) after ${fmt((Date.now() - idleSince) / 1000)} s more`,
      );
      return;
    }
    window = performance.eventLoopUtilization();
  }
}

function directorySizeMb(directory: string): number {
  let bytes = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    bytes += entry.isDirectory() ? directorySizeMb(path) * 1024 * 1024 : statSync(path).size;
  }
  return bytes / 1024 / 1024;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-'));
  const env = {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'error',
    NODE_ENV: 'test',
    SEED_ON_START: 'true',
    WS_MAX_SOCKETS_PER_ADDRESS: String(SOCKETS + 10),
  };
  const config = loadConfig(env);
  const logger = createLogger(config);
  let service = await startService(config, logger);
  const results: SizeResult[] = [];
  const began = Date.now();
  let raw = await new MongoClient(service.database.uri).connect();
  try {
    let grown = 0;
    for (const target of TARGET_INTERVIEWS) {
      if (target > grown) {
        const growth = await timed(() => growArchive(raw.db(config.databaseName), grown, target));
        progress(`grew to ${target} generated interviews in ${fmt(growth.ms / 1000)} s`);
        grown = target;
      }
      const db = raw.db(config.databaseName);
      const interviews = await db.collection(Collections.interviews).countDocuments();
      const entries = await db.collection(Collections.answers).countDocuments();
      const published = (
        await db
          .collection(Collections.interviews)
          .find({ status: 'PUBLISHED' }, { projection: { slug: 1 } })
          .toArray()
      ).map((doc) => String(doc.slug));
      const slugAt = (i: number) => published[Math.floor(generator(i + 1)() * published.length)];

      await settled(service, db);
      // Readers' answers computed afresh (no-cache), except where the reader cache itself is measured.
      const reader = new Api(service.url, undefined, true);
      const cachedReader = new Api(service.url);
      const editor = await reader.as(config.adminEmail, config.adminPassword);
      // Requests each way first, so that connections are open and both paths' code is compiled (V8 optimises a
      // function after many calls, and the GraphQL path runs far more of it) before timing: a service that has
      // been running. The first size is measured right after the start, where one request left it cold.
      for (let i = 0; i < WARM_UP_READS; i++) {
        await reader.post(TRANSCRIPT_QUERY, { slug: slugAt(READS + i) });
        await rawTranscript(db, slugAt(READS + i));
      }

      const transcript = await interleaved(
        READS,
        (i) => reader.timed(TRANSCRIPT_QUERY, { slug: slugAt(i) }),
        (i) => rawTranscript(db, slugAt(i)),
      );
      // The same interviews read again: answered from the reader cache (nothing was written meanwhile).
      for (let i = 0; i < READS; i++) await cachedReader.post(TRANSCRIPT_QUERY, { slug: slugAt(i) });
      const cached = await interleaved(
        READS,
        (i) => cachedReader.timed(TRANSCRIPT_QUERY, { slug: slugAt(i) }),
        (i) => rawTranscript(db, slugAt(i)),
      );
      const list = await interleaved(
        Math.ceil(READS / 2),
        () => reader.timed(LIST_QUERY),
        () => rawList(db),
      );
      const terms = ['liquidity', 'custody', 'settlement', 'stablecoin', 'audit'];
      // Each editor search asks a word not asked before at this size, so none is answered from the matches the
      // service keeps for a list's next page.
      const searchWord = (i: number) => ARCHIVE_WORDS[i % ARCHIVE_WORDS.length];
      const search = await interleaved(
        Math.ceil(READS / 4),
        (i) => editor.timed(SEARCH_QUERY, { q: searchWord(i) }),
        (i) => rawSearch(db, searchWord(i)),
      );
      const ranked = await interleaved(
        Math.ceil(READS / 4),
        (i) =>
          reader.timed(RANKED_QUERY, {
            q: `${terms[i % terms.length]} ${terms[(i + 1) % terms.length]}`,
          }),
        (i) => rawSearch(db, terms[i % terms.length]),
      );
      const readersPerSecond = await readersInFlight((i) =>
        reader.timed(TRANSCRIPT_QUERY, { slug: slugAt(i) }),
      );

      // Editors each correct an entry of their own; the seed archive has only 23 entries, so 23 editors there.
      const editable = (
        await db
          .collection(Collections.answers)
          .find({})
          .sort({ _id: 1 })
          .limit(32)
          .project({ _id: 1, version: 1 })
          .toArray()
      ).map((doc) => ({ id: String(doc._id), version: Number(doc.version) }));
      const saves: SizeResult['saves'] = {};
      for (const editors of [1, 8, 32]) saves[editors] = await saveRate(editor, editable, editors);

      const importTimes: number[] = [];
      for (let i = 0; i < IMPORTS; i++) {
        const imported = await timed(() =>
          editor.post(IMPORT_MUTATION, {
            text: transcriptText(30),
            options: {
              title: `Imported ${target}-${i} ${Date.now()}`,
              interviewer: 'Colin Wu',
              interviewee: 'Guest',
            },
          }),
        );
        importTimes.push(imported.ms);
      }
      // The median, as for every other time here: one import that meets a snapshot or a collection does not
      // stand for the rate.
      const importMs = percentile(
        importTimes.sort((a, b) => a - b),
        50,
      );

      const delivery = await subscriptionDelivery(service, editor, editable[0]);
      const rssMb = process.memoryUsage().rss / 1024 / 1024;

      // Restart: the service stops (the engine writes its snapshot) and starts again on the same data.
      await raw.close();
      await service.stop();
      const snapshotMb = directorySizeMb(dataDir);
      const restart = await timed(() => startService(config, logger));
      service = restart.result;
      raw = await new MongoClient(service.database.uri).connect();

      const result: SizeResult = {
        interviews,
        entries,
        latency: {
          transcript: summary(transcript),
          cached: summary(cached),
          list: summary(list),
          search: summary(search),
          ranked: summary(ranked),
        },
        readersPerSecond,
        saves,
        importMs,
        importEntriesPerSecond: 30 / (importMs / 1000),
        deliveryMs: delivery,
        rssMb,
        snapshotMb,
        restartMs: restart.ms,
      };
      results.push(result);
      progress(`${interviews} interviews / ${entries} entries measured`);
      printTable(results);
      // Written after every size, so a run cut short still leaves what it measured.
      writeReport(results, (Date.now() - began) / 1000);
    }
  } finally {
    await raw.close().catch(() => undefined);
    await service.stop();
    // Its thread's message port would keep the process alive after the run.
    await httpClient.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function summary(run: { graphql: number[]; raw: number[] }) {
  return {
    graphql: percentile(run.graphql, 50),
    raw: percentile(run.raw, 50),
    graphqlP95: percentile(run.graphql, 95),
    rawP95: percentile(run.raw, 95),
  };
}

function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

function tableRows(results: SizeResult[]): string[] {
  const header = [
    'interviews / entries',
    'transcript GraphQL p50',
    'raw p50',
    'GraphQL ÷ raw',
    'read again, cached (÷ raw)',
    'list GraphQL / raw',
    'search GraphQL / raw',
    'ranked search (2 words) / raw',
    '1 → 8 readers (req/s)',
    'updateAnswer saves/s (1 / 8 / 32 editors)',
    'import (30 entries)',
    '1,000 sockets: last delivery',
    'RSS',
    'data on disk',
    'restart',
  ];
  const rows = results.map((r) => [
    `${r.interviews.toLocaleString('en')} / ${r.entries.toLocaleString('en')}`,
    `${fmt(r.latency.transcript.graphql)} ms`,
    `${fmt(r.latency.transcript.raw)} ms`,
    fmt(r.latency.transcript.graphql / r.latency.transcript.raw, 2),
    `${fmt(r.latency.cached.graphql)} ms (${fmt(r.latency.cached.graphql / r.latency.cached.raw, 2)})`,
    `${fmt(r.latency.list.graphql)} / ${fmt(r.latency.list.raw)} ms (${fmt(r.latency.list.graphql / r.latency.list.raw, 2)})`,
    `${fmt(r.latency.search.graphql)} / ${fmt(r.latency.search.raw)} ms (${fmt(r.latency.search.graphql / r.latency.search.raw, 2)})`,
    `${fmt(r.latency.ranked.graphql)} / ${fmt(r.latency.ranked.raw)} ms`,
    `${fmt(r.readersPerSecond.one, 0)} → ${fmt(r.readersPerSecond.eight, 0)} (×${fmt(r.readersPerSecond.eight / r.readersPerSecond.one, 2)})`,
    [1, 8, 32].map((n) => fmt(r.saves[n].perSecond, 0)).join(' / ') +
      ` (p50 at 32: ${fmt(r.saves[32].p50)} ms)`,
    `${fmt(r.importMs)} ms (${fmt(r.importEntriesPerSecond, 0)} entries/s)`,
    `${fmt(r.deliveryMs.last)} ms (${r.deliveryMs.received}/${SOCKETS} received)`,
    `${fmt(r.rssMb, 0)} MB`,
    `${fmt(r.snapshotMb, 1)} MB`,
    `${fmt(r.restartMs / 1000, 2)} s`,
  ]);
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`);
}

function printTable(results: SizeResult[]): void {
  process.stdout.write(`\n${tableRows(results).join('\n')}\n\n`);
}

/** Latency (p50) against archive size, one panel per query, GraphQL beside the raw driver. */
function chartSvg(results: SizeResult[]): string {
  const queries: QueryName[] = ['transcript', 'cached', 'list', 'search'];
  const panelWidth = 300;
  const panelHeight = 220;
  const margin = { left: 50, right: 15, top: 30, bottom: 40 };
  const parts: string[] = [];
  queries.forEach((query, panel) => {
    const x0 = panel * (panelWidth + 20);
    const values = results.flatMap((r) => [r.latency[query].graphql, r.latency[query].raw]);
    const maxY = niceCeiling(Math.max(...values, 1));
    const maxX = Math.max(...results.map((r) => r.entries), 1);
    const plotW = panelWidth - margin.left - margin.right;
    const plotH = panelHeight - margin.top - margin.bottom;
    const px = (entries: number) => x0 + margin.left + (entries / maxX) * plotW;
    const py = (ms: number) => margin.top + plotH - (ms / maxY) * plotH;
    parts.push(
      `<text x="${x0 + panelWidth / 2}" y="18" text-anchor="middle" font-weight="bold">${QUERY_LABELS[query]} (p50)</text>`,
      `<line x1="${px(0)}" y1="${py(0)}" x2="${px(maxX)}" y2="${py(0)}" stroke="#444"/>`,
      `<line x1="${px(0)}" y1="${py(0)}" x2="${px(0)}" y2="${py(maxY)}" stroke="#444"/>`,
    );
    for (const tick of [0, 0.5, 1]) {
      parts.push(
        `<text x="${px(0) - 4}" y="${py(maxY * tick) + 4}" text-anchor="end" font-size="10">${fmt(maxY * tick, maxY < 10 ? 1 : 0)} ms</text>`,
      );
    }
    for (const r of results) {
      parts.push(
        `<text x="${px(r.entries)}" y="${py(0) + 14}" text-anchor="middle" font-size="10">${Math.round(r.entries / 1000)}k</text>`,
      );
    }
    parts.push(
      `<text x="${x0 + margin.left + plotW / 2}" y="${panelHeight - 6}" text-anchor="middle" font-size="10">entries stored</text>`,
    );
    for (const [series, colour] of [
      ['graphql', '#d1495b'],
      ['raw', '#2e86ab'],
    ] as const) {
      const points = results
        .map((r) => `${fmt(px(r.entries))},${fmt(py(r.latency[query][series]))}`)
        .join(' ');
      parts.push(`<polyline points="${points}" fill="none" stroke="${colour}" stroke-width="2"/>`);
      for (const r of results) {
        parts.push(
          `<circle cx="${fmt(px(r.entries))}" cy="${fmt(py(r.latency[query][series]))}" r="3" fill="${colour}"/>`,
        );
      }
    }
  });
  const width = queries.length * (panelWidth + 20);
  parts.push(
    `<rect x="10" y="${panelHeight + 2}" width="12" height="4" fill="#d1495b"/><text x="26" y="${panelHeight + 8}" font-size="11">GraphQL over HTTP</text>`,
    `<rect x="150" y="${panelHeight + 2}" width="12" height="4" fill="#2e86ab"/><text x="166" y="${panelHeight + 8}" font-size="11">raw driver, same reads</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${panelHeight + 16}" font-family="sans-serif" font-size="12">\n<rect width="100%" height="100%" fill="white"/>\n${parts.join('\n')}\n</svg>\n`;
}

function niceCeiling(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (value <= step * magnitude) return step * magnitude;
  return 10 * magnitude;
}

function writeReport(results: SizeResult[], seconds: number): void {
  const cpu = cpus();
  const machine = `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${fmt(totalmem() / 1024 ** 3)} GiB RAM (${fmt(freemem() / 1024 ** 3)} GiB free at the end), ${platform()} ${release()}, Node ${process.version}`;
  const markdown = `# Benchmarks

Produced by \`npm run bench${quick ? ' -- --quick' : ''}\` (server/bench/bench.ts) on ${new Date().toISOString().slice(0, 10)}, in ${fmt(seconds, 0)} s.
Machine: ${machine}.

## Method

One process starts the real service (\`startService\`, the embedded engine as \`npm start\` runs it) on an empty
data directory with the seed interviews, then grows the archive through the sizes below by writing realistic
documents straight through the driver (\`insertMany\`, in the shapes of the models: interviews of 20–38 entries
with ~600-character answers, their speakers and one import revision per document, as an import stores them:
each interview keeps its source text, each revision the content it recorded). At each size, in one run:

- **transcript read**: the reader's \`interview(slug) { speakers answers { speaker questioner } }\` query over
  HTTP, and the same reads by the raw driver (the interview by slug without its source text, as the service
  reads it, its entries by \`interview_id\` in
  position order, their speakers by \`$in\`), ${READS} of each, **alternating** so both see the same load;
  random published interviews, after ${WARM_UP_READS} unmeasured reads each way (open connections, compiled
  code). GraphQL ÷ raw is the ratio of the two medians. Every GraphQL read here and below says
  \`Cache-Control: no-cache\`: the service computes its answer instead of taking it from the reader cache.
- **transcript read again**: the same ${READS} interviews read once more as a reader (no \`no-cache\`) after one
  unmeasured pass, so each answer comes from the reader cache, beside the same raw reads. HTTP requests come from a client on a thread of its own
  (Node's \`http\` with keep-alive and \`accept-encoding: gzip\`, as a browser sends), as readers are other
  machines: its work does not run on the service's event loop (of a timed read's answer only its errors come
  back to the service's thread), and a request's time is the client's, from
  sending it to the parsed (decompressed) response. The raw driver runs where the
  service's driver runs (the service's main thread, the engine on its worker thread).
- **interview list**: \`interviews(first: 20)\` with speakers, beside \`find({status}).sort({publishedAt})\` + speakers.
- **editor search**: \`allAnswers(filter: { q }, perPage: 20)\` (an editor's token), beside a case-insensitive
  regex find in the same order (\`interview_id\`, \`position\`), first 20. Not the same reads: the service resolves
  \`q\` through its search index to every matching entry (the 5,000 best at most), orders and pages them over the
  index's records and reads the page's 20 entries by \`_id\`, while the regex find stops at the 20th match. Each
  search asks a word of the generated text not asked before at that size (none is answered from the matches kept for
  a list's next page), and that text has a small vocabulary, so each word matches a large share of all entries — the
  worst case for the service's way.
- **reader search**: \`search(query, first: 20)\` with snippets (anonymous), two of those words at a time;
  beside the same regex find of the first word (not the same work: the raw find is unranked).
- **readers in flight**: the transcript query (computed afresh) with 1 and with 8 requests in flight (requests per
  second): ${READER_ROUNDS} rounds of each in turn (${READS} requests with 1 in flight, ${READS * 2} with 8), the median round of each.
- **updateAnswer**: 1, 8 and 32 editors each saving their own entry in turn (a transaction with a revision each).
- **import**: \`importTranscript\` of a 30-entry numbered transcript, ${IMPORTS} in a row (the median import).
- **subscription delivery**: ${SOCKETS} graphql-ws sockets subscribed to \`contentChanged\`; one edit; the time
  from sending the mutation until the last socket has the event.
- Before each size is measured, the service's search index is built and has taken in the documents just written
  (it holds a record for every entry, interview and speaker), and then the service's thread has been idle for a
  second (under ${MAX_SETTLED_UTILIZATION * 100}% busy: its change feeds have taken in every change): the figures are of a service that has settled.
- **RSS** of the process (service and engine together) before the restart; **data on disk** after a clean stop;
  **restart**: \`startService\` on the same data until it listens.

Medians (p50) unless stated; every figure comes from the same run. The machine is shared, so absolute figures
move between runs; the ratios are what to compare.

## Results

${tableRows(results).join('\n')}

![p50 latency against archive size, GraphQL beside the raw driver](benchmarks.svg)

p95 (GraphQL / raw, ms): ${results
    .map(
      (r) =>
        `${r.entries.toLocaleString('en')} entries — transcript ${fmt(r.latency.transcript.graphqlP95)} / ${fmt(r.latency.transcript.rawP95)}, list ${fmt(r.latency.list.graphqlP95)} / ${fmt(r.latency.list.rawP95)}, search ${fmt(r.latency.search.graphqlP95)} / ${fmt(r.latency.search.rawP95)}`,
    )
    .join('; ')}.
`;
  writeFileSync(join(REPO_ROOT, 'docs/benchmarks.md'), markdown);
  writeFileSync(join(REPO_ROOT, 'docs/benchmarks.svg'), chartSvg(results));
  progress('wrote docs/benchmarks.md and docs/benchmarks.svg');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
