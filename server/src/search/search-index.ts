import quickselect from 'quickselect';
import type { ParsedQuery, QueryTerm } from './query-parser';
import {
  INDEXED_FIELDS,
  IndexedField,
  indexedFieldText,
  InterviewRecord,
  peopleIdsOf,
  SearchRecord,
  recordTexts,
} from './search-records';
import { Matches, PostingIndex, WeightedTerm } from './posting-index';
import { buildSnippets, matcherFor, Snippet } from './snippets';
import { sameLanguage } from '../shared/language';
import { phraseFinder, runFinder, termsOf, TextToken, tokenize } from './text-analysis';

export interface SearchFilterValues {
  speakerId?: string | null;
  interviewId?: string | null;
  publisher?: string | null;
  language?: string | null;
}

export interface SearchRequest {
  query: ParsedQuery;
  filter: SearchFilterValues;
  /** Editors see drafts' entries and interviews; readers published ones only. */
  includeDrafts: boolean;
  offset: number;
  limit: number;
  /** Entries only, without snippets or facets (the Answers list's `q`). */
  entriesOnly?: boolean;
  idsOnly?: boolean;
}

export interface RankedHit {
  record: SearchRecord;
  score: number;
  snippets: Snippet[];
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface SearchFacets {
  speakers: FacetCount[];
  interviews: FacetCount[];
  publishers: FacetCount[];
  languages: FacetCount[];
}

export interface SearchOutcome {
  totalCount: number;
  hits: RankedHit[];
  facets: SearchFacets;
}

/**
 * Field weights: a word in an interview's title or a speaker's name counts three times a word of running
 * text; in a section heading or a question one and a half times (an entry whose question is about the
 * words is about them); in the name of an entry's speaker or questioner half as much (it says who speaks,
 * not what about, so "Ortega MiCA" finds her entries on MiCA without outranking what they say).
 */
export const FIELD_BOOSTS: Readonly<Record<IndexedField, number>> = {
  title: 3,
  section: 1.5,
  question: 1.5,
  text: 1,
  people: 0.5,
};
/**
 * How much an interview's own hit (its title and intro) counts of its BM25+ score: INTERVIEW_WEIGHT, and
 * INTERVIEW_WEIGHT_PER_ENTRY more for each of its entries found that says the words (not only in its
 * speaker's name), up to all of it. Title and intro name each topic of an interview in few words, once:
 * the entry that is about the words, or the speaker a name names, comes before an interview that only lists
 * them; an interview whose entries keep returning to them is about them.
 */
export const INTERVIEW_WEIGHT = 0.35;
export const INTERVIEW_WEIGHT_PER_ENTRY = 0.2;
/** How much closeness adds: words side by side multiply the score by 1 + PROXIMITY_WEIGHT. */
export const PROXIMITY_WEIGHT = 1;
/** How much a bare number counts for a query amount with its currency sign ("100" for "$100"). */
export const BARE_NUMBER_WEIGHT = 0.5;
/** How many of the best BM25+-scored hits are re-ranked by proximity (the rest keep their order after). */
export const RERANKED = 100;
/** How many candidates of a phrase query are checked against the text. */
export const PHRASE_CHECKS = 2000;
const MAX_FACET_VALUES = 20;

/**
 * The in-memory full-text index of one instance: a PostingIndex finds the records that hold every query
 * word (rarest word first) and scores them by BM25+ over the indexed fields with field boosts; this class
 * keeps the records themselves (text for snippets and phrases, references for visibility, filters and
 * facets), checks phrases, re-ranks the best hits by how close together their words stand, and pages.
 */
export class SearchIndex {
  private readonly records = new Map<string, SearchRecord>();
  /** Each interview's current record, shared by its entries' postings (so visibility needs no lookup). */
  private readonly interviews = new Map<string, InterviewSlot>();
  /** Interviews and speakers numbered, so that facets are counted in arrays. */
  private readonly interviewSlots: InterviewSlot[] = [];
  private readonly speakerNumbers = new Map<string, number>();
  private readonly speakerIds: string[] = [];
  /** How many indexed entries name each speaker (as speaker or questioner): a rename re-indexes them. */
  private readonly entriesNaming = new Map<string, number>();
  /** The names each entry was indexed with (its `people` field then): what taking it out removes. */
  private readonly indexedPeople = new Map<string, string>();
  /** Entries indexed with a speaker's earlier name (or none): reindexStale indexes them again. */
  private readonly stale = new Set<string>();
  private engine = newEngine();
  private readonly nameOf = (speakerId: string): string | null => this.speakerName(speakerId);

