import { ObjectId } from 'mongodb';
import { createInterview, ok } from '../../../test/support/fixtures';
import { startServiceWithShortHistory, type ShortHistoryService } from '../../../test/support/short-history';
import { Collections } from '../../src/db/collections';

/** On the embedded engine, a change history of 10,000 changes (its default holds 50,000), and more at once. */
const HISTORY = 10_000;
const BURST = 12_000;

/**
 * Writes arrive faster than the change stream is read, for instance a bulk load straight into the database:
 * the search index still ends up holding every one of them. On the embedded engine, given a history smaller
 * than the burst, the stream falls behind it and the index is read afresh; on MongoDB, whose oplog holds
 * them, they arrive one by one.
 */
describe('the search index after a burst of writes', () => {
  let app: ShortHistoryService;
  let token: string;

  beforeAll(async () => {
    app = await startServiceWithShortHistory(HISTORY);
    token = await app.login();
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('finds every entry of a burst larger than the change history, and keeps following changes', async () => {
    const interview = await createInterview(app, token, { count: 1 });
    const now = new Date();
    await app.service.database.db.collection(Collections.answers).insertMany(
      Array.from({ length: BURST }, (_, i) => ({
        _id: new ObjectId(),
        interview_id: new ObjectId(interview.interviewId),
        position: i + 2,
        section: null,
        question: `Question ${i}?`,
        text: `The zeppelin log, part ${i}.`,
        speaker_id: new ObjectId(interview.guestId),
        questioner_id: new ObjectId(interview.hostId),
        version: 1,
        createdAt: now,
        updatedAt: now,
        updatedBy: null,
      })),
    );
    const found = async (word: string) =>
      (
        await ok<{ search: { totalCount: number } }>(
          app,
          '{ search(query: "' + word + '") { totalCount } }',
          {},
          token,
        )
      ).search.totalCount;
    const deadline = Date.now() + 90_000;
    while ((await found('zeppelin')) < BURST && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(await found('zeppelin')).toBe(BURST);

    await ok(
      app,
      'mutation($id: ID!, $version: Int!) { updateAnswer(id: $id, version: $version, text: "A dirigible after all.") { id } }',
      { id: interview.answers[0].id, version: interview.answers[0].version },
      token,
    );
    const after = Date.now() + 15_000;
    while ((await found('dirigible')) < 1 && Date.now() < after) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await found('dirigible')).toBe(1);
  }, 150_000);
});
