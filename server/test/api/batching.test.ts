import type { CommandStartedEvent } from 'mongodb';
import { createInterview, ok } from '../../../test/support/fixtures';
import {
  startTestService,
  TestService,
  QUIET_BACKGROUND,
  isChangeStreamCommand,
} from '../../../test/support/service';

/** The `_id: { $in }` list anywhere in a find's filter. */
function idsAskedFor(filter: unknown): unknown[] | undefined {
  if (Array.isArray(filter)) return filter.map(idsAskedFor).find((ids) => ids !== undefined);
  if (!filter || typeof filter !== 'object') return undefined;
  const { _id: id, ...rest } = filter as Record<string, unknown>;
  const list = (id as { $in?: unknown } | undefined)?.$in;
  return Array.isArray(list) ? list : idsAskedFor(Object.values(rest));
}

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

  it('reads only the page’s entries for an Answers list filtered by q, and counts without the database', async () => {
    const interview = await createInterview(app, token, { count: 8 });
    const LIST = `query($filter: AnswerFilter) {
      allAnswers(filter: $filter, perPage: 3, sortField: "position", sortOrder: "DESC") { position }
      _allAnswersMeta(filter: $filter) { count }
    }`;
    const filter = { q: 'question', interview_id: interview.interviewId };
    const read = () =>
      ok<{ allAnswers: { position: number }[]; _allAnswersMeta: { count: number } }>(
        app,
        LIST,
        { filter },
        token,
      );
    const deadline = Date.now() + 15_000;
    while ((await read())._allAnswersMeta.count < 8 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const sent: CommandStartedEvent[] = [];
    const record = (event: CommandStartedEvent) => {
      if (!isChangeStreamCommand(event)) sent.push(event);
    };
    app.service.database.client.on('commandStarted', record);
    try {
      const result = await read();
      expect(result.allAnswers.map((answer) => answer.position)).toEqual([8, 7, 6]);
      expect(result._allAnswersMeta.count).toBe(8);
    } finally {
      app.service.database.client.off('commandStarted', record);
    }
    const onAnswers = sent.filter((event) => event.command[event.commandName] === 'answers');
    expect(onAnswers.map((event) => event.commandName)).toEqual(['find']);
    expect(idsAskedFor(onAnswers[0].command.filter)).toHaveLength(3);
  });

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