  get size(): number {
    return this.records.size;
  }

  /** Changes with every record added, replaced or removed: results computed at one generation hold until the next. */
  get generation(): number {
    return this.changes;
  }
  private changes = 0;

  has(key: string): boolean {
    return this.records.has(key);
  }

  /**
   * Adds the record, or replaces the one with its key. A speaker's new or changed name leaves the entries
   * that name the speaker stale (their `people` field holds the name): reindexStale indexes them again, a
   * slice at a time, since a host may have asked in thousands of entries.
   */
  upsert(record: SearchRecord): void {
    const previous = this.records.get(record.key);
    const renamed =
      record.kind === 'SPEAKER' && !(previous?.kind === 'SPEAKER' && previous.name === record.name);
    this.put(record);
    if (renamed) this.markEntriesNamingStale(record.id);
  }

  remove(key: string): void {
    const previous = this.records.get(key);
    this.drop(key);
    if (previous?.kind === 'SPEAKER') this.markEntriesNamingStale(previous.id);
  }

  /** How many entries wait to be indexed again under their speakers' current names. */
  get staleCount(): number {
    return this.stale.size;
  }

  /**
   * Indexes stale entries again under their speakers' current names, for about `budgetMs` (all of them when
   * omitted); returns whether some are left.
   */
  reindexStale(budgetMs = Infinity): boolean {
    const started = performance.now();
    for (const key of this.stale) {
      this.stale.delete(key);
      const record = this.records.get(key);
      if (record) this.put(record);
      if (performance.now() - started >= budgetMs) break;
    }
    return this.stale.size > 0;
  }

  private markEntriesNamingStale(speakerId: string): void {
    if ((this.entriesNaming.get(speakerId) ?? 0) === 0) return;
    for (const record of this.records.values()) {
      if (record.kind === 'ENTRY' && (record.speakerId === speakerId || record.questionerId === speakerId)) {
        this.stale.add(record.key);
      }
    }
  }

  private put(record: SearchRecord): void {
    this.changes += 1;
    this.drop(record.key);
    this.records.set(record.key, record);
    if (record.kind === 'ENTRY') {
      for (const id of peopleIdsOf(record)) this.entriesNaming.set(id, (this.entriesNaming.get(id) ?? 0) + 1);
      const people = indexedFieldText(record, 'people', this.nameOf);
      if (people) this.indexedPeople.set(record.key, people);
    }
    if (record.kind === 'INTERVIEW') this.slotOf(record.id).record = record;
    const interview = record.kind === 'SPEAKER' ? null : this.slotOf(record.interviewId);
    const speakerId =
      record.kind === 'SPEAKER' ? record.id : record.kind === 'ENTRY' ? record.speakerId : null;
    const speaker = speakerId === null ? -1 : this.speakerNumber(speakerId);
    const addWord = (word: string, term: string) => this.engine.addWord(word, term);
    this.engine.add(record.key, { record, interview, speaker }, this.fieldTerms(record, addWord));
  }

  private drop(key: string): void {
    const previous = this.records.get(key);
    if (!previous) return;
    this.changes += 1;
    this.engine.remove(key, this.fieldTerms(previous));
    this.records.delete(key);
    this.indexedPeople.delete(key);
    this.stale.delete(key);
    if (previous.kind === 'ENTRY') {
      for (const id of peopleIdsOf(previous)) {
        const count = (this.entriesNaming.get(id) ?? 0) - 1;
        if (count > 0) this.entriesNaming.set(id, count);
        else this.entriesNaming.delete(id);
      }
    }
    if (previous.kind === 'INTERVIEW') this.slotOf(previous.id).record = null;
  }

