import { ObjectId } from 'mongodb';
import { parseQuery } from '../../src/search/query-parser';
import { SearchIndex, SearchRequest } from '../../src/search/search-index';
import { EntryRecord, InterviewRecord, keyOf, SpeakerRecord } from '../../src/search/search-records';

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

function speaker(id: string, name: string): SpeakerRecord {
  return { kind: 'SPEAKER', key: keyOf('SPEAKER', id), id, name, title: null, organization: null, bio: null };
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

describe('the search index, by the people of an entry', () => {
  const interviewId = new ObjectId().toHexString();
  const [guest, host] = [new ObjectId().toHexString(), new ObjectId().toHexString()];
  const entry = (text: string, speakerId: string | null): EntryRecord => {
    const [record] = entries(interviewId, 1);
    return { ...record, text, speakerId, questionerId: host };
  };
  const spokenByOrtega = entry('MiCA requires an issuer to hold reserves.', guest);
  const aboutOrtega = entry('What Ortega said about MiCA was right.', null);
  const otherMica = entry('MiCA came into force in 2024.', null);
  const fill = (index: SearchIndex, order: 'speakers first' | 'entries first') => {
    const people = [speaker(guest, 'Maria Ortega'), speaker(host, 'Dana Reed')];
    const texts = [spokenByOrtega, aboutOrtega, otherMica];
    for (const record of order === 'speakers first' ? [...people, ...texts] : [...texts, ...people]) {
      index.upsert(record);
    }
    index.upsert(interview(interviewId, true));
    // Entries indexed before their speakers wait to be indexed again under the names.
    index.reindexStale();
  };
  const found = (index: SearchIndex, query: string) =>
    index.search(request(query, 10, true)).hits.map((hit) => hit.record.key);
  const scored = (index: SearchIndex, query: string) =>
    index.search(request(query, 10, true)).hits.map((hit) => [hit.record.key, hit.score]);

  it('finds an entry by its speaker or questioner with its words, ranking the name below the text', () => {
    const index = new SearchIndex();
    fill(index, 'speakers first');
    expect(found(index, 'Ortega MiCA')).toEqual([aboutOrtega.key, spokenByOrtega.key]);
    expect(found(index, 'Dana force')).toEqual([otherMica.key]);
    expect(found(index, 'Ortega force')).toEqual([]);
  });

  it('follows a rename and a removal of the speaker, scoring as an index built afresh would', () => {
    const index = new SearchIndex();
    fill(index, 'entries first');
    index.upsert(speaker(guest, 'Maria Gomez'));
    // Until they are indexed again, the speaker's entries are found under the name they were indexed with.
    expect(index.staleCount).toBe(1);
    expect(found(index, 'Ortega MiCA')).toEqual([aboutOrtega.key, spokenByOrtega.key]);
    expect(index.reindexStale()).toBe(false);
    expect(index.staleCount).toBe(0);
    expect(found(index, 'Ortega MiCA')).toEqual([aboutOrtega.key]);
    expect(found(index, 'Gomez MiCA')).toEqual([spokenByOrtega.key]);
    const fresh = new SearchIndex();
    fill(fresh, 'speakers first');
    fresh.upsert(speaker(guest, 'Maria Gomez'));
    fresh.reindexStale();
    for (const query of ['MiCA', 'Maria', 'Gomez reserves', 'Dana MiCA']) {
      expect(scored(index, query)).toEqual(scored(fresh, query));
    }
    index.remove(keyOf('SPEAKER', guest));
    index.reindexStale();
    expect(found(index, 'Gomez MiCA')).toEqual([]);
    expect(found(index, 'Dana reserves')).toEqual([spokenByOrtega.key]);
  });

  it('indexes a renamed host’s entries again a slice at a time, each slice within its budget', () => {
    const index = new SearchIndex();
    fill(index, 'speakers first');
    const asked = Array.from({ length: 40 }, (_, at) => entry(`Question ${at} on custody.`, guest));
    for (const record of asked) index.upsert(record);
    index.upsert(speaker(host, 'Dana Whitfield'));
    expect(index.staleCount).toBe(asked.length + 3);
    // A budget of nothing still makes progress: one entry per slice.
    expect(index.reindexStale(0)).toBe(true);
    expect(index.staleCount).toBe(asked.length + 2);
    let more = true;
    while (more) {
      const before = index.staleCount;
      more = index.reindexStale(0);
      expect(index.staleCount).toBe(before - 1);
    }
    expect(index.staleCount).toBe(0);
    // Every entry the host asks in, under the new name only.
    expect(index.search(request('Whitfield', 10, true)).totalCount).toBe(asked.length + 3);
    expect(index.search(request('Reed', 10, true)).totalCount).toBe(0);
  });
});

describe('the search index, while a word is typed', () => {
  const interviewId = new ObjectId().toHexString();
  const index = new SearchIndex();
  index.upsert(interview(interviewId, true));
  const [security, running] = entries(interviewId, 2).map((record, at) => ({
    ...record,
    text: at === 0 ? 'Exchange security comes first.' : 'Running a race is like trading.',
  }));
  index.upsert(security);
  index.upsert(running);
  const search = (query: string) => index.search({ ...request(query, 10, true), idsOnly: false });

  it.each([
    ['secu', security, 'security'],
    ['securi', security, 'security'],
    ['securit', security, 'security'],
    ['runni', running, 'Running'],
    ['runnin', running, 'Running'],
  ])('finds %s, typed past the stem, and highlights the word', (query, record, word) => {
    const outcome = search(query);
    expect(outcome.hits.map((hit) => hit.record.key)).toEqual([record.key]);
    const [snippet] = outcome.hits[0].snippets;
    expect(snippet.ranges.map((range) => snippet.text.slice(range.start, range.end))).toEqual([word]);
  });

  it('finds nothing once the typed word leaves every word', () => {
    expect(search('securix').totalCount).toBe(0);
    expect(search('security x').totalCount).toBe(0);
  });
});

describe('the search index, for an amount with its currency sign', () => {
  const interviewId = new ObjectId().toHexString();
  const index = new SearchIndex();
  index.upsert(interview(interviewId, true));
  const texts = [
    'The Western States 100 next summer.',
    'I keep about $100 in a self-custody wallet.',
    '储备金率一直保持在 100% 以上。',
    '我只在钱包里放了 ¥100 左右。',
  ];
  const [race, dollars, reserves, yuan] = entries(interviewId, texts.length).map((record, at) => ({
    ...record,
    text: texts[at],
  }));
  for (const record of [race, dollars, reserves, yuan]) index.upsert(record);
  const found = (query: string) => index.search(request(query, 10, true)).hits.map((hit) => hit.record.key);

  it.each([
    ['$100', dollars],
    ['＄100', dollars],
    ['¥100', yuan],
    ['$10', dollars],
  ])('ranks the amount written as %s above the bare number, which still matches', (query, first) => {
    const keys = found(query);
    expect(keys[0]).toBe(first.key);
    expect(keys).toEqual(expect.arrayContaining([race.key, reserves.key]));
  });

  it('finds the amounts by their number as well, and in phrases', () => {
    expect(found('100').sort()).toEqual([race.key, dollars.key, reserves.key, yuan.key].sort());
    expect(found('"$100 in"')).toEqual([dollars.key]);
  });
});

describe('the search index, ranking what a reader asks for', () => {
  const index = new SearchIndex();
  const newSpeaker = (name: string): SpeakerRecord => speaker(new ObjectId().toHexString(), name);
  const carter = newSpeaker('Ben Carter');
  const host = newSpeaker('Nadia Farouk');
  const made = (title: string, intro: string): InterviewRecord => {
    const id = new ObjectId().toHexString();
    return { ...interview(id, true), title, intro };
  };
  const ama = made(
    'Ask Me Anything: Ben Carter on Wallets and Phishing',
    'A short ask-me-anything with Ben Carter on wallets, phishing and colour schemes.',
  );
  const running = made('Running Ultramarathons', 'Priya on running, racing and markets.');
  const entry = (of: InterviewRecord, key: string, question: string, text: string): EntryRecord => ({
    kind: 'ENTRY',
    key: keyOf('ENTRY', key),
    id: key,
    interviewId: of.id,
    speakerId: carter.id,
    questionerId: host.id,
    position: 0,
    section: null,
    question,
    text,
  });
  const records = [
    carter,
    host,
    ama,
    running,
    entry(ama, 'wallet', 'What is the best hardware wallet?', 'Any one you set up yourself.'),
    entry(ama, 'phishing', 'What phishing trick worries you most?', 'Fake support agents on Discord.'),
    entry(ama, 'colour', 'And the colour scheme?', 'Solarized dark, always.'),
    entry(running, 'start', 'When did you start running?', 'At thirty, after a bad year of trading.'),
    entry(
      running,
      'teach',
      'What does running teach you?',
      'Pacing: running too fast early costs you later.',
    ),
    entry(running, 'week', 'How much do you train?', 'I go running five times a week.'),
    entry(ama, 'move', 'Why did you move to Manchester?', 'The security teams are here.'),
    // An archive holds many more entries than interviews.
    ...Array.from({ length: 20 }, (_, at) =>
      entry(at % 2 ? ama : running, `other-${at}`, 'And then?', 'We shipped it and went home.'),
    ),
  ];
  for (const record of records) index.upsert(record);
  const top = (query: string) =>
    index
      .search({ query: parseQuery(query), filter: {}, includeDrafts: false, offset: 0, limit: 5 })
      .hits.map(({ record }) => record.key);

  it('puts the entry about the words above an interview whose title only lists them', () => {
    expect(top('phishing')[0]).toBe(keyOf('ENTRY', 'phishing'));
    expect(top('phishing ')).toEqual([keyOf('ENTRY', 'phishing'), ama.key]);
  });

  it('keeps first an interview whose entries keep returning to the words, and a speaker named', () => {
    expect(top('running ')[0]).toBe(running.key);
    expect(top('Ben Carter ')[0]).toBe(carter.key);
  });

  it('answers a question typed as people ask it, its function words not required', () => {
    expect(top('why did they move to manchester ')[0]).toBe(keyOf('ENTRY', 'move'));
    expect(top('how do I stop phishing ')).toEqual([]);
    expect(top('what is the best wallet ')[0]).toBe(keyOf('ENTRY', 'wallet'));
  });

  it('finds British and American spellings alike', () => {
    expect(top('color scheme ')[0]).toBe(keyOf('ENTRY', 'colour'));
    expect(top('colour ')[0]).toBe(keyOf('ENTRY', 'colour'));
  });
});
