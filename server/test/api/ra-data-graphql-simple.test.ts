import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client/core';
import buildGraphQLProvider from 'ra-data-graphql-simple';
import type { DataProvider } from 'ra-core';
import { createInterview, entriesOf, InterviewFixture } from '../../../test/support/fixtures';
import { startTestService, TestService } from '../../../test/support/service';

/** The stock react-admin GraphQL provider, unmodified, against the running service. */
describe('the ra-data-graphql-simple data provider', () => {
  let app: TestService;
  let token: string;
  let provider: DataProvider;
  let fixture: InterviewFixture;

  beforeAll(async () => {
    app = await startTestService();
    token = await app.login();
    fixture = await createInterview(app, token, { count: 5 });
    await createInterview(app, token, { count: 1 });
    const client = new ApolloClient({
      link: new HttpLink({ uri: `${app.url}/graphql`, headers: { authorization: `Bearer ${token}` }, fetch }),
      cache: new InMemoryCache(),
      defaultOptions: { query: { fetchPolicy: 'no-cache' }, watchQuery: { fetchPolicy: 'no-cache' } },
    });
    provider = await buildGraphQLProvider({ client });
  }, 60_000);

  afterAll(async () => {
    await app.stop();
  });

  it('getList sorts and paginates (page numbers start at 1 in react-admin)', async () => {
    const firstPage = await provider.getList('Speaker', {
      pagination: { page: 1, perPage: 3 },
      sort: { field: 'name', order: 'DESC' },
      filter: {},
    });
    const secondPage = await provider.getList('Speaker', {
      pagination: { page: 2, perPage: 3 },
      sort: { field: 'name', order: 'DESC' },
      filter: {},
    });
    expect(firstPage.total).toBe(4);
    const names = [...firstPage.data, ...secondPage.data].map((s) => s.name as string);
    expect(names).toHaveLength(4);
    expect([...names].sort().reverse()).toEqual(names);
  });

  it('getList filters with q', async () => {
    const result = await provider.getList('Speaker', {
      pagination: { page: 1, perPage: 10 },
      sort: { field: 'name', order: 'ASC' },
      filter: { q: 'Guest' },
    });
    expect(result.total).toBe(2);
    expect(result.data.every((s) => String(s.name).startsWith('Guest'))).toBe(true);
  });

  it('getOne and getMany', async () => {
    const one = await provider.getOne('Interview', { id: fixture.interviewId });
    expect(one.data).toMatchObject({
      id: fixture.interviewId,
      publisher: 'Fixture Media',
      status: 'PUBLISHED',
    });
    const ids = fixture.answers.slice(0, 2).map((a) => a.id);
    const many = await provider.getMany('Answer', { ids });
    expect(many.data.map((a) => a.id).sort()).toEqual([...ids].sort());
  });

  it("getManyReference lists an interview's entries in order", async () => {
    const result = await provider.getManyReference('Answer', {
      target: 'interview_id',
      id: fixture.interviewId,
      pagination: { page: 1, perPage: 25 },
      sort: { field: 'position', order: 'ASC' },
      filter: {},
    });
    expect(result.total).toBe(5);
    expect(result.data.map((a) => a.position)).toEqual([1, 2, 3, 4, 5]);
  });

  it('asks for a page of 1,000 entries with every field within an editor’s cost budget', async () => {
    const result = await provider.getManyReference('Answer', {
      target: 'interview_id',
      id: fixture.interviewId,
      pagination: { page: 1, perPage: 1000 },
      sort: { field: 'position', order: 'ASC' },
      filter: {},
    });
    expect(result.data).toHaveLength(5);
  });

  it('create, update (with the version it read) and delete', async () => {
    const created = await provider.create('Speaker', { data: { name: 'Provider Person', title: 'Analyst' } });
    expect(created.data).toMatchObject({ name: 'Provider Person', title: 'Analyst', version: 1 });

    const record = (await provider.getOne('Answer', { id: fixture.answers[0].id })).data;
    const updated = await provider.update('Answer', {
      id: record.id,
      data: { ...record, text: 'Edited through react-admin.' },
      previousData: record,
    });
    expect(updated.data).toMatchObject({ text: 'Edited through react-admin.', version: record.version + 1 });
    expect((await entriesOf(app, token, fixture.interviewId))[0].text).toBe('Edited through react-admin.');

    const deleted = await provider.delete('Speaker', { id: created.data.id, previousData: created.data });
    expect(deleted.data.id).toBe(created.data.id);
    const after = await provider.getList('Speaker', {
      pagination: { page: 1, perPage: 10 },
      sort: { field: 'name', order: 'ASC' },
      filter: { q: 'Provider Person' },
    });
    expect(after.total).toBe(0);
  });

  it('getMany returns every requested record, beyond the default page size', async () => {
    const created = [];
    for (let i = 0; i < 30; i += 1) {
      created.push(
        (await provider.create('Speaker', { data: { name: `Many ${String(i).padStart(2, '0')}` } })).data,
      );
    }
    const many = await provider.getMany('Speaker', { ids: created.map((s) => s.id) });
    expect(many.data).toHaveLength(30);
  });
});
