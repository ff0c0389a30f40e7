import { Document, ObjectId } from 'mongodb';
import { openTestDatabase, TestDatabase } from '../../../test/support/db';
import { Collections } from '../../src/db/collections';
import { ensureIndexes } from '../../src/db/indexes';

/** Every `stage` named anywhere in an explain reply (plans nest differently across servers and commands). */
function stagesOf(explained: unknown, out: string[] = []): string[] {
  if (Array.isArray(explained)) {
    for (const item of explained) stagesOf(item, out);
  } else if (explained && typeof explained === 'object') {
    for (const [key, value] of Object.entries(explained)) {
      if (key === 'stage' && typeof value === 'string') out.push(value);
      else if (key !== 'command' && key !== 'parsedQuery' && key !== 'filter') stagesOf(value, out);
    }
  }
  return out;
}

/**
 * Stages that read through an index (IDHACK/EXPRESS_IDHACK: MongoDB's _id lookups; COUNT_SCAN: a count
 * answered from index keys alone).
 */
const INDEX_STAGES = new Set(['IXSCAN', 'IDHACK', 'EXPRESS_IDHACK', 'EXPRESS_IXSCAN', 'COUNT_SCAN']);

/**
 * Each query shape the service sends (services, loaders, revisions, presence, login throttle, unique
 * slugs) is answered through an index, checked with explain against the test database.
 */