  clear(): void {
    this.changes += 1;
    this.engine = newEngine();
    this.records.clear();
    this.interviews.clear();
    this.interviewSlots.length = 0;
    this.speakerNumbers.clear();
    this.speakerIds.length = 0;
    this.entriesNaming.clear();
    this.indexedPeople.clear();
    this.stale.clear();
  }

  search(request: SearchRequest): SearchOutcome {
    const { query } = request;
    if (query.terms.length === 0) return { totalCount: 0, hits: [], facets: emptyFacets() };
    const groups = query.terms.map((term) => this.termsFor(term));
    // The terms each prefix was found under, so that snippets and proximity see the same words matched.
    const reached = groups.map((group, at) =>
      query.terms[at].prefix ? new Set(group.map(({ id }) => this.engine.termOf(id))) : new Set<string>(),
    );
    const matches = this.engine.match(groups, query.excludedTerms, this.acceptFor(request));
    if (!request.entriesOnly) this.weighInterviews(matches);
    const phrases = query.phrases;
    const excluded = query.excludedPhrases;
    const runs = query.runs;
    const requiredRuns = runs.filter((run) => run.quoted);
    const preferredRuns = runs.filter((run) => !run.quoted);
    const checking = phrases.length > 0 || excluded.length > 0 || requiredRuns.length > 0;
    const wanted =
      checking || preferredRuns.length > 0
        ? Math.max(PHRASE_CHECKS, request.offset + request.limit)
        : Math.max(RERANKED, request.offset + request.limit);
    const best = this.best(matches, wanted);
    let kept = best;
    let unverified = 0;
    let facetDocs: ArrayLike<number> = matches.docs;
    if (checking) {
      // Phrases and quoted CJK runs are checked on the text, best score first; past PHRASE_CHECKS candidates
      // the rest is estimated from the share that passed (the total becomes an estimate, as documented).
      const required = [
        ...phrases.map(({ words, endsInPrefix }) => phraseFinder(words, endsInPrefix)),
        ...requiredRuns.map(({ text }) => runFinder(text)),
      ];
      const refused = excluded.map((words) => phraseFinder(words));
      kept = best.filter(({ record }) => {
        const texts = this.fieldTexts(record);
        return required.every((holds) => texts.some(holds)) && !refused.some((holds) => texts.some(holds));
      });
      unverified = Math.round(((matches.docs.length - best.length) * kept.length) / Math.max(1, best.length));
      facetDocs = kept.map(({ doc }) => doc);
    }
    // Words of one run of CJK words, and no other: they stand together in every hit that holds the run.
    const together = runs.length === 1 && query.terms.every((_, at) => runs[0].terms.includes(at));
    let ranked: { record: SearchRecord; score: number }[];
    if (preferredRuns.length > 0) {
      // Hits holding each unquoted run as typed first; those with its words apart still follow.
      const holdsRuns = preferredRuns.map(({ text }) => runFinder(text));
      const whole: typeof kept = [];
      const apart: typeof kept = [];
      for (const hit of kept) {
        const texts = this.fieldTexts(hit.record);
        (holdsRuns.every((holds) => texts.some(holds)) ? whole : apart).push(hit);
      }
      ranked = [
        ...this.rank(whole, query.terms, reached, together),
        ...this.rank(apart, query.terms, reached, false, query.ignoredBetween),
      ];
    } else {
      const isTogether = together && requiredRuns.length === 1;
      ranked = this.rank(kept, query.terms, reached, isTogether, query.ignoredBetween);
    }
    const page = ranked.slice(request.offset, request.offset + request.limit);
    return {
      totalCount: checking ? kept.length + unverified : matches.docs.length,
      hits: page.map(({ record, score }) => ({
        record,
        score,
        snippets: request.idsOnly ? [] : buildSnippets(recordTexts(record), query, reached),
      })),
      facets: request.idsOnly ? emptyFacets() : this.facets(facetDocs),
    };
  }

