import { createInterview, ok } from '../../../test/support/fixtures';
import { startTestService, TestService } from '../../../test/support/service';

describe('drafts are for editors only', () => {
  let app: TestService;
  let token: string;
  let draft: Awaited<ReturnType<typeof createInterview>>;
  let published: Awaited<ReturnType<typeof createInterview>>;

  beforeAll(async () => {
    app = await startTestService();
    token = await app.login();
    draft = await createInterview(app, token, { status: 'DRAFT', title: 'Secret draft talk', count: 2 });
    published = await createInterview(app, token, { status: 'PUBLISHED', title: 'Public talk', count: 2 });
  });

  afterAll(async () => {
    await app.stop();
  });

  it('hides a draft interview and its entries from anonymous readers everywhere', async () => {
    const data = await ok<{
      Interview: unknown;
      allInterviews: { title: string }[];
      _allInterviewsMeta: { count: number };
      interviews: { totalCount: number; edges: { node: { title: string } }[] };
      allAnswers: { interview_id: string }[];
      Answer: unknown;
    }>(
      app,
      `query($draft: ID!, $answer: ID!) {
        Interview(id: $draft) { id }
        allInterviews { title }
        _allInterviewsMeta { count }
        interviews(first: 10) { totalCount edges { node { title } } }
        allAnswers(perPage: 100) { interview_id }
        Answer(id: $answer) { id }
      }`,
      { draft: draft.interviewId, answer: draft.answers[0].id },
      null,
    );
    expect(data.Interview).toBeNull();
    expect(data.Answer).toBeNull();
    expect(data.allInterviews.map((i) => i.title)).toEqual(['Public talk']);
    expect(data._allInterviewsMeta.count).toBe(1);
    expect(data.interviews.totalCount).toBe(1);
    expect(data.interviews.edges.map((e) => e.node.title)).toEqual(['Public talk']);
    expect(new Set(data.allAnswers.map((a) => a.interview_id))).toEqual(new Set([published.interviewId]));
  });

  it('hides drafts from a speaker page too', async () => {
    const data = await ok<{ Speaker: { interviews: { id: string }[]; answers: { id: string }[] } }>(
      app,
      'query($id: ID!) { Speaker(id: $id) { interviews { id } answers { id } } }',
      { id: draft.guestId },
      null,
    );
    expect(data.Speaker.interviews).toEqual([]);
    expect(data.Speaker.answers).toEqual([]);
  });

  it('shows drafts to editors', async () => {
    const data = await ok<{
      allInterviews: { title: string; status: string }[];
      Interview: { answers: { id: string }[] };
    }>(
      app,
      'query($draft: ID!) { allInterviews(sortField: "title", sortOrder: "ASC") { title status } Interview(id: $draft) { answers { id } } }',
      { draft: draft.interviewId },
      token,
    );
    expect(data.allInterviews).toEqual([
      { title: 'Public talk', status: 'PUBLISHED' },
      { title: 'Secret draft talk', status: 'DRAFT' },
    ]);
    expect(data.Interview.answers).toHaveLength(2);
  });

  it('gives readers the published interview by slug with its entries in order and their speakers', async () => {
    const slug = (
      await ok<{ Interview: { slug: string } }>(
        app,
        'query($id: ID!) { Interview(id: $id) { slug } }',
        { id: published.interviewId },
        null,
      )
    ).Interview.slug;
    const data = await ok<{
      interview: {
        title: string;
        answers: { position: number; speaker: { name: string }; questioner: { name: string } }[];
      };
    }>(
      app,
      'query($slug: String!) { interview(slug: $slug) { title answers { position speaker { name } questioner { name } } } }',
      { slug },
      null,
    );
    expect(data.interview.title).toBe('Public talk');
    expect(data.interview.answers.map((a) => a.position)).toEqual([1, 2]);
    expect(data.interview.answers[0].speaker.name).toMatch(/^Guest /);
    expect(data.interview.answers[0].questioner.name).toMatch(/^Host /);
  });
});
