import { getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { startTestService, type TestService } from '../../../test/support/service';

/**
 * The API explorer (GET /graphql) reads the schema with GraphiQL's introspection query, anonymously when
 * nobody is logged in. Introspection's lists are as long as the schema and read no data, so they count once
 * towards the operation's cost, while a data list of the same shape still counts its length.
 */
describe('introspection and the cost limit', () => {
  let app: TestService;

  beforeAll(async () => {
    app = await startTestService({ MAX_QUERY_COST: '2000' });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it.each([
    ['the stock query', {}],
    [
      "GraphiQL's query (descriptions, deprecated arguments, oneOf)",
      { inputValueDeprecation: true, schemaDescription: true, oneOf: true },
    ],
  ])('lets a reader read the whole schema with %s within the anonymous limit', async (_name, options) => {
    const response = await app.graphql<IntrospectionQuery>(getIntrospectionQuery(options));
    expect(response.errors).toBeUndefined();
    const names = response.data!.__schema.types.map((type) => type.name);
    expect(names).toEqual(expect.arrayContaining(['Interview', 'Answer', 'Speaker', 'Query']));
  });

  it('still counts data lists by their length', async () => {
    const response = await app.graphql(
      '{ interviews(first: 1000) { edges { node { answers(first: 1000) { text } } } } }',
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.errors?.[0]?.message).toMatch(/MAX_QUERY_COST/);
  });
});
