import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedEngine } from '@transcripts/embedded-mongodb';
import { startTestService, TestService } from '../../../test/support/service';
import { canMountTmpfs, mountTmpfs } from '../../../test/support/tmpfs';

describe('service health and GraphQL endpoint', () => {
  let app: TestService;

  beforeAll(async () => {
    app = await startTestService();
  });

  afterAll(async () => {
    await app.stop();
  });

  it('answers /healthz with 200 and the kind of database while it answers', async () => {
    const response = await fetch(`${app.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', db: app.service.database.kind });
  });

  it('answers a GraphQL query over HTTP', async () => {
    const result = await app.graphql('{ __typename }');
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ __typename: 'Query' });
  });

  it('creates every collection with the indexes the models rely on', async () => {
    const db = app.service.database.db;
    const names = (await db.listCollections().toArray()).map((c) => c.name).sort();
    expect(names).toEqual(
      expect.arrayContaining(['answers', 'interviews', 'revisions', 'speakers', 'users']),
    );
    const answerIndexes = await db.collection('answers').listIndexes().toArray();
    expect(answerIndexes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: { interview_id: 1, position: 1 }, unique: true }),
      ]),
    );
    const slugIndex = (await db.collection('interviews').listIndexes().toArray()).find(
      (i) => i.name === 'slug_unique',
    );
    expect(slugIndex?.unique).toBe(true);
  });
});

async function healthz(url: string): Promise<{ status: number; body: unknown; ms: number }> {
  const started = Date.now();
  const response = await fetch(`${url}/healthz`);
  return { status: response.status, body: await response.json(), ms: Date.now() - started };
}

describe('health when the database is gone', () => {
  it('answers 503 with a reason within 2 s of the database server going away', async () => {
    // A database server of its own to stop (an embedded engine, whatever the run's server is).
    const dbPath = mkdtempSync(join(tmpdir(), 'health-engine-'));
    const engine = await startEmbeddedEngine({ dbPath });
    const app = await startTestService({ MONGODB_URI: engine.uri });
    try {
      expect((await healthz(app.url)).status).toBe(200);
      await engine.close();
      const gone = await healthz(app.url);
      expect(gone.status).toBe(503);
      expect(gone.body).toEqual({ status: 'unavailable', db: 'mongodb', reason: expect.any(String) });
      expect(gone.ms).toBeLessThan(2000);
    } finally {
      await app.service.stop();
      rmSync(dbPath, { recursive: true, force: true });
    }
  });

  it('answers 503 once the database connection is closed', async () => {
    const app = await startTestService();
    try {
      await app.service.database.client.close();
      const response = await fetch(`${app.url}/healthz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: 'unavailable' });
    } finally {
      await app.service.stop();
    }
  });
});

(canMountTmpfs ? describe : describe.skip)(
  'health when the disk is full (embedded engine on a 2 MB tmpfs)',
  () => {
    it('answers 503 with the reason while writes fail, and 200 again once space is freed, without a restart', async () => {
      const disk = mountTmpfs('2m');
      const ballast = join(disk.path, 'ballast');
      writeFileSync(ballast, Buffer.alloc(1024 * 1024));
      const app = await startTestService({ MONGODB_URI: '', DATA_DIR: disk.path });
      try {
        expect(await healthz(app.url)).toMatchObject({ status: 200, body: { status: 'ok', db: 'embedded' } });
        const notes = app.service.database.db.collection<{ _id: number; text: string }>('notes');
        let refusal: unknown;
        for (let id = 0; refusal === undefined && id < 200; id++) {
          refusal = await notes.insertOne({ _id: id, text: 'x'.repeat(50_000) }).then(
            () => undefined,
            (error: unknown) => error,
          );
        }
        expect(refusal).toMatchObject({ code: 14031, codeName: 'OutOfDiskSpace' });
        expect(await healthz(app.url)).toMatchObject({
          status: 503,
          body: { status: 'unavailable', db: 'embedded', reason: expect.stringMatching(/disk full/) },
        });

        rmSync(ballast);
        const deadline = Date.now() + 5000;
        while ((await healthz(app.url)).status !== 200 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(await healthz(app.url)).toMatchObject({ status: 200, body: { status: 'ok', db: 'embedded' } });
        await notes.insertOne({ _id: 1000, text: 'after space was freed' });
      } finally {
        await app.stop();
        disk.unmount();
      }
    });
  },
);