  /** Scales interviews' scores by INTERVIEW_WEIGHT and how many of their entries found say the words. */
  private weighInterviews(matches: Matches): void {
    const saying = new Int32Array(this.interviewSlots.length);
    const notOnlyNames = ~(1 << INDEXED_FIELDS.indexOf('people'));
    let interviews = 0;
    for (let at = 0; at < matches.docs.length; at += 1) {
      const { record, interview } = this.engine.valueOf(matches.docs[at]);
      if (record.kind === 'INTERVIEW') interviews += 1;
      else if (record.kind === 'ENTRY' && interview && (matches.fields[at] & notOnlyNames) !== 0) {
        saying[interview.number] += 1;
      }
    }
    if (interviews === 0) return;
    for (let at = 0; at < matches.docs.length; at += 1) {
      const { record, interview } = this.engine.valueOf(matches.docs[at]);
      if (record.kind !== 'INTERVIEW' || !interview) continue;
      const weight = INTERVIEW_WEIGHT + INTERVIEW_WEIGHT_PER_ENTRY * saying[interview.number];
      matches.scores[at] *= Math.min(1, weight);
    }
  }

  /** The interview record of an entry or interview (for its title, slug, publisher, language). */
  interviewOf(record: SearchRecord): InterviewRecord | null {
    if (record.kind === 'SPEAKER') return null;
    return this.interviews.get(record.interviewId)?.record ?? null;
  }

  speakerName(id: string): string | null {
    const record = this.records.get(`S:${id}`);
    return record?.kind === 'SPEAKER' ? record.name : null;
  }

  interviewTitle(id: string): string | null {
    return this.interviews.get(id)?.record?.title ?? null;
  }

  private slotOf(interviewId: string): InterviewSlot {
    let slot = this.interviews.get(interviewId);
    if (!slot) {
      slot = { id: interviewId, number: this.interviewSlots.length, record: null };
      this.interviews.set(interviewId, slot);
      this.interviewSlots.push(slot);
    }
    return slot;
  }

  private speakerNumber(speakerId: string): number {
    let number = this.speakerNumbers.get(speakerId);
    if (number === undefined) {
      number = this.speakerIds.length;
      this.speakerNumbers.set(speakerId, number);
      this.speakerIds.push(speakerId);
    }
    return number;
  }

  private fieldTerms(record: SearchRecord, addWord?: (word: string, term: string) => void): string[][] {
    return INDEXED_FIELDS.map((field) => termsOf(this.fieldText(record, field), addWord));
  }

  private fieldTexts(record: SearchRecord): string[] {
    return INDEXED_FIELDS.map((field) => this.fieldText(record, field)).filter((text) => text.length > 0);
  }

  /** A field's text as the record is indexed: an entry's names as they were when it was indexed. */
  private fieldText(record: SearchRecord, field: IndexedField): string {
    if (field === 'people' && record.kind === 'ENTRY') return this.indexedPeople.get(record.key) ?? '';
    return indexedFieldText(record, field, this.nameOf);
  }

  /**
   * The indexed terms a query word stands for. A number typed with its currency sign ("$100") stands for the
   * signed amount and, at BARE_NUMBER_WEIGHT, for the number alone, which still matches.
   */
  private termsFor(term: QueryTerm): WeightedTerm[] {
    const terms = this.engine.expand(term.term, term.prefix ? [term.term, term.folded] : []);
    if (term.withSign === undefined) return terms;
    const weights = new Map(terms.map(({ id, weight }) => [id, weight * BARE_NUMBER_WEIGHT]));
    for (const { id, weight } of this.engine.expand(term.withSign, term.prefix ? [term.withSign] : [])) {
      weights.set(id, Math.max(weight, weights.get(id) ?? 0));
    }
    return [...weights].map(([id, weight]) => ({ id, weight })).sort((a, b) => a.id - b.id);
  }

