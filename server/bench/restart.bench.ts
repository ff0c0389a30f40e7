/**
 * The service's restart at a given archive size: how long startService takes on existing data until it
 * listens, in a fresh Node process each time (as a real restart is), with its CPU time (every thread of
 * the process: the engine's worker thread included) and RSS.
 *
 * The archive (the seeds, then `--size` generated interviews of ~29 entries, as `npm run bench` grows it)
 * is built once into `--dir` and kept there, so later runs (and other versions of the code) restart on the
 * same data. Once it listens, a reader's transcript query is timed at once (an index the engine has not
 * built yet is built for it), and again (median of 5) 15 s later, once the service's background work after
 * a start is done (search index, the engine's index builds), with the RSS then.
 * Each restart stops the service cleanly afterwards, as an operator's restart would.
 *
 * Run: npm run bench:restart -w server -- --size 5000 [--dir /tmp/restart-5000] [--runs 3] [--profile DIR]
 *   --profile DIR: each restart also writes V8 CPU profiles (main thread and the engine's thread) to DIR.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import 'reflect-metadata';

interface RestartResult {
  /** Process start until the service's modules are loaded. */
  modulesMs: number;
  /** startService until it listens. */
  startMs: number;
  /** CPU time of the whole process (all threads) from its start until it listens. */
  cpuMs: number;
  /** CPU time spent inside startService (all threads). */
  startCpuMs: number;
  rssMb: number;
  /** When it listened, on the monotonic clock CPU profiles use (µs): to cut a profile there. */
  listenedAtUs: number;
  /** A reader's transcript query sent as soon as it listens (indexes it needs may be built for it). */
  firstReadMs: number;
  /** The same query later, once the background work after a start (search index, index builds) is done: median of 5. */
  warmReadMs: number;
  /** RSS once the indexes are built. */
  warmRssMb: number;
}

const TRANSCRIPT_QUERY = `query($slug: String!) { interview(slug: $slug) {
  title speakers { name } answers { position question text speaker { name } questioner { name } } } }`;
/**
 * Long enough for the background work after a start to end at 146k entries: the search index (built once
 * the service listens) and the engine's index builds (from 2 s after it listens).
 */
const WARM_UP_WAIT_MS = 15_000;

async function timedTranscriptRead(url: string, slug: string): Promise<number> {
  const began = performance.now();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: TRANSCRIPT_QUERY, variables: { slug } }),
  });
  const body = (await response.json()) as { data?: { interview: { answers: unknown[] } | null } };
  if (!body.data?.interview?.answers.length)
    throw new Error(`no transcript ${slug}: ${JSON.stringify(body)}`);
  return performance.now() - began;
}

const RESULT_PREFIX = 'restart-result ';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function serviceEnv(dataDir: string): Record<string, string> {
  return { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'error', SEED_ON_START: 'true' };
}

/** In the child: load the service, start it on the data, read a transcript, report, stop. */
async function restartOnce(dataDir: string, slug: string): Promise<void> {
  const { loadConfig } = await import('../src/config');
  const { createLogger } = await import('../src/logger');
  const { startService } = await import('../src/app/start-service');
  const modulesMs = performance.now();
  const config = loadConfig(serviceEnv(dataDir));
  const logger = createLogger(config);
  const cpuBefore = process.cpuUsage();
  const began = performance.now();
  const service = await startService(config, logger);
  const startMs = performance.now() - began;
  const listenedAtUs = Number(process.hrtime.bigint() / 1000n);
  const cpu = process.cpuUsage();
  const startCpu = process.cpuUsage(cpuBefore);
  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  const firstReadMs = await timedTranscriptRead(service.url, slug);
  await new Promise((resolve) => setTimeout(resolve, WARM_UP_WAIT_MS));
  const warmReads: number[] = [];
  for (let i = 0; i < 5; i++) warmReads.push(await timedTranscriptRead(service.url, slug));
  const warmReadMs = median(warmReads);
  const result: RestartResult = {
    modulesMs,
    startMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    startCpuMs: (startCpu.user + startCpu.system) / 1000,
    rssMb,
    listenedAtUs,
    firstReadMs,
    warmReadMs,
    warmRssMb: process.memoryUsage().rss / 1024 / 1024,
  };
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
  await service.stop();
}

