import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import {
  AnyDoc,
  captureOutput,
  CLI_ENTRY,
  CliEngine,
  exitOf,
  freePort,
  killHard,
  spawnTs,
  startCli,
  withTimeout,
} from './support';

/** The engine's command line: `--port N --dbpath DIR`, one URI line on stdout, clean exit on SIGTERM. */
describe('embedded engine CLI', () => {
  const dirs: string[] = [];
  const children: CliEngine[] = [];

  afterEach(async () => {
    await Promise.all(children.splice(0).map((cli) => killHard(cli.child)));
  });

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  function freshDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'engine-cli-'));
    dirs.push(dir);
    return dir;
  }

  async function spawnCli(dbPath: string, port: number): Promise<CliEngine> {
    const cli = await startCli(dbPath, port);
    children.push(cli);
    return cli;
  }

  async function withClient<T>(uri: string, work: (client: MongoClient) => Promise<T>): Promise<T> {
    const client = await new MongoClient(uri, { serverSelectionTimeoutMS: 5000 }).connect();
    try {
      return await work(client);
    } finally {
      await client.close();
    }
  }

  describe('a running CLI', () => {
    let port: number;
    let dbPath: string;
    let cli: CliEngine;

    beforeAll(async () => {
      port = await freePort();
      dbPath = freshDir();
      cli = await startCli(dbPath, port);
    }, 60000);

    afterAll(async () => {
      await killHard(cli.child);
    });

    it('prints a mongodb:// URI for the requested port that the driver connects to', async () => {
      expect(cli.uri).toMatch(/^mongodb:\/\//);
      expect(cli.uri).toContain(`:${port}`);
      await withClient(cli.uri, async (client) => {
        await expect(client.db('admin').command({ ping: 1 })).resolves.toMatchObject({ ok: 1 });
        const hello = await client.db('admin').command({ hello: 1 });
        expect(hello.isWritablePrimary).toBe(true);
        await client.db('cli').collection<AnyDoc>('kept').insertOne({ _id: 'x', n: 1 });
        expect(await client.db('cli').collection<AnyDoc>('kept').findOne({})).toEqual({ _id: 'x', n: 1 });
      });
    });

    it('exits with code 0 on SIGTERM, having printed exactly one stdout line, and keeps the data', async () => {
      cli.child.kill('SIGTERM');
      const exit = await withTimeout(
        exitOf(cli.child),
        15000,
        `the CLI to exit on SIGTERM:\n${cli.output()}`,
      );
      expect(exit).toEqual({ code: 0, signal: null });
      expect(cli.stdout().trim().split('\n')).toEqual([cli.uri]);

      const restarted = await spawnCli(dbPath, 0);
      await withClient(restarted.uri, async (client) => {
        expect(await client.db('cli').collection<AnyDoc>('kept').find().toArray()).toEqual([
          { _id: 'x', n: 1 },
        ]);
      });
    }, 60000);
  });

  it('refuses a bad --port with a non-zero exit and a message on stderr naming the argument', async () => {
    const child = spawnTs(CLI_ENTRY, ['--port', 'abc', '--dbpath', freshDir()], {});
    const output = captureOutput(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const exit = await withTimeout(
        exitOf(child),
        20000,
        `the CLI to refuse its arguments:\n${output.text()}`,
      );
      expect(exit.code).not.toBe(0);
      expect(exit.code).not.toBeNull();
      expect(stderr).toMatch(/--port/);
      expect(stderr).toContain('abc');
      expect(stdout).toBe('');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }, 30000);
});
