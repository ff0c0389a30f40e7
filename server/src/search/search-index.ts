import MiniSearch, { Query, SearchResult } from 'minisearch';
import type { ParsedQuery, QueryTerm } from './query-parser';
import {
  INDEXED_FIELDS,
  IndexedField,
  indexedFieldText,
  InterviewRecord,
  SearchRecord,
  recordTexts,
} from './search-records';
import { buildSnippets, matcherFor, Snippet } from './snippets';
import { termsOf, TextToken, tokenize } from './text-analysis';

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
 * words is about them).
 */
export const FIELD_BOOSTS: Readonly<Record<IndexedField, number>> = {
  title: 3,
  section: 1.5,
  question: 1.5,
  text: 1,
};
/** How much closeness adds: words side by side multiply the score by 1 + PROXIMITY_WEIGHT. */
export const PROXIMITY_WEIGHT = 1;
/** How many of the best library-scored hits are re-ranked by proximity (the rest keep their order after). */
export const RERANKED = 100;
/** How many candidates of a phrase query are checked against the text. */
export const PHRASE_CHECKS = 2000;
const MAX_FACET_VALUES = 20;

interface IndexedDocument {
  key: string;
}

/**
 * The in-memory full-text index of one instance: MiniSearch (BM25+ over the indexed fields, with field
 * boosts) finds and scores the records that hold every query word; this class keeps the records
 * themselves (text for snippets and phrases, references for visibility, filters and facets), checks
 * phrases and exclusions, re-ranks the best hits by how close together their words stand, and pages.
 */
export class SearchIndex {
  private readonly records = new Map<string, SearchRecord>();
  private readonly interviews = new Map<string, InterviewRecord>();
  private readonly engine: MiniSearch<IndexedDocument>;

  constructor() {
    this.engine = new MiniSearch<IndexedDocument>({
      idField: 'key',
      fields: [...INDEXED_FIELDS],
      storeFields: [],
      extractField: (document, field) => {
        if (field === 'key') return document.key;
        const record = this.records.get(document.key);
        return record ? indexedFieldText(record, field as IndexedField) : '';
      },
      tokenize: termsOf,
      processTerm: (term) => term,
      searchOptions: { tokenize: (text) => [text], processTerm: (term) => term },
      // Removals pass the document as indexed (its terms are known), so no tombstones are left behind and
      // every instance's statistics depend only on what is indexed, not on the order it got there.
      autoVacuum: false,
    });
  }

  get size(): number {
    return this.records.size;
  }

  has(key: string): boolean {
    return this.records.has(key);
  }

  /** Adds the record, or replaces the one with its key. */
  upsert(record: SearchRecord): void {
    this.remove(record.key);
    this.records.set(record.key, record);
    if (record.kind === 'INTERVIEW') this.interviews.set(record.id, record);
    this.engine.add({ key: record.key });
  }

  remove(key: string): void {
    const previous = this.records.get(key);
    if (!previous) return;
    // The library re-reads the removed document's fields through extractField: the record must still be there.
    this.engine.remove({ key });
    this.records.delete(key);
    if (previous.kind === 'INTERVIEW') this.interviews.delete(previous.id);
  }

  clear(): void {
    this.engine.removeAll();
    this.records.clear();
    this.interviews.clear();
  }

  search(request: SearchRequest): SearchOutcome {
    const { query } = request;
    if (query.terms.length === 0) return { totalCount: 0, hits: [], facets: emptyFacets() };
    const matches = this.engine.search(toLibraryQuery(query), {
      boost: { ...FIELD_BOOSTS },
      filter: (result) => this.allowed(result, request),
    });
    const phrases = query.phrases;
    const excluded = query.excludedPhrases;
    let kept: readonly SearchResult[] = matches;
    let unverified = 0;
    if (phrases.length > 0 || excluded.length > 0) {
      // Phrases are checked on the text, best library score first; past PHRASE_CHECKS candidates the rest
      // is estimated from the share that passed (the total becomes an estimate, as documented).
      const checked = matches.slice(0, PHRASE_CHECKS);
      kept = checked.filter((match) => {
        const record = this.records.get(match.id as string);
        if (!record) return false;
        const fields = fieldTokens(record);
        return (
          phrases.every((phrase) => fields.some((tokens) => containsPhrase(tokens, phrase))) &&
          !excluded.some((phrase) => fields.some((tokens) => containsPhrase(tokens, phrase)))
        );
      });
      unverified = Math.round(
        ((matches.length - checked.length) * kept.length) / Math.max(1, checked.length),
      );
    }
    const ranked = this.rank(kept, query.terms);
    const page = ranked.slice(request.offset, request.offset + request.limit);
    return {
      totalCount: ranked.length + unverified,
      hits: page.map(({ record, score }) => ({
        record,
        score,
        snippets: buildSnippets(recordTexts(record), query.terms),
      })),
      facets: this.facets(ranked.map(({ record }) => record)),
    };
  }

