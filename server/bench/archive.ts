/**
 * The generated archive the benchmarks grow: interviews of 20–38 entries (~29 on average) with their
 * speakers and import revisions, deterministic so every run writes the same data. Documents are as an import
 * stores them: each interview keeps its source text, each revision the content it recorded.
 */
import { Document, MongoClient, ObjectId } from 'mongodb';
import { Collections } from '../src/db/collections';

/** The vocabulary of the generated text. */
export const WORDS = (
  'market liquidity custody exchange derivatives regulation compliance wallet settlement users growth ' +
  'institutions product launch team culture strategy region license partners futures spot token ' +
  'security audit reserve trust community feedback risk volatility cycle adoption infrastructure ' +
  'payments stablecoin developers ecosystem incentive research listing education support global'
).split(' ');

/** Deterministic pseudo-random numbers, so every run writes the same archive. */
export function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
const random = generator(11);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

export function sentence(words: number): string {
  const text = Array.from({ length: words }, () => pick(WORDS)).join(' ');
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

export function paragraph(sentences: number): string {
  return Array.from({ length: sentences }, () => sentence(8 + Math.floor(random() * 14))).join(' ');
}

/** Interviews with ~29 entries each, their speakers and the import revisions, written with insertMany. */
export async function growArchive(
  db: ReturnType<MongoClient['db']>,
  from: number,
  to: number,
): Promise<void> {
  const interviewers = await ensureInterviewers(db);
  const BATCH = 250;
  for (let start = from; start < to; start += BATCH) {
    const interviews: Document[] = [];
    const answers: Document[] = [];
    const speakers: Document[] = [];
    const revisions: Document[] = [];
    for (let index = start; index < Math.min(to, start + BATCH); index++) {
      const now = new Date(Date.UTC(2020, 0, 1) + index * 3_600_000);
      const versioned = { version: 1, createdAt: now, updatedAt: now, updatedBy: null };
      const interviewee = {
        _id: new ObjectId(),
        name: `Guest ${index}`,
        nameKey: `guest ${index}`,
        slug: `guest-${index}`,
      };
      speakers.push({
        ...interviewee,
        title: 'Chief Officer',
        organization: `Org ${index % 97}`,
        bio: null,
        ...versioned,
      });
      const interviewer = pick(interviewers);
      const interviewId = new ObjectId();
      const sections = ['Beginnings', 'Growth', 'Outlook'];
      const entryCount = 20 + Math.floor(random() * 19);
      const title = `Interview ${index}: ${sentence(6).slice(0, -1)}`;
      const intro = paragraph(3);
      // The text as an editor pasted it, which an import keeps on the interview.
      const sourceLines = [title, `Guest: ${interviewee.name}`, '', intro];
      for (let position = 1; position <= entryCount; position++) {
        const answerId = new ObjectId();
        const section = sections[Math.min(2, Math.floor((position - 1) / (entryCount / 3)))];
        const content = {
          position,
          section,
          question: `${sentence(10 + Math.floor(random() * 10)).slice(0, -1)}?`,
          questioner_id: interviewer,
          text: paragraph(4 + Math.floor(random() * 6)),
          speaker_id: interviewee._id,
        };
        answers.push({ _id: answerId, interview_id: interviewId, ...content, ...versioned });
        revisions.push(revision('ANSWER', answerId, interviewId, 'IMPORT', now, content));
        if (sourceLines.at(-3) !== `## ${section}`) sourceLines.push('', `## ${section}`);
        sourceLines.push('', `Q: ${content.question}`, `A: ${content.text}`);
      }
      const editable = {
        title,
        slug: `interview-${index}`,
        publisher: `Publisher ${index % 7}`,
        sourceUrl: null,
        language: 'en',
        summary: paragraph(2),
        intro,
        sections,
        boilerplate: ['The opinions expressed are solely the speaker’s.'],
        status: index % 10 === 9 ? 'DRAFT' : 'PUBLISHED',
      };
      interviews.push({
        _id: interviewId,
        ...editable,
        publishedAt: index % 10 === 9 ? null : now,
        firstPublishedAt: index % 10 === 9 ? null : now,
        speaker_ids: [interviewer, interviewee._id],
        source: { text: sourceLines.join('\n'), format: 'QA', fileName: null, importedAt: now },
        ...versioned,
      });
      revisions.push(
        revision('INTERVIEW', interviewId, interviewId, 'IMPORT', now, {
          ...editable,
          format: 'QA',
          entries: entryCount,
        }),
      );
    }
    await db.collection(Collections.speakers).insertMany(speakers, { ordered: false });
    await db.collection(Collections.interviews).insertMany(interviews, { ordered: false });
    await db.collection(Collections.answers).insertMany(answers, { ordered: false });
    await db.collection(Collections.revisions).insertMany(revisions, { ordered: false });
  }
}

function revision(
  entity: string,
  entityId: ObjectId,
  interviewId: ObjectId,
  action: string,
  at: Date,
  after: Document,
): Document {
  return {
    _id: new ObjectId(),
    entity,
    entity_id: entityId,
    interview_id: interviewId,
    version: 1,
    action,
    user_id: null,
    createdAt: at,
    before: null,
    after,
  };
}

async function ensureInterviewers(db: ReturnType<MongoClient['db']>): Promise<ObjectId[]> {
  const speakers = db.collection(Collections.speakers);
  const existing = await speakers
    .find({ nameKey: /^host \d+$/ })
    .project({ _id: 1 })
    .toArray();
  if (existing.length > 0) return existing.map((doc) => doc._id as ObjectId);
  const now = new Date();
  const hosts = Array.from({ length: 40 }, (_, index) => ({
    _id: new ObjectId(),
    name: `Host ${index}`,
    nameKey: `host ${index}`,
    slug: `host-${index}`,
    title: 'Editor',
    organization: 'Wu Blockchain',
    bio: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
    updatedBy: null,
  }));
  await speakers.insertMany(hosts);
  return hosts.map((host) => host._id);
}
