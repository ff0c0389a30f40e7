import { createInterview, ok } from '../../../test/support/fixtures';
import { errorCode, startTestService, TestService } from '../../../test/support/service';

interface Page {
  interviews: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: { id: string; title: string } }[];
  };
}

const PAGE = `query($first: Int!, $after: String, $speaker: String, $publisher: String) {
  interviews(first: $first, after: $after, speaker: $speaker, publisher: $publisher) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id title } }
  }
}`;

describe('reading interviews as a reader', () => {
  let app: TestService;
  let token: string;
  const ids: string[] = [];
  let guestOfFirst: string;

  beforeAll(async () => {
    app = await startTestService();
    token = await app.login();
    for (let i = 1; i <= 5; i += 1) {
      const fixture = await createInterview(app, token, { count: 1, title: `Talk ${i}` });
      ids.push(fixture.interviewId);
      if (i === 1) guestOfFirst = fixture.guestId;
    }
  });

  afterAll(async () => {
    await app.stop();
  });

  it('pages through all published interviews with cursors, newest first, without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const data: Page = await ok<Page>(app, PAGE, { first: 2, after }, null);
      expect(data.interviews.totalCount).toBe(5);
      seen.push(...data.interviews.edges.map((e) => e.node.title));
      pages += 1;
      if (!data.interviews.pageInfo.hasNextPage) break;
      after = data.interviews.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(['Talk 5', 'Talk 4', 'Talk 3', 'Talk 2', 'Talk 1']);
  });

  it('narrows to a speaker (by slug) and to a publisher', async () => {
    const speaker = await ok<{ Speaker: { slug: string } }>(
      app,
      'query($id: ID!) { Speaker(id: $id) { slug } }',
      { id: guestOfFirst },
      null,
    );
    const bySpeaker = await ok<Page>(app, PAGE, { first: 10, speaker: speaker.Speaker.slug }, null);
    expect(bySpeaker.interviews.edges.map((e) => e.node.title)).toEqual(['Talk 1']);
    const byPublisher = await ok<Page>(app, PAGE, { first: 10, publisher: 'Nobody Press' }, null);
    expect(byPublisher.interviews.totalCount).toBe(0);
  });

  it('gives a speaker page with their interviews and answers', async () => {
    const speaker = await ok<{ Speaker: { slug: string } }>(
      app,
      'query($id: ID!) { Speaker(id: $id) { slug } }',
      { id: guestOfFirst },
      null,
    );
    const data = await ok<{
      speaker: { name: string; interviews: { title: string }[]; answers: { text: string }[] };
    }>(
      app,
      'query($slug: String!) { speaker(slug: $slug) { name interviews { title } answers { text } } }',
      { slug: speaker.Speaker.slug },
      null,
    );
    expect(data.speaker.interviews.map((i) => i.title)).toEqual(['Talk 1']);
    expect(data.speaker.answers.map((a) => a.text)).toEqual(['Answer 1.']);
  });

  it('refuses a cursor it did not issue and a page size out of range', async () => {
    expect(errorCode(await app.graphql(PAGE, { first: 2, after: 'bogus' }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await app.graphql(PAGE, { first: 0 }))).toBe('BAD_USER_INPUT');
  });
});