  /** Which matches the request may see (undefined: all of them). */
  private acceptFor(request: SearchRequest): ((doc: number) => boolean) | undefined {
    const { filter, includeDrafts, entriesOnly } = request;
    const { interviewId, publisher, language, speakerId } = filter;
    if (includeDrafts && !entriesOnly && !interviewId && !publisher && !language && !speakerId)
      return undefined;
    return (doc) => {
      const { record, interview: slot } = this.engine.valueOf(doc);
      if (entriesOnly && record.kind !== 'ENTRY') return false;
      if (record.kind === 'SPEAKER') {
        if (interviewId || publisher || language) return false;
        return !speakerId || speakerId === record.id;
      }
      const interview = slot?.record;
      if (!includeDrafts && !interview?.published) return false;
      if (interviewId && interviewId !== record.interviewId) return false;
      if (publisher && publisher !== interview?.publisher) return false;
      if (language && !(interview && sameLanguage(language, interview.language))) return false;
      if (speakerId) return record.kind === 'ENTRY' && record.speakerId === speakerId;
      return true;
    };
  }

  /**
   * The `wanted` best matches by score rounded to 1e-6 (so that float noise cannot differ between
   * instances), ties to the smaller key: a numeric sort of the scores finds the cut, then only the
   * matches at or above it are sorted in full.
   */
  private best(matches: Matches, wanted: number): { record: SearchRecord; score: number; doc: number }[] {
    const scores = matches.scores.map((score) => Math.round(score * 1e6) / 1e6);
    const cut = scores.length > wanted ? nthLargest(Float64Array.from(scores), wanted) : -Infinity;
    const chosen: { record: SearchRecord; score: number; doc: number }[] = [];
    for (let at = 0; at < scores.length; at += 1) {
      const score = scores[at];
      const doc = matches.docs[at];
      if (score >= cut) chosen.push({ record: this.engine.valueOf(doc).record, score, doc });
    }
    return chosen.sort(byScore).slice(0, wanted);
  }

  /**
   * The proximity factor for the RERANKED best: 1 + PROXIMITY_WEIGHT × ((the number of distinct query
   * words − 1) / (the fewest consecutive words of one field that hold them all − 1))². Ties (after
   * rounding) go to the smaller key. With `together`, the words are known to stand side by side in every
   * hit (the words of one CJK run, checked on the text), so the factor is the greatest without measuring.
   * Function words the query left out between its words (`ignored`) count as typed: "move to Dubai" is as
   * close as it gets in "moved to Dubai".
   */
  private rank(
    scored: readonly { record: SearchRecord; score: number }[],
    terms: readonly QueryTerm[],
    reached: readonly ReadonlySet<string>[],
    together = false,
    ignored = 0,
  ): { record: SearchRecord; score: number }[] {
    const distinct = new Set(terms.map((term) => (term.prefix ? `p:${term.folded}` : term.term))).size;
    if (distinct < 2) return [...scored];
    const closest = distinct - 1 + ignored;
    const match = matcherFor(terms, reached);
    const head = scored.slice(0, RERANKED).map(({ record, score }) => {
      const span = together
        ? distinct
        : this.fieldTexts(record)
            .map((text) => tokenize(text))
            .reduce((best, tokens) => Math.min(best, shortestSpan(tokens, match, terms.length)), Infinity);
      const closeness = Number.isFinite(span) ? (closest / Math.max(closest, span - 1)) ** 2 : 0;
      return { record, score: score * (1 + PROXIMITY_WEIGHT * closeness) };
    });
    return [...head.map(rounded).sort(byScore), ...scored.slice(RERANKED)];
  }

