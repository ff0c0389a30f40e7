import type { CommandStartedEvent } from 'mongodb';
import { createInterview, ok } from '../../../test/support/fixtures';
import {
  startTestService,
  TestService,
  QUIET_BACKGROUND,
  isChangeStreamCommand,
} from '../../../test/support/service';

/**
 * Nested fields are batched per request: the number of database commands for one request does not grow
 * with the number of items. Counted through the driver's command monitoring on the service's own client.
 */
describe('batched nested reads', () => {
  let app: TestService;
  let token: string;
  const commands: string[] = [];

  beforeAll(async () => {
    app = await startTestService(QUIET_BACKGROUND, { mongoClientOptions: { monitorCommands: true } });
    app.service.database.client.on('commandStarted', (event: CommandStartedEvent) => {
      if (!isChangeStreamCommand(event)) commands.push(event.commandName);
    });
    token = await app.login();
  });

  afterAll(async () => {
    await app.stop();
  });

  // As an editor: anonymous callers may not ask for 100 interviews with all their entries (MAX_QUERY_COST).
  async function countCommands(query: string): Promise<number> {
    commands.length = 0;
    await ok(app, query, {}, token);
    return commands.filter((name) => name === 'find' || name === 'aggregate').length;
  }

  const QUERY = `{
    allInterviews(perPage: 100) {
      title
      speakers { name interviews { title } }
      answers { text speaker { name } questioner { name } interview { title } }
    }
  }`;

  it('uses the same number of queries for 2 interviews of 2 entries as for 6 interviews of 8 entries', async () => {
    await createInterview(app, token, { count: 2 });
    await createInterview(app, token, { count: 2 });
    const small = await countCommands(QUERY);

    for (let i = 0; i < 4; i += 1) await createInterview(app, token, { count: 8 });
    const large = await countCommands(QUERY);

    expect(small).toBeGreaterThan(0);
    expect(large).toBe(small);
  }, 60_000);

  it('counts all the interviews of a page only when the query asks for totalCount', async () => {
    await createInterview(app, token, { count: 1 });
    const sent = async (query: string) => {
      commands.length = 0;
      const result = await ok<{ interviews: { totalCount?: number; edges: unknown[] } }>(
        app,
        query,
        {},
        token,
      );
      return { result, commands: [...commands] };
    };
    const withoutCount = await sent('{ interviews(first: 5) { edges { node { title } } } }');
    expect(withoutCount.result.interviews.edges.length).toBeGreaterThan(0);
    expect(withoutCount.commands).not.toContain('aggregate');
    expect(withoutCount.commands).not.toContain('count');

    const withCount = await sent('{ interviews(first: 1) { totalCount edges { node { title } } } }');
    expect(withCount.result.interviews.totalCount).toBeGreaterThanOrEqual(
      withoutCount.result.interviews.edges.length,
    );
    expect(withCount.commands.filter((name) => name === 'aggregate' || name === 'count')).toHaveLength(1);
  });
});
