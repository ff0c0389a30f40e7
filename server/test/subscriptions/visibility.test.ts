import { createInterview, InterviewFixture, ok } from '../../../test/support/fixtures';
import { startTestService, TestService } from '../../../test/support/service';
import { connect, LiveClient, Subscription, waitForSubscribers } from './support';

/** Anonymous subscribers hear only of published content; editors hear of everything. */
describe('contentChanged: drafts are for editors only', () => {
  let app: TestService;
  let token: string;
  let editorClient: LiveClient;
  let anonClient: LiveClient;
  let editor: Subscription;
  let anon: Subscription;
  let anonOnDraft: Subscription;
  let draft: InterviewFixture;
  let published: InterviewFixture;

  beforeAll(async () => {
    app = await startTestService();
    token = await app.login();
    draft = await createInterview(app, token, { status: 'DRAFT', title: 'Secret draft', count: 2 });
    published = await createInterview(app, token, { status: 'PUBLISHED', title: 'Public talk', count: 2 });
    editorClient = connect(app, token);
    anonClient = connect(app, null);
    await Promise.all([editorClient.connected, anonClient.connected]);
    editor = editorClient.subscribe();
    anon = anonClient.subscribe();
    anonOnDraft = anonClient.subscribe({ interview: draft.interviewId });
    await waitForSubscribers(app, 3);
  });

  afterAll(async () => {
    await editorClient?.dispose();
    await anonClient?.dispose();
    await app?.stop();
  });

  async function touchAnswer(id: string, text: string): Promise<void> {
    const read = await ok<{ Answer: { version: number } }>(
      app,
      'query($id: ID!) { Answer(id: $id) { version } }',
      { id },
      token,
    );
    await ok(
      app,
      'mutation($id: ID!, $v: Int!, $text: String!) { updateAnswer(id: $id, version: $v, text: $text) { version } }',
      { id, v: read.Answer.version, text },
      token,
    );
  }

  const interviewVersion = async (id: string) =>
    (
      await ok<{ Interview: { version: number } }>(
        app,
        'query($id: ID!) { Interview(id: $id) { version } }',
        { id },
        token,
      )
    ).Interview.version;

  /** A change to the published interview: once a reader has it, it has everything committed before. */
  async function sentinel(text: string): Promise<void> {
    await touchAnswer(published.answers[0].id, text);
    await anon.waitFor({ id: published.answers[0].id, answer: { text } });
    await editor.waitFor({ id: published.answers[0].id, answer: { text } });
  }

  const aboutDraft = (sub: Subscription) =>
    sub.events().filter((e) => e.interview_id === draft.interviewId || e.id === draft.interviewId);

  it('tells an editor about changes to a draft and a reader nothing at all', async () => {
    await touchAnswer(draft.answers[0].id, 'Draft edit one.');
    await ok(
      app,
      'mutation($i: ID!) { createAnswer(interview_id: $i, question: "Q?", text: "Secret entry.") { id } }',
      { i: draft.interviewId },
      token,
    );
    await ok(
      app,
      'mutation($id: ID!, $v: Int!) { updateInterview(id: $id, version: $v, title: "Still secret") { id } }',
      { id: draft.interviewId, v: await interviewVersion(draft.interviewId) },
      token,
    );
    await ok(app, 'mutation($id: ID!) { deleteAnswer(id: $id) { id } }', { id: draft.answers[1].id }, token);
    await editor.waitFor({ entity: 'INTERVIEW', id: draft.interviewId, changedFields: ['title'] });
    await editor.waitFor({ id: draft.answers[1].id, type: 'DELETED' });
    await sentinel('Public edit one.');
    expect(aboutDraft(anon)).toEqual([]);
    expect(anonOnDraft.events()).toEqual([]);
    expect(JSON.stringify(anon.events())).not.toContain('ecret');
    expect(aboutDraft(editor).length).toBeGreaterThanOrEqual(4);
  });

  it('reports publishing to a reader as the interview appearing, and its later changes', async () => {
    const version = await interviewVersion(draft.interviewId);
    await ok(
      app,
      'mutation($id: ID!, $v: Int!) { publishInterview(id: $id, version: $v) { id } }',
      { id: draft.interviewId, v: version },
      token,
    );
    expect(await anon.waitFor({ entity: 'INTERVIEW', id: draft.interviewId })).toMatchObject({
      type: 'CREATED',
      action: 'PUBLISH',
      interview: { status: 'PUBLISHED', title: 'Still secret' },
    });
    expect(
      await editor.waitFor({ entity: 'INTERVIEW', id: draft.interviewId, action: 'PUBLISH' }),
    ).toMatchObject({
      type: 'UPDATED',
    });
    await touchAnswer(draft.answers[0].id, 'Now public.');
    expect(await anon.waitFor({ id: draft.answers[0].id })).toMatchObject({
      type: 'UPDATED',
      answer: { text: 'Now public.' },
      interview: { id: draft.interviewId, status: 'PUBLISHED' },
    });
    expect(await anonOnDraft.waitFor({ id: draft.answers[0].id })).toMatchObject({ type: 'UPDATED' });
  });

  it('reports unpublishing to a reader as the interview disappearing, then nothing', async () => {
    const version = await interviewVersion(draft.interviewId);
    await ok(
      app,
      'mutation($id: ID!, $v: Int!) { unpublishInterview(id: $id, version: $v) { id } }',
      { id: draft.interviewId, v: version },
      token,
    );
    expect(
      await anon.waitFor({ entity: 'INTERVIEW', id: draft.interviewId, action: 'UNPUBLISH' }),
    ).toMatchObject({
      type: 'DELETED',
      interview: null,
    });
    const seen = aboutDraft(anon).length;
    await touchAnswer(draft.answers[0].id, 'Secret again.');
    await editor.waitFor({ id: draft.answers[0].id, answer: { text: 'Secret again.' } });
    await sentinel('Public edit two.');
    expect(aboutDraft(anon).length).toBe(seen);
    expect(JSON.stringify(anon.events())).not.toContain('Secret again');
  });

  it('keeps the publication schedule from readers: a change of it alone is not reported to them', async () => {
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    await ok(
      app,
      'mutation($id: ID!, $v: Int!, $at: DateTimeISO) { updateInterview(id: $id, version: $v, unpublishAt: $at) { id } }',
      { id: published.interviewId, v: await interviewVersion(published.interviewId), at: inAnHour },
      token,
    );
    await editor.waitFor({ entity: 'INTERVIEW', id: published.interviewId, changedFields: ['unpublishAt'] });
    await ok(
      app,
      'mutation($id: ID!, $v: Int!) { updateInterview(id: $id, version: $v, title: "Public talk, retitled", unpublishAt: null) { id } }',
      { id: published.interviewId, v: await interviewVersion(published.interviewId) },
      token,
    );
    expect(
      await anon.waitFor({ entity: 'INTERVIEW', id: published.interviewId, changedFields: ['title'] }),
    ).toMatchObject({ type: 'UPDATED', interview: { title: 'Public talk, retitled' } });
    await sentinel('Public edit after the schedule.');
    const aboutSchedule = anon
      .events()
      .filter((e) => e.id === published.interviewId && JSON.stringify(e).includes('unpublishAt'));
    expect(aboutSchedule).toEqual([]);
  });

  it('reports a new published interview to readers and a new draft only to editors', async () => {
    const hidden = await createInterview(app, token, { status: 'DRAFT', title: 'Hidden newcomer', count: 1 });
    const shown = await createInterview(app, token, {
      status: 'PUBLISHED',
      title: 'Public newcomer',
      count: 1,
    });
    expect(await anon.waitFor({ entity: 'ANSWER', id: shown.answers[0].id })).toMatchObject({
      type: 'CREATED',
    });
    expect(await anon.waitFor({ entity: 'INTERVIEW', id: shown.interviewId })).toMatchObject({
      type: 'CREATED',
      action: 'CREATE',
    });
    await editor.waitFor({ entity: 'ANSWER', id: hidden.answers[0].id, type: 'CREATED' });
    await sentinel('Public edit three.');
    expect(
      anon.events().some((e) => e.id === hidden.interviewId || e.interview_id === hidden.interviewId),
    ).toBe(false);
    // Speakers are public: readers hear of them like editors do.
    expect(anon.events().some((e) => e.entity === 'SPEAKER' && e.id === hidden.hostId)).toBe(true);
  });
});