/** Seeds and grows the archive in `dataDir` to `size` generated interviews, then stops cleanly. */
async function build(dataDir: string, size: number): Promise<void> {
  const { MongoClient } = await import('mongodb');
  const { loadConfig } = await import('../src/config');
  const { createLogger } = await import('../src/logger');
  const { startService } = await import('../src/app/start-service');
  const { growArchive } = await import('./archive');
  const config = loadConfig(serviceEnv(dataDir));
  const service = await startService(config, createLogger(config));
  const raw = await new MongoClient(service.database.uri).connect();
  try {
    const began = performance.now();
    await growArchive(raw.db(config.databaseName), 0, size);
    process.stdout.write(
      `built ${size} interviews in ${((performance.now() - began) / 1000).toFixed(1)} s\n`,
    );
  } finally {
    await raw.close();
    await service.stop();
  }
}

function runChild(dataDir: string, slug: string, profileDir: string | undefined): Promise<RestartResult> {
  const nodeArgs = ['-r', '@swc-node/register'];
  if (profileDir) nodeArgs.push('--cpu-prof', '--cpu-prof-dir', profileDir);
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...nodeArgs, __filename, '--child', '--dir', dataDir, '--slug', slug],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = output.split('\n').find((text) => text.startsWith(RESULT_PREFIX));
      if (code !== 0 || !line) reject(new Error(`restart exited with ${code}: ${output}`));
      else resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as RestartResult);
    });
  });
}

function directoryMb(directory: string): number {
  let bytes = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    bytes += entry.isDirectory() ? directoryMb(path) * 1024 * 1024 : statSync(path).size;
  }
  return bytes / 1024 / 1024;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms: number) => (ms / 1000).toFixed(2);

async function main(): Promise<void> {
  const dataDir = option('dir');
  if (process.argv.includes('--child')) {
    if (!dataDir) throw new Error('--child needs --dir');
    await restartOnce(dataDir, option('slug') ?? 'interview-0');
    return;
  }
  const size = Number(option('size') ?? 5000);
  const runs = Number(option('runs') ?? 3);
  const profileDir = option('profile');
  const dir = dataDir ?? join(tmpdir(), `restart-bench-${size}`);
  const builtMarker = join(dir, `built-${size}`);
  if (!existsSync(builtMarker)) {
    await build(dir, size);
    writeFileSync(builtMarker, new Date().toISOString());
  }
  process.stdout.write(`data: ${dir} (${directoryMb(join(dir, 'db')).toFixed(0)} MB)\n`);
  const results: RestartResult[] = [];
  for (let run = 0; run < runs; run++) {
    const result = await runChild(dir, `interview-${Math.floor(size / 2)}`, profileDir);
    results.push(result);
    process.stdout.write(
      `restart ${run + 1}: startService ${seconds(result.startMs)} s (CPU ${seconds(result.startCpuMs)} s), ` +
        `modules ${seconds(result.modulesMs)} s, process CPU ${seconds(result.cpuMs)} s, ` +
        `RSS ${result.rssMb.toFixed(0)} MB; first transcript read ${result.firstReadMs.toFixed(0)} ms, ` +
        `15 s later ${result.warmReadMs.toFixed(0)} ms, RSS ${result.warmRssMb.toFixed(0)} MB` +
        `${profileDir ? `, listened at ${result.listenedAtUs} µs` : ''}\n`,
    );
  }
  const pick = (key: keyof RestartResult) => results.map((result) => result[key]);
  const range = (values: number[]) =>
    `${seconds(median(values))} s (${seconds(Math.min(...values))}–${seconds(Math.max(...values))})`;
  process.stdout.write(
    `median of ${runs}: startService ${range(pick('startMs'))}, its CPU ${range(pick('startCpuMs'))}, ` +
      `process CPU to listening ${range(pick('cpuMs'))}, RSS ${median(pick('rssMb')).toFixed(0)} MB, ` +
      `first read ${median(pick('firstReadMs')).toFixed(0)} ms, 15 s later ${median(pick('warmReadMs')).toFixed(0)} ms, ` +
      `RSS then ${median(pick('warmRssMb')).toFixed(0)} MB\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