describe('the service’s queries use indexes', () => {
  let t: TestDatabase;
  const interviewIds = [new ObjectId(), new ObjectId()];
  const speakerIds = [new ObjectId(), new ObjectId()];

  beforeAll(async () => {
    t = await openTestDatabase();
    await ensureIndexes(t.db);
    const now = new Date();
    await t.db.collection(Collections.interviews).insertMany(
      interviewIds.map((_id, i) => ({
        _id,
        slug: `talk-${i}`,
        status: i === 0 ? 'PUBLISHED' : 'DRAFT',
        publishedAt: i === 0 ? now : null,
        speaker_ids: speakerIds,
        source: { fileName: `talk-${i}.txt` },
      })),
    );
    await t.db.collection(Collections.answers).insertMany(
      interviewIds.flatMap((interview_id) =>
        [0, 1, 2, 3].map((position) => ({
          interview_id,
          position,
          speaker_id: speakerIds[position % 2],
          questioner_id: speakerIds[(position + 1) % 2],
        })),
      ),
    );
    await t.db
      .collection(Collections.speakers)
      .insertMany(speakerIds.map((_id, i) => ({ _id, slug: `speaker-${i}`, nameKey: `speaker ${i}` })));
    await t.db.collection(Collections.users).insertOne({ email: 'a@example.org', role: 'ADMIN' });
    await t.db.collection(Collections.revisions).insertMany(
      [1, 2, 3].map((version) => ({
        entity: 'ANSWER',
        entity_id: interviewIds[0],
        version,
        createdAt: new Date(now.getTime() + version),
      })),
    );
  });

  afterAll(async () => {
    await t.cleanup();
  });

  const explainCommand = (command: Document) => t.db.command({ explain: command, verbosity: 'queryPlanner' });
  const find = (collection: string, filter: Document, sort?: Document, limit?: number) =>
    explainCommand({ find: collection, filter, ...(sort ? { sort } : {}), ...(limit ? { limit } : {}) });
  const aggregate = (collection: string, pipeline: Document[]) =>
    explainCommand({ aggregate: collection, pipeline, cursor: {} });

  const [interviewId, otherInterviewId] = interviewIds;
  const cases: [string, () => Promise<Document>][] = [
    [
      'transcript entries of an interview',
      () => find('answers', { interview_id: interviewId }, { position: 1 }),
    ],
    [
      'entries of a batch of interviews (DataLoader)',
      () =>
        find(
          'answers',
          { interview_id: { $in: [interviewId, otherInterviewId] } },
          { interview_id: 1, position: 1 },
        ),
    ],
    ['entries by id (DataLoader)', () => find('answers', { _id: { $in: [new ObjectId(), new ObjectId()] } })],
    [
      'entries of speakers',
      () => find('answers', { speaker_id: { $in: speakerIds } }, { interview_id: 1, position: 1 }),
    ],
    ['entries asked by speakers', () => find('answers', { questioner_id: { $in: speakerIds } })],
    [
      'every entry, page by page, for the search index',
      () => find('answers', {}, { interview_id: 1, position: 1 }, 1000),
    ],
    [
      'the next page of entries for the search index',
      () => find('answers', { interview_id: { $gt: interviewId } }, { interview_id: 1, position: 1 }, 1000),
    ],
    [
      'the rest of an interview’s entries for the search index',
      () =>
        find(
          'answers',
          { interview_id: interviewId, position: { $gt: 1 } },
          { interview_id: 1, position: 1 },
          1000,
        ),
    ],
    [
      'counting an interview’s entries',
      () =>
        aggregate('answers', [
          { $match: { interview_id: interviewId } },
          { $group: { _id: 1, n: { $sum: 1 } } },
        ]),
    ],
    [
      'shifting positions',
      () =>
        explainCommand({
          update: 'answers',
          updates: [
            {
              q: { interview_id: interviewId, position: { $gte: 2 } },
              u: { $mul: { position: -1 } },
              multi: true,
            },
          ],
        }),
    ],
    ['an interview by slug', () => find('interviews', { slug: 'talk-0', status: 'PUBLISHED' })],
    // Readers' lookups gathered across concurrent requests (coalesced-reads.ts).
    [
      'interviews by slugs, for readers',
      () => find('interviews', { slug: { $in: ['talk-0', 'talk-1'] }, status: 'PUBLISHED' }),
    ],
    ['interviews by slugs, for editors', () => find('interviews', { slug: { $in: ['talk-0', 'talk-1'] } })],
    [
      'interviews by ids, for readers',
      () => find('interviews', { _id: { $in: interviewIds }, status: 'PUBLISHED' }),
    ],
    ['interviews by ids, for editors', () => find('interviews', { _id: { $in: interviewIds } })],
    ['an interview by id', () => find('interviews', { _id: interviewId, status: 'PUBLISHED' })],
    [
      'the readers’ interview page',
      () => find('interviews', { status: 'PUBLISHED' }, { publishedAt: -1, _id: -1 }, 21),
    ],
    ['the editors’ interview page', () => find('interviews', {}, { publishedAt: -1, _id: -1 }, 21)],
    [
      'interviews of speakers',
      () => find('interviews', { speaker_ids: { $in: speakerIds }, status: 'PUBLISHED' }),
    ],
    ['an interview by imported file', () => find('interviews', { 'source.fileName': 'talk-0.txt' })],
    ['free interview slugs', () => find('interviews', { slug: { $regex: '^talk(-\\d+)?$' } })],
    ['a speaker by slug', () => find('speakers', { slug: 'speaker-0' })],
    ['speakers by ids', () => find('speakers', { _id: { $in: speakerIds } })],
    ['speakers by name key', () => find('speakers', { nameKey: { $in: ['speaker 0', 'speaker 9'] } })],
    ['free speaker slugs', () => find('speakers', { slug: { $regex: '^speaker(-\\d+)?$' } })],
    ['a user by email (login)', () => find('users', { email: 'a@example.org' })],
    [
      'counting admins',
      () => aggregate('users', [{ $match: { role: 'ADMIN' } }, { $group: { _id: 1, n: { $sum: 1 } } }]),
    ],
    [
      'revisions after a version',
      () =>
        find(
          'revisions',
          { entity: 'ANSWER', entity_id: interviewId, version: { $gt: 1 } },
          { version: -1, createdAt: -1 },
        ),
    ],
    [
      'revision summaries of several documents',
      () =>
        find('revisions', {
          $or: [
            { entity: 'ANSWER', entity_id: interviewId, version: 2 },
            { entity: 'INTERVIEW', entity_id: otherInterviewId, version: 1 },
          ],
        }),
    ],
    ['the newest revisions', () => find('revisions', {}, { createdAt: -1 }, 20)],
    [
      'login throttle',
      () =>
        explainCommand({
          findAndModify: Collections.loginThrottle,
          query: { key: 'login:a@example.org' },
          update: { $inc: { points: 1 } },
          upsert: true,
        }),
    ],
    [
      'who has an interview open',
      () => find(Collections.presence, { interview_id: interviewId, expiresAt: { $gt: new Date() } }),
    ],
    [
      'the readers’ interview page in one language',
      () => find('interviews', { status: 'PUBLISHED', language: 'zh' }, { publishedAt: -1, _id: -1 }, 21),
    ],
    [
      'the editors’ interview page in one language',
      () => find('interviews', { language: 'zh' }, { publishedAt: -1, _id: -1 }, 21),
    ],
    [
      'translation groups of interviews',
      () => find(Collections.translationGroups, { members: { $in: interviewIds } }),
    ],
    ['a translation’s pairs', () => find(Collections.alignmentPairs, { translation_id: interviewId })],
    [
      'pairs holding entries of the original',
      () => find(Collections.alignmentPairs, { original_ids: { $in: [new ObjectId(), new ObjectId()] } }),
    ],
    [
      'pairs holding entries of a translation',
      () => find(Collections.alignmentPairs, { translation_ids: { $in: [new ObjectId(), new ObjectId()] } }),
    ],
  ];

  it.each(cases)('%s', async (_name, explain) => {
    const stages = stagesOf(await explain());
    expect(stages.some((stage) => INDEX_STAGES.has(stage))).toBe(true);
    expect(stages).not.toContain('COLLSCAN');
  });

  it.each([
    ['readers’ list', { status: 'PUBLISHED' }],
    ['editors’ page', {}],
    ['readers’ list in one language', { status: 'PUBLISHED', language: 'zh' }],
    ['editors’ page in one language', { language: 'zh' }],
  ])('the %s of interviews is read in index order, not sorted in memory', async (_name, filter) => {
    const stages = stagesOf(await find('interviews', filter, { publishedAt: -1, _id: -1 }, 21));
    expect(stages).toContain('IXSCAN');
    expect(stages).not.toContain('SORT');
  });

  const countExamining = async (collection: string, filter: Document) => {
    const explained = await t.db.command({
      explain: {
        aggregate: collection,
        pipeline: [{ $match: filter }, { $group: { _id: 1, n: { $sum: 1 } } }],
        cursor: {},
      },
      verbosity: 'executionStats',
    });
    return JSON.stringify(explained);
  };

  it.each([
    ['an interview’s entries', 'answers', { interview_id: interviewIds[0] }],
    ['the readers’ interviews (totalCount)', 'interviews', { status: 'PUBLISHED' }],
    ['admins', 'users', { role: 'ADMIN' }],
  ])('counting %s reads index keys, not documents', async (_name, collection, filter) => {
    const explained = await countExamining(collection, filter);
    expect(explained).toContain('"totalDocsExamined":0');
    expect(explained).not.toContain('"COLLSCAN"');
    expect(explained).not.toContain('"FETCH"');
  });
});

describe('indexes of earlier versions', () => {
  it('are replaced at start: the readers’ list index gains _id, the old one is dropped', async () => {
    const t = await openTestDatabase();
    try {
      await t.db
        .collection(Collections.interviews)
        .createIndex({ status: 1, publishedAt: -1 }, { name: 'status_publishedAt' });
      await ensureIndexes(t.db);
      const names = (await t.db.collection(Collections.interviews).indexes()).map((index) => index.name);
      expect(names).toContain('status_publishedAt_id');
      expect(names).not.toContain('status_publishedAt');
      // Starting again changes nothing.
      await ensureIndexes(t.db);
      expect((await t.db.collection(Collections.interviews).indexes()).map((index) => index.name)).toEqual(
        names,
      );
    } finally {
      await t.cleanup();
    }
  });
});
