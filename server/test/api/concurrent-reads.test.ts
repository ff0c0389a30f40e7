import { ObjectId, type CommandStartedEvent } from 'mongodb';
import { createInterview, ok } from '../../../test/support/fixtures';
import {
  isChangeStreamCommand,
  QUIET_BACKGROUND,
  startTestService,
  TestService,
} from '../../../test/support/service';

const READER = { includeDrafts: false };
const EDITOR = { includeDrafts: true };

const TRANSCRIPT = `query($slug: String!) { interview(slug: $slug) {
  title speakers { name } answers { position question text speaker { name } questioner { name } } } }`;

/**
 * Lookups that concurrent requests ask for in the same turn of the event loop are answered by one query
 * per kind, each caller getting its own answer; nothing is kept from one turn to the next.
 */
describe('reads gathered across concurrent requests', () => {
  let app: TestService;
  let token: string;
  const finds: { collection: string; filter: unknown }[] = [];
  const slugs: string[] = [];
  let draftSlug: string;

  beforeAll(async () => {
    app = await startTestService(QUIET_BACKGROUND, { mongoClientOptions: { monitorCommands: true } });
    app.service.database.client.on('commandStarted', (event: CommandStartedEvent) => {
      if (event.commandName === 'find' && !isChangeStreamCommand(event)) {
        finds.push({ collection: String(event.command.find), filter: event.command.filter });
      }
    });
    token = await app.login();
    for (const count of [2, 5, 3]) {
      const { interviewId } = await createInterview(app, token, { count });
      slugs.push(await slugOf(interviewId));
    }
    draftSlug = await slugOf((await createInterview(app, token, { count: 1, status: 'DRAFT' })).interviewId);
  }, 60_000);

  afterAll(async () => {
    await app.stop();
  });

  async function slugOf(id: string): Promise<string> {
    const interview = await app.service.services.interviews.get(new ObjectId(id), EDITOR);
    if (!interview) throw new Error(`no interview ${id}`);
    return interview.slug;
  }

  const findsOn = (collection: string) => finds.filter((find) => find.collection === collection).length;

  it('answers interviews asked by slug at the same moment with one query per visibility', async () => {
    const { interviews } = app.service.services;
    finds.length = 0;
    const [first, second, third, draftForReader, draftForEditor, missing] = await Promise.all([
      interviews.getBySlug(slugs[0], READER),
      interviews.getBySlug(slugs[1], READER),
      interviews.getBySlug(slugs[2], READER),
      interviews.getBySlug(draftSlug, READER),
      interviews.getBySlug(draftSlug, EDITOR),
      interviews.getBySlug('no-such-interview', READER),
    ]);
    expect([first?.slug, second?.slug, third?.slug]).toEqual(slugs);
    expect(draftForReader).toBeNull();
    expect(draftForEditor?.slug).toBe(draftSlug);
    expect(missing).toBeNull();
    expect(findsOn('interviews')).toBe(2);
  });

  it('answers interviews asked by id at the same moment with one query per visibility', async () => {
    const { interviews } = app.service.services;
    const published = await interviews.getBySlug(slugs[0], READER);
    const draft = await interviews.getBySlug(draftSlug, EDITOR);
    const ids = [published?._id, draft?._id] as ObjectId[];
    finds.length = 0;
    const [forReader, forEditor, forAnotherReader] = await Promise.all([
      interviews.getMany(ids, READER),
      interviews.getMany([...ids, ids[0]], EDITOR),
      interviews.getMany([ids[1], ids[0]], READER),
    ]);
    expect(forReader.map((doc) => doc.slug)).toEqual([slugs[0]]);
    expect(forEditor.map((doc) => doc.slug)).toEqual([slugs[0], draftSlug]);
    expect(forAnotherReader.map((doc) => doc.slug)).toEqual([slugs[0]]);
    expect(findsOn('interviews')).toBe(2);
  });

  it('answers a slug longer than any there is without a query', async () => {
    finds.length = 0;
    await expect(app.service.services.interviews.getBySlug('a'.repeat(5000), READER)).resolves.toBeNull();
    expect(findsOn('interviews')).toBe(0);
  });

  it('answers speakers and entries asked at the same moment with one query each, each caller the ones it asked for', async () => {
    const { interviews, speakers, answers } = app.service.services;
    const docs = await Promise.all(slugs.map((slug) => interviews.getBySlug(slug, READER)));
    const ids = docs.map((doc) => doc?._id as ObjectId);
    finds.length = 0;
    const [speakersOfFirst, speakersOfBoth, entriesOfFirst, entriesOfSecond, entriesOfBoth] =
      await Promise.all([
        speakers.getMany(docs[0]?.speaker_ids ?? []),
        speakers.getMany([...(docs[0]?.speaker_ids ?? []), ...(docs[1]?.speaker_ids ?? [])]),
        answers.pageOfInterviews([ids[0]], { skip: 0, limit: 50 }),
        answers.pageOfInterviews([ids[1]], { skip: 0, limit: 50 }),
        answers.pageOfInterviews([ids[0], ids[1]], { skip: 1, limit: 2 }),
      ]);
    expect(speakersOfFirst.map((speaker) => speaker._id)).toEqual(docs[0]?.speaker_ids);
    expect(speakersOfBoth).toHaveLength(4);
    expect(entriesOfFirst.map((entry) => entry.position)).toEqual([1, 2]);
    expect(entriesOfSecond.map((entry) => entry.position)).toEqual([1, 2, 3, 4, 5]);
    expect(entriesOfSecond.every((entry) => entry.interview_id.equals(ids[1]))).toBe(true);
    // A page is a position range: entries 2 and 3 of each.
    expect(entriesOfBoth.map((entry) => [String(entry.interview_id), entry.position])).toEqual([
      [String(ids[0]), 2],
      [String(ids[1]), 2],
      [String(ids[1]), 3],
    ]);
    expect(findsOn('speakers')).toBe(1);
    // One query per page size asked: the whole transcripts, and the page of two.
    expect(findsOn('answers')).toBe(2);
  });

  it('keeps nothing from one moment to the next: a read after a change sees it', async () => {
    const { interviews } = app.service.services;
    const before = await interviews.getBySlug(slugs[0], READER);
    await ok(
      app,
      `mutation($id: ID!, $version: Int!) { updateInterview(id: $id, version: $version, title: "Renamed now") { id } }`,
      { id: String(before?._id), version: before?.version },
      token,
    );
    expect((await interviews.getBySlug(slugs[0], READER))?.title).toBe('Renamed now');
  });

  it('gives each of many concurrent readers the transcript it asked for', async () => {
    // Computed afresh each time, not taken from the reader cache.
    const read = async (slug: string): Promise<unknown> => {
      const response = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cache-control': 'no-cache' },
        body: JSON.stringify({ query: TRANSCRIPT, variables: { slug } }),
      });
      const body = (await response.json()) as { data?: unknown; errors?: unknown };
      expect(body.errors).toBeUndefined();
      return body.data;
    };
    const alone = await Promise.all(slugs.map(async (slug) => [slug, await read(slug)] as const));
    const expected = new Map(alone);
    const order = Array.from({ length: 24 }, (_, i) => slugs[(i * 7) % slugs.length]);
    const together = await Promise.all(order.map((slug) => read(slug)));
    together.forEach((data, i) => expect(data).toEqual(expected.get(order[i])));
    expect(new Set(together.map((data) => JSON.stringify(data))).size).toBe(slugs.length);
  });
});
