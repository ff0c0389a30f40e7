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

  it('facets every match by speaker, interview, publisher and language, or only the phrase matches', () => {
    const facetIndex = new SearchIndex();
    const [first, second] = [new ObjectId().toHexString(), new ObjectId().toHexString()];
    const [ann, bo] = [new ObjectId().toHexString(), new ObjectId().toHexString()];
    facetIndex.upsert(interview(first, true));
    facetIndex.upsert({ ...interview(second, true), publisher: 'Daily', language: 'zh' });
    facetIndex.upsert({
      kind: 'SPEAKER',
      key: keyOf('SPEAKER', ann),
      id: ann,
      name: 'Ann custody',
      title: null,
      organization: null,
      bio: null,
    });
    const texts = ['custody rules', 'rules of custody', 'custody rules again'];
    texts.forEach((text, i) => {
      const [record] = entries(i < 2 ? first : second, 1);
      facetIndex.upsert({ ...record, speakerId: i === 0 ? ann : bo, text });
    });
    const wide = facetIndex.search({ ...request('custody', 10, true), entriesOnly: false, idsOnly: false });
    expect(wide.facets.speakers).toEqual([
      { value: ann, count: 2 },
      { value: bo, count: 2 },
    ]);
    expect(wide.facets.interviews).toEqual(
      [
        { value: first, count: 2 },
        { value: second, count: 1 },
      ].sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1)),
    );
    expect(wide.facets.publishers).toEqual([
      { value: 'Weekly', count: 2 },
      { value: 'Daily', count: 1 },
    ]);
    expect(wide.facets.languages).toEqual([
      { value: 'en', count: 2 },
      { value: 'zh', count: 1 },
    ]);
    const phrase = facetIndex.search({
      ...request('"custody rules"', 10, true),
      entriesOnly: false,
      idsOnly: false,
    });
    expect(phrase.totalCount).toBe(2);
    expect(phrase.facets.speakers).toEqual(
      [
        { value: ann, count: 1 },
        { value: bo, count: 1 },
      ].sort((a, b) => (a.value < b.value ? -1 : 1)),
    );
    expect(phrase.facets.publishers).toEqual([
      { value: 'Daily', count: 1 },
      { value: 'Weekly', count: 1 },
    ]);
  });
});
