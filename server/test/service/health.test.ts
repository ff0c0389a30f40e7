import { startTestService, TestService } from '../../../test/support/service';

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

describe('health when the database is gone', () => {
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
