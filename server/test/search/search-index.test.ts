import { ObjectId } from 'mongodb';
import { parseQuery } from '../../src/search/query-parser';
import { SearchIndex, SearchRequest } from '../../src/search/search-index';
import { EntryRecord, InterviewRecord, keyOf } from '../../src/search/search-records';

function interview(id: string, published: boolean): InterviewRecord {
  return {
    kind: 'INTERVIEW',
    key: keyOf('INTERVIEW', id),
    id,
    interviewId: id,
    title: `Interview ${id.slice(-4)}`,
    slug: `interview-${id}`,
    intro: null,
    summary: null,
    publisher: 'Weekly',
    language: 'en',
    published,
  };
}

/** Entries whose texts repeat the word a varying number of times in varying lengths: many scores, many ties. */
function entries(interviewId: string, count: number): EntryRecord[] {
  return Array.from({ length: count }, (_, position) => {
    const id = new ObjectId().toHexString();
    const repeats = 1 + (position % 6);
    const filler = 'other '.repeat(position % 53);
    return {
      kind: 'ENTRY',
      key: keyOf('ENTRY', id),
      id,
      interviewId,
      speakerId: null,
      questionerId: null,
      position,
      section: null,
      question: position % 5 === 0 ? 'About custody?' : 'A question?',
      text: `${'custody '.repeat(repeats)}${filler}`,
    };
  });
}

const request = (query: string, limit: number, includeDrafts: boolean): SearchRequest => ({
  query: parseQuery(query),
  filter: {},
  includeDrafts,
  offset: 0,
  limit,
  entriesOnly: true,
  idsOnly: true,
});

describe('the search index', () => {
  const published = new ObjectId().toHexString();
  const draft = new ObjectId().toHexString();
  const index = new SearchIndex();
  index.upsert(interview(published, true));
  index.upsert(interview(draft, false));
  for (const record of [...entries(published, 400), ...entries(draft, 100)]) index.upsert(record);
  const ids = (outcome: { hits: { record: { id: string } }[] }) => outcome.hits.map((hit) => hit.record.id);

  it('picks the best hits of a large match as ranking every match would, ties included', () => {
    const all = index.search(request('custody', 1000, true));
    expect(all.totalCount).toBe(500);
    for (const limit of [1, 10, 150, 499]) {
      expect(ids(index.search(request('custody', limit, true)))).toEqual(ids(all).slice(0, limit));
    }
  });

  it('shows readers entries of published interviews only, following a change of publication', () => {
    expect(index.search(request('custody', 1000, false)).totalCount).toBe(400);
    index.upsert(interview(draft, true));
    expect(index.search(request('custody', 1000, false)).totalCount).toBe(500);
    index.remove(keyOf('INTERVIEW', published));
    expect(index.search(request('custody', 1000, false)).totalCount).toBe(100);
    expect(index.search(request('custody', 1000, true)).totalCount).toBe(500);
  });
});
