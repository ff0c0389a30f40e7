import { createInterview, entriesOf, ok } from '../../../test/support/fixtures';
import { errorCode, startTestService, TestService } from '../../../test/support/service';

const UPDATE_ANSWER = `mutation($id: ID!, $version: Int!, $base: Int, $text: String, $question: String, $section: String, $speaker: ID) {
  updateAnswer(id: $id, version: $version, baseVersion: $base, text: $text, question: $question, section: $section, speaker_id: $speaker) {
    text question section speaker_id version
  }
}`;

describe('updates with baseVersion merge concurrent edits (three-way)', () => {
  let app: TestService;
  let ana: string;
  let ben: string;

  beforeAll(async () => {
    app = await startTestService();
    const admin = await app.login();
    for (const [email, name] of [
      ['ana@example.com', 'Ana Editor'],
      ['ben@example.com', 'Ben Editor'],
    ]) {
      await ok(
        app,
        'mutation($email: String!, $name: String!) { createUser(email: $email, name: $name, role: EDITOR, password: "editor-password-1") { id } }',
        { email, name },
        admin,
      );
    }
    ana = await app.login('ana@example.com', 'editor-password-1');
    ben = await app.login('ben@example.com', 'editor-password-1');
  });

  afterAll(async () => {
    await app.stop();
  });

  async function entryWithText(text: string) {
    const fixture = await createInterview(app, ana, { count: 1, sections: ['Intro', 'Markets'] });
    const [entry] = fixture.answers;
    const saved = await ok<{ updateAnswer: { version: number } }>(
      app,
      UPDATE_ANSWER,
      { id: entry.id, version: entry.version, text },
      ana,
    );
    return { fixture, id: entry.id, base: saved.updateAnswer.version };
  }

  it('merges edits to different words of one text and records the merge in the revision', async () => {
    const { fixture, id, base } = await entryWithText('Fees are very high on Twitter today.');
    await ok(
      app,
      UPDATE_ANSWER,
      { id, version: base, base, text: 'Fees are VERY HIGH on Twitter today.' },
      ana,
    );
    const merged = await ok<{ updateAnswer: { text: string; version: number } }>(
      app,
      UPDATE_ANSWER,
      { id, version: base, base, text: 'Fees are very high on X (Twitter) today.' },
      ben,
    );
    expect(merged.updateAnswer).toEqual(
      expect.objectContaining({ text: 'Fees are VERY HIGH on X (Twitter) today.', version: base + 2 }),
    );
    const [stored] = await entriesOf(app, ana, fixture.interviewId);
    expect(stored.text).toBe('Fees are VERY HIGH on X (Twitter) today.');

    const history = await ok<{
      allRevisions: { version: number; user_name: string; merge: unknown; mergedWith: string[] }[];
    }>(
      app,
      'query($id: ID!) { allRevisions(filter: { entity_id: $id }, sortField: "version", sortOrder: "DESC", perPage: 1) { version user_name merge mergedWith } }',
      { id },
      ana,
    );
    expect(history.allRevisions[0]).toEqual({
      version: base + 2,
      user_name: 'Ben Editor',
      merge: expect.objectContaining({ baseVersion: base, versions: [base + 1] }),
      mergedWith: ['Ana Editor'],
    });
  });

  it('answers CONFLICT with base, theirs, yours and who saved theirs when the same words changed', async () => {
    const { fixture, id, base } = await entryWithText('Fees are very high on Twitter today.');
    await ok(
      app,
      UPDATE_ANSWER,
      { id, version: base, base, text: 'Fees are extremely high on Twitter now.' },
      ana,
    );
    const refused = await app.graphql(
      UPDATE_ANSWER,
      { id, version: base, base, text: 'Fees are rather high on Twitter today.' },
      ben,
    );
    expect(errorCode(refused)).toBe('CONFLICT');
    const extensions = refused.errors?.[0].extensions ?? {};
    expect(extensions).toEqual(
      expect.objectContaining({
        baseVersion: base,
        base: expect.objectContaining({ text: 'Fees are very high on Twitter today.', version: base }),
        theirs: expect.objectContaining({
          text: 'Fees are extremely high on Twitter now.',
          version: base + 1,
        }),
        yours: expect.objectContaining({ text: 'Fees are rather high on Twitter today.' }),
        current: expect.objectContaining({ version: base + 1 }),
        theirsBy: ['Ana Editor'],
        conflictingFields: ['text'],
        keepYours: expect.objectContaining({ text: 'Fees are rather high on Twitter now.' }),
        keepTheirs: expect.objectContaining({ text: 'Fees are extremely high on Twitter now.' }),
      }),
    );
    const [stored] = await entriesOf(app, ana, fixture.interviewId);
    expect(stored).toEqual(
      expect.objectContaining({ text: 'Fees are extremely high on Twitter now.', version: base + 1 }),
    );
  });

  it('merges changes of different fields, and refuses the same field changed two ways', async () => {
    const { id, base, fixture } = await entryWithText('Plain answer.');
    await ok(app, UPDATE_ANSWER, { id, version: base, base, section: 'Markets' }, ana);
    const merged = await ok<{ updateAnswer: Record<string, unknown> }>(
      app,
      UPDATE_ANSWER,
      { id, version: base, base, question: 'A better question?', speaker: fixture.hostId },
      ben,
    );
    expect(merged.updateAnswer).toEqual(
      expect.objectContaining({
        section: 'Markets',
        question: 'A better question?',
        speaker_id: fixture.hostId,
        text: 'Plain answer.',
      }),
    );
    const refused = await app.graphql(UPDATE_ANSWER, { id, version: base, base, section: 'Intro' }, ben);
    expect(errorCode(refused)).toBe('CONFLICT');
    expect(refused.errors?.[0].extensions?.conflictingFields).toEqual(['section']);
  });

  it('without baseVersion, a stale version is still refused as before', async () => {
    const { id, base } = await entryWithText('One two three.');
    await ok(app, UPDATE_ANSWER, { id, version: base, text: 'One TWO three.' }, ana);
    const refused = await app.graphql(UPDATE_ANSWER, { id, version: base, text: 'One two THREE.' }, ben);
    expect(errorCode(refused)).toBe('CONFLICT');
  });

  it('merges interview and speaker fields the same way', async () => {
    const fixture = await createInterview(app, ana, { count: 1 });
    const summary = 'A talk about fees and markets.';
    const start = await ok<{ updateInterview: { version: number } }>(
      app,
      'mutation($id: ID!, $v: Int!, $s: String) { updateInterview(id: $id, version: $v, summary: $s) { version } }',
      { id: fixture.interviewId, v: fixture.interviewVersion, s: summary },
      ana,
    );
    const base = start.updateInterview.version;
    const updateInterview =
      'mutation($id: ID!, $v: Int!, $s: String, $t: String) { updateInterview(id: $id, version: $v, baseVersion: $v, summary: $s, title: $t) { summary title } }';
    await ok(
      app,
      updateInterview,
      { id: fixture.interviewId, v: base, s: 'A talk about FEES and markets.' },
      ana,
    );
    const merged = await ok<{ updateInterview: { summary: string; title: string } }>(
      app,
      updateInterview,
      { id: fixture.interviewId, v: base, s: 'A talk about fees and crypto markets.', t: 'New title' },
      ben,
    );
    expect(merged.updateInterview).toEqual({
      summary: 'A talk about FEES and crypto markets.',
      title: 'New title',
    });

    const updateSpeaker =
      'mutation($id: ID!, $v: Int!, $b: String, $o: String) { updateSpeaker(id: $id, version: $v, baseVersion: $v, bio: $b, organization: $o) { bio organization } }';
    await ok(app, updateSpeaker, { id: fixture.hostId, v: 1, o: 'Other Media' }, ana);
    const speaker = await ok<{ updateSpeaker: { bio: string; organization: string } }>(
      app,
      updateSpeaker,
      { id: fixture.hostId, v: 1, b: 'Writes about markets.' },
      ben,
    );
    expect(speaker.updateSpeaker).toEqual({ bio: 'Writes about markets.', organization: 'Other Media' });
  });

  it('refuses a baseVersion the document never had, naming the field', async () => {
    const { id, base } = await entryWithText('Text.');
    const refused = await app.graphql(
      UPDATE_ANSWER,
      { id, version: base, base: base + 5, text: 'New.' },
      ben,
    );
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0].extensions?.field).toBe('baseVersion');
  });
});
