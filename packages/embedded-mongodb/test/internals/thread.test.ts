import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { EmbeddedEngine, EngineLogger, startEmbeddedEngine } from '../../src';
import { nodeFileSystem } from '../../src/storage/files';

function recordingLogger(): EngineLogger & { lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (msg: string) => void lines.push(`${level} ${msg}`);
  return {
    lines,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
}

/** startEmbeddedEngine({ thread: true }): the engine on a worker thread of the calling process. */
describe('engine on a worker thread', () => {
  const dirs: string[] = [];
  const engines: EmbeddedEngine[] = [];

  function freshDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'engine-thread-'));
    dirs.push(dir);
    return dir;
  }

  async function start(dbPath: string, logger?: EngineLogger): Promise<EmbeddedEngine> {
    const engine = await startEmbeddedEngine({ dbPath, thread: true, logger });
    engines.push(engine);
    return engine;
  }

  afterEach(async () => {
    await Promise.all(engines.splice(0).map((engine) => engine.close()));
  });

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the driver, forwards its log lines, and keeps what it stored across a restart', async () => {
    const dbPath = freshDir();
    const logger = recordingLogger();
    const engine = await start(dbPath, logger);
    expect(engine.thread).toBe(true);
    expect(engine.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/\?directConnection=true$/);
    expect(engine.writeState()).toEqual({ writable: true });
    expect(logger.lines).toContainEqual(expect.stringMatching(/^info embedded MongoDB engine listening on/));

    const client = await new MongoClient(engine.uri).connect();
    try {
      await client
        .db('threaded')
        .collection('things')
        .insertMany([{ n: 1 }, { n: 2 }]);
    } finally {
      await client.close();
    }
    await engine.close();
    expect(logger.lines).toContainEqual('info embedded MongoDB engine stopped');

    const again = await start(dbPath);
    const reader = await new MongoClient(again.uri).connect();
    try {
      const stored = await reader
        .db('threaded')
        .collection('things')
        .find({}, { sort: { n: 1 } })
        .toArray();
      expect(stored.map((doc) => doc.n)).toEqual([1, 2]);
    } finally {
      await reader.close();
    }
  });

  it('holds the directory lock for the thread: a second engine on the directory is refused until it closes', async () => {
    const dbPath = freshDir();
    const engine = await start(dbPath);
    await expect(startEmbeddedEngine({ dbPath })).rejects.toThrow(/already in use/);
    await expect(startEmbeddedEngine({ dbPath, thread: true })).rejects.toThrow(/already in use/);
    await engine.close();
    const next = await start(dbPath);
    expect(next.port).toBeGreaterThan(0);
  });

  it('rejects a start on a taken port with the listener error, and releases the directory', async () => {
    const first = await start(freshDir());
    const dbPath = freshDir();
    await expect(startEmbeddedEngine({ dbPath, port: first.port, thread: true })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
    const retried = await start(dbPath);
    expect(retried.port).not.toBe(first.port);
  });

  it('refuses an injected file system, which cannot cross to a thread', async () => {
    await expect(
      startEmbeddedEngine({ dbPath: freshDir(), thread: true, fileSystem: nodeFileSystem }),
    ).rejects.toThrow(/fileSystem/);
  });
});