  /** The interview record of an entry or interview (for its title, slug, publisher, language). */
  interviewOf(record: SearchRecord): InterviewRecord | null {
    if (record.kind === 'SPEAKER') return null;
    return this.interviews.get(record.interviewId) ?? null;
  }

  speakerName(id: string): string | null {
    const record = this.records.get(`S:${id}`);
    return record?.kind === 'SPEAKER' ? record.name : null;
  }

  interviewTitle(id: string): string | null {
    return this.interviews.get(id)?.title ?? null;
  }

  private allowed(result: SearchResult, request: SearchRequest): boolean {
    const record = this.records.get(result.id as string);
    if (!record) return false;
    const { filter } = request;
    if (record.kind === 'SPEAKER') {
      if (filter.interviewId || filter.publisher || filter.language) return false;
      return !filter.speakerId || filter.speakerId === record.id;
    }
    const interview = this.interviews.get(record.interviewId);
    if (!request.includeDrafts && !interview?.published) return false;
    if (filter.interviewId && filter.interviewId !== record.interviewId) return false;
    if (filter.publisher && filter.publisher !== interview?.publisher) return false;
    if (filter.language && filter.language !== interview?.language) return false;
    if (filter.speakerId) return record.kind === 'ENTRY' && record.speakerId === filter.speakerId;
    return true;
  }

  /**
   * BM25+ from the library, times a proximity factor for the RERANKED best: 1 + PROXIMITY_WEIGHT × ((the
   * number of distinct query words − 1) / (the fewest consecutive words of one field that hold them all − 1))².
   * Ties (after rounding, so that float noise cannot differ between instances) go to the smaller key.
   */
  private rank(
    matches: readonly SearchResult[],
    terms: readonly QueryTerm[],
  ): { record: SearchRecord; score: number }[] {
    const scored = matches
      .map((match) =>
        rounded({ record: this.records.get(match.id as string) as SearchRecord, score: match.score }),
      )
      .sort(byScore);
    const distinct = new Set(terms.map((term) => (term.prefix ? `p:${term.folded}` : term.term))).size;
    if (distinct < 2) return scored;
    const match = matcherFor(terms);
    const head = scored.slice(0, RERANKED).map(({ record, score }) => {
      const span = fieldTokens(record).reduce(
        (best, tokens) => Math.min(best, shortestSpan(tokens, match, terms.length)),
        Infinity,
      );
      const closeness = Number.isFinite(span) ? ((distinct - 1) / Math.max(distinct - 1, span - 1)) ** 2 : 0;
      return { record, score: score * (1 + PROXIMITY_WEIGHT * closeness) };
    });
    return [...head.map(rounded).sort(byScore), ...scored.slice(RERANKED)];
  }

  private facets(records: readonly SearchRecord[]): SearchFacets {
    const speakers = new Map<string, number>();
    const interviews = new Map<string, number>();
    const publishers = new Map<string, number>();
    const languages = new Map<string, number>();
    const bump = (counts: Map<string, number>, value: string | null) => {
      if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
    };
    for (const record of records) {
      if (record.kind === 'SPEAKER') {
        bump(speakers, record.id);
        continue;
      }
      if (record.kind === 'ENTRY') bump(speakers, record.speakerId);
      bump(interviews, record.interviewId);
      const interview = this.interviews.get(record.interviewId);
      bump(publishers, interview?.publisher ?? null);
      bump(languages, interview?.language ?? null);
    }
    return {
      speakers: topCounts(speakers),
      interviews: topCounts(interviews),
      publishers: topCounts(publishers),
      languages: topCounts(languages),
    };
  }
}

function toLibraryQuery(query: ParsedQuery): Query {
  const positive: Query = {
    combineWith: 'AND',
    queries: query.terms.map((term): Query =>
      term.prefix
        ? { combineWith: 'OR', prefix: true, queries: [...new Set([term.term, term.folded])] }
        : term.term,
    ),
  };
  if (query.excludedTerms.length === 0) return positive;
  return { combineWith: 'AND_NOT', queries: [positive, ...query.excludedTerms] };
}

function fieldTokens(record: SearchRecord): TextToken[][] {
  return INDEXED_FIELDS.map((field) => indexedFieldText(record, field))
    .filter((text) => text.length > 0)
    .map((text) => tokenize(text));
}

function containsPhrase(tokens: readonly TextToken[], phrase: readonly string[]): boolean {
  outer: for (let i = 0; i + phrase.length <= tokens.length; i += 1) {
    for (let j = 0; j < phrase.length; j += 1) if (tokens[i + j].folded !== phrase[j]) continue outer;
    return true;
  }
  return false;
}

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
