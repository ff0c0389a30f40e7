import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoServerError } from 'mongodb';
import { GraphQLError } from 'graphql';
import { EmbeddedEngine, startEmbeddedEngine } from '@transcripts/embedded-mongodb';
import { isDatabaseUnavailable } from '../../src/graphql/service-unavailable';
import { errorCode, startTestService, TestService } from '../../../test/support/service';

/**
 * The database going away under a running service: GraphQL answers SERVICE_UNAVAILABLE with HTTP 503,
 * quickly, without the database's address. The service runs on an engine of its own, stopped by the test.
 */
describe.each(['development', 'production'])('GraphQL when the database is gone (%s)', (nodeEnv) => {
  let dataDir: string;
  let engine: EmbeddedEngine;
  let app: TestService;
  let token: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'transcripts-unavailable-'));
    engine = await startEmbeddedEngine({ dbPath: dataDir, port: 0 });
    app = await startTestService({
      MONGODB_URI: engine.uri,
      NODE_ENV: nodeEnv,
      JWT_SECRET: 'a-production-secret-for-tests',
    });
    token = await app.login();
    await engine.close();
  });

  afterAll(async () => {
    await app.service.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  function expectUnavailable(result: Awaited<ReturnType<TestService['graphql']>>): void {
    expect(result.status).toBe(503);
    expect(errorCode(result)).toBe('SERVICE_UNAVAILABLE');
    const text = JSON.stringify(result.errors);
    expect(text).not.toContain(String(engine.port));
    expect(text).not.toMatch(/127\.0\.0\.1|localhost|Mongo|topology|ECONNREFUSED/i);
    expect(result.errors?.[0]?.extensions?.stacktrace).toBeUndefined();
  }

  it('answers an anonymous read with 503 SERVICE_UNAVAILABLE within a few seconds', async () => {
    const startedAt = Date.now();
    const result = await app.graphql('{ interview(slug: "any") { id title } }');
    expectUnavailable(result);
    expect(Date.now() - startedAt).toBeLessThan(5000);
  });

  it('answers an authenticated write the same way (the token check needs the database too)', async () => {
    const result = await app.graphql('mutation { createSpeaker(name: "Nobody") { id } }', {}, token);
    expectUnavailable(result);
  });
});

describe('GraphQL after the driver was closed', () => {
  it('answers 503 SERVICE_UNAVAILABLE', async () => {
    const app = await startTestService();
    try {
      await app.service.database.client.close();
      const result = await app.graphql('{ interview(slug: "any") { id } }');
      expect(result.status).toBe(503);
      expect(errorCode(result)).toBe('SERVICE_UNAVAILABLE');
    } finally {
      await app.service.stop();
    }
  });
});

describe('which errors mean the database is unavailable', () => {
  it('counts a server that cannot write (OutOfDiskSpace, 14031) and nothing else of the server', () => {
    expect(isDatabaseUnavailable(new MongoServerError({ code: 14031, errmsg: 'No space left' }))).toBe(true);
    expect(isDatabaseUnavailable(new MongoServerError({ code: 11000, errmsg: 'E11000 duplicate' }))).toBe(
      false,
    );
    expect(isDatabaseUnavailable(new GraphQLError('bad', { extensions: { code: 'BAD_USER_INPUT' } }))).toBe(
      false,
    );
  });
});
