import { ObjectId } from 'mongodb';
import { createInterview, entriesOf } from '../../../test/support/fixtures';
import { errorCode, startTestService, TestService } from '../../../test/support/service';

describe('optimistic concurrency', () => {
  let app: TestService;
  let token: string;

  beforeAll(async () => {
    app = await startTestService();
    token = await app.login();
  });

  afterAll(async () => {
    await app.stop();
  });

  it('lets exactly one of 50 parallel updates with the same version win; the others get CONFLICT', async () => {
    const fixture = await createInterview(app, token, { count: 1 });
    const [entry] = fixture.answers;
    const mutation =
      'mutation($id: ID!, $v: Int!, $t: String!) { updateAnswer(id: $id, version: $v, text: $t) { text version } }';

    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        app.graphql(mutation, { id: entry.id, v: entry.version, t: `Edit number ${i}` }, token),
      ),
    );

    const winners = results.filter((r) => !r.errors);
    const conflicts = results.filter((r) => errorCode(r) === 'CONFLICT');
    expect(winners).toHaveLength(1);
    expect(conflicts).toHaveLength(49);

    const winningText = (winners[0].data as { updateAnswer: { text: string } }).updateAnswer.text;
    const [stored] = await entriesOf(app, token, fixture.interviewId);
    expect(stored.text).toBe(winningText);
    expect(stored.version).toBe(entry.version + 1);

    const newRevisions = await app.service.database.db
      .collection('revisions')
      .countDocuments({ entity_id: new ObjectId(entry.id), action: 'UPDATE' });
    expect(newRevisions).toBe(1);
  }, 60_000);
});