  /** Counts by speaker and interview; publisher and language are the interview's, so they follow from its count. */
  private facets(docs: ArrayLike<number>): SearchFacets {
    const bySpeaker = new Int32Array(this.speakerIds.length);
    const byInterview = new Int32Array(this.interviewSlots.length);
    for (let at = 0; at < docs.length; at += 1) {
      const { speaker, interview } = this.engine.valueOf(docs[at]);
      if (speaker !== -1) bySpeaker[speaker] += 1;
      if (interview) byInterview[interview.number] += 1;
    }
    const speakers = new Map<string, number>();
    bySpeaker.forEach((count, number) => {
      if (count > 0) speakers.set(this.speakerIds[number], count);
    });
    const interviews = new Map<string, number>();
    const publishers = new Map<string, number>();
    const languages = new Map<string, number>();
    const bump = (counts: Map<string, number>, value: string | null | undefined, by: number) => {
      if (value) counts.set(value, (counts.get(value) ?? 0) + by);
    };
    byInterview.forEach((count, number) => {
      if (count === 0) return;
      const slot = this.interviewSlots[number];
      interviews.set(slot.id, count);
      bump(publishers, slot.record?.publisher, count);
      bump(languages, slot.record?.language, count);
    });
    return {
      speakers: topCounts(speakers),
      interviews: topCounts(interviews),
      publishers: topCounts(publishers),
      languages: topCounts(languages),
    };
  }
}

/** An interview's record as it is now (null while there is none), shared by the postings of its entries. */
interface InterviewSlot {
  id: string;
  /** Its place among the index's interviews (for counting). */
  number: number;
  record: InterviewRecord | null;
}

/** What the postings hold of each record. */
interface Indexed {
  record: SearchRecord;
  interview: InterviewSlot | null;
  /** The number of the speaker it counts for in facets (a speaker's own, an entry's speaker's), or -1. */
  speaker: number;
}

function newEngine(): PostingIndex<Indexed> {
  return new PostingIndex<Indexed>(INDEXED_FIELDS.map((field) => FIELD_BOOSTS[field]));
}

/**
 * The value that would stand n-th (from 1) if `values` were sorted from largest down, in linear time where a
 * sort would take n log n; `values` is reordered.
 */
function nthLargest(values: Float64Array, n: number): number {
  quickselect(values, n - 1, 0, values.length - 1, largestFirst);
  return values[n - 1];
}

const largestFirst = (a: number, b: number): number => b - a;

/** The fewest consecutive tokens that hold every query word (Infinity when some word is missing). */
function shortestSpan(
  tokens: readonly TextToken[],
  match: (token: TextToken) => number,
  termCount: number,
): number {
  const positions: { at: number; term: number }[] = [];
  tokens.forEach((token, at) => {
    const term = match(token);
    if (term !== -1) positions.push({ at, term });
  });
  const needed = termCount;
  if (distinctTerms(positions) < needed) return Infinity;
  const counts = new Map<number, number>();
  let covered = 0;
  let best = Infinity;
  let left = 0;
  for (const position of positions) {
    const count = counts.get(position.term) ?? 0;
    if (count === 0) covered += 1;
    counts.set(position.term, count + 1);
    while (covered === needed) {
      best = Math.min(best, position.at - positions[left].at + 1);
      const leftTerm = positions[left].term;
      const leftCount = (counts.get(leftTerm) ?? 0) - 1;
      counts.set(leftTerm, leftCount);
      if (leftCount === 0) covered -= 1;
      left += 1;
    }
  }
  return best;
}

function distinctTerms(positions: readonly { term: number }[]): number {
  return new Set(positions.map((position) => position.term)).size;
}

function rounded<T extends { score: number }>(hit: T): T {
  return { ...hit, score: Math.round(hit.score * 1e6) / 1e6 };
}

function byScore(
  a: { record: SearchRecord; score: number },
  b: { record: SearchRecord; score: number },
): number {
  return b.score - a.score || (a.record.key < b.record.key ? -1 : a.record.key > b.record.key ? 1 : 0);
}

function topCounts(counts: Map<string, number>): FacetCount[] {
  return [...counts.entries()]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1))
    .slice(0, MAX_FACET_VALUES);
}

function emptyFacets(): SearchFacets {
  return { speakers: [], interviews: [], publishers: [], languages: [] };
}
