/**
 * A compact inverted index with BM25+ scoring, built for AND queries over a large archive: each term's
 * postings are (document, per-field frequencies) pairs in increasing document order, so a query walks the
 * rarest word's postings first and only looks the other words up for the documents that survive. Memory
 * is a few bytes a posting (small lists are plain arrays, long ones Int32Arrays) and 8 bytes a document.
 */

/** The BM25+ constants: k saturates term frequency, b normalises by field length, d is the floor a match earns. */
export const BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const;
/** A word found through a typed prefix counts this much (times its share of the word's length) of an exact one. */
export const PREFIX_WEIGHT = 0.375;

// Six bits (counts up to 63, where BM25 has long saturated) leave room for five fields in 30 bits.
const FREQUENCY_BITS = 6;
const MAX_FREQUENCY = (1 << FREQUENCY_BITS) - 1;
const MAX_FIELD_LENGTH = 0xffff;
/** Posting lists stay plain arrays (cheap when tiny, as most are) up to this many numbers. */
const SMALL_LIST = 64;
/** Removed documents leave their postings behind until this share of the documents is dead. */
const DEAD_SHARE_BEFORE_COMPACTION = 0.25;
const MIN_DEAD_BEFORE_COMPACTION = 1000;

/** A term a query word stands for, and how much a match on it counts. */
export interface WeightedTerm {
  id: number;
  weight: number;
}

/** The documents holding every query word (one group per word: the terms it stands for), and their scores. */
export interface Matches {
  docs: Int32Array;
  scores: Float64Array;
  /** Per document, a bit for each field (1 << field index) that holds one of the query words. */
  fields: Int32Array;
}

type PostingList = number[] | Int32Array;

export class PostingIndex<T> {
  private readonly fieldCount: number;
  private readonly termIds = new Map<string, number>();
  private readonly termNames: string[] = [];
  /** Per term: [doc, packed frequencies, doc, packed frequencies, …]. */
  private postings: PostingList[] = [];
  private postingLengths: number[] = [];
  /** Per term and field: how many live documents hold the term in that field. */
  private documentFrequency = new Int32Array(0);
  private sortedTerms: string[] | null = null;
  /**
   * Folded words indexed under a different term (a stem: "security" under "secur"), with that term: a word
   * being typed can run past its stem ("securi"), so prefixes are looked up among the words as well.
   */
  private readonly wordTerms = new Map<string, string>();
  private sortedWords: string[] | null = null;

  private readonly docIds = new Map<string, number>();
  private keys: (string | undefined)[] = [];
  private values: (T | undefined)[] = [];
  private alive = new Uint8Array(0);
  private fieldLengths = new Uint16Array(0);
  private nextDoc = 0;
  private liveDocs = 0;
  private deadDocs = 0;
  private readonly totalFieldLength: number[];

  /** Scratch space of one add, indexed by term (packed frequencies; zero between adds), and the terms it set. */
  private packedScratch = new Int32Array(1024);
  private readonly touchedScratch: number[] = [];

  /** Scratch space of one query, indexed by document. */
  private stamp = new Uint32Array(0);
  private epoch = 0;
  private scratch = new Float64Array(0);
  private heldScratch = new Int32Array(0);

  constructor(private readonly fieldBoosts: readonly number[]) {
    this.fieldCount = fieldBoosts.length;
    this.totalFieldLength = fieldBoosts.map(() => 0);
    if (this.fieldCount * FREQUENCY_BITS > 30) throw new Error('Too many fields to pack frequencies');
  }

  get documentCount(): number {
    return this.liveDocs;
  }

  get termCount(): number {
    return this.termNames.length;
  }

  /** The term a term id stands for. */
  termOf(id: number): string {
    return this.termNames[id];
  }

  /** Remembers that the folded `word` is indexed under `term`, so that `expand` finds it by a prefix of the word. */
  addWord(word: string, term: string): void {
    if (this.wordTerms.has(word)) return;
    this.wordTerms.set(word, term);
    this.sortedWords = null;
  }

  /** What was added with the document. */
  valueOf(doc: number): T {
    return this.values[doc] as T;
  }

  /**
   * Indexes a document under its key, with a value given back for it by `valueOf`; `fields` holds each
   * field's terms in order. The key must be new.
   */
  add(key: string, value: T, fields: readonly (readonly string[])[]): void {
    const doc = this.nextDoc;
    this.nextDoc += 1;
    this.ensureDocCapacity(this.nextDoc);
    this.docIds.set(key, doc);
    this.keys[doc] = key;
    this.values[doc] = value;
    this.alive[doc] = 1;
    this.liveDocs += 1;
    // Each term's frequencies in this document, packed per field, gathered in scratch space by term id.
    const touched = this.touchedScratch;
    for (let field = 0; field < fields.length; field += 1) {
      const terms = fields[field];
      const length = Math.min(terms.length, MAX_FIELD_LENGTH);
      this.fieldLengths[doc * this.fieldCount + field] = length;
      this.totalFieldLength[field] += length;
      const shift = field * FREQUENCY_BITS;
      for (const term of terms) {
        const id = this.termId(term);
        const current = this.packedScratch[id];
        if (current === 0) touched.push(id);
        const frequency = (current >>> shift) & MAX_FREQUENCY;
        if (frequency === 0) this.documentFrequency[id * this.fieldCount + field] += 1;
        if (frequency < MAX_FREQUENCY) this.packedScratch[id] = current + (1 << shift);
      }
    }
    for (const id of touched) {
      this.append(id, doc, this.packedScratch[id]);
      this.packedScratch[id] = 0;
    }
    touched.length = 0;
  }

  /** Removes the document with this key; `fields` must be the terms it was added with. */
  remove(key: string, fields: readonly (readonly string[])[]): void {
    const doc = this.docIds.get(key);
    if (doc === undefined) return;
    this.docIds.delete(key);
    this.keys[doc] = undefined;
    this.values[doc] = undefined;
    this.alive[doc] = 0;
    this.liveDocs -= 1;
    this.deadDocs += 1;
    fields.forEach((terms, field) => {
      this.totalFieldLength[field] -= this.fieldLengths[doc * this.fieldCount + field];
      for (const term of new Set(terms)) {
        const id = this.termIds.get(term);
        if (id !== undefined) this.documentFrequency[id * this.fieldCount + field] -= 1;
      }
    });
    if (this.deadDocs > Math.max(MIN_DEAD_BEFORE_COMPACTION, this.liveDocs * DEAD_SHARE_BEFORE_COMPACTION)) {
      this.compact();
    }
  }

  /**
   * The terms a query word stands for: the word itself, and when it is a prefix every indexed term, and the
   * term of every indexed word, that starts with one of `prefixes`, weighted PREFIX_WEIGHT × prefix length /
   * (prefix length + 0.3 × letters added).
   */
  expand(term: string, prefixes: readonly string[]): WeightedTerm[] {
    const weights = new Map<number, number>();
    const exact = this.termIds.get(term);
    if (exact !== undefined) weights.set(exact, 1);
    const weigh = (id: number | undefined, prefix: string, completed: string) => {
      if (id === undefined) return;
      const added = completed.length - prefix.length;
      const weight = added === 0 ? 1 : (PREFIX_WEIGHT * prefix.length) / (prefix.length + 0.3 * added);
      if (weight > (weights.get(id) ?? 0)) weights.set(id, weight);
    };
    if (prefixes.length > 0) {
      const terms = this.dictionary();
      const words = this.words();
      for (const prefix of new Set(prefixes)) {
        for (let at = lowerBound(terms, prefix); at < terms.length && terms[at].startsWith(prefix); at += 1) {
          weigh(this.termIds.get(terms[at]), prefix, terms[at]);
        }
        for (let at = lowerBound(words, prefix); at < words.length && words[at].startsWith(prefix); at += 1) {
          weigh(this.termIds.get(this.wordTerms.get(words[at]) as string), prefix, words[at]);
        }
      }
    }
    return [...weights]
      .filter(([id]) => this.postingLengths[id] > 0)
      .map(([id, weight]) => ({ id, weight }))
      .sort((a, b) => a.id - b.id);
  }

  /**
   * The live documents that hold a term of every group, none of `excluded`, and pass `accept` (when given); each scored
   * by the sum over groups (in the order given, so that scores do not depend on posting list sizes) of
   * its best-weighted BM25+ over the group's terms and fields.
   */
  match(
    groups: readonly WeightedTerm[][],
    excluded: readonly string[],
    accept?: (doc: number) => boolean,
  ): Matches {
    if (groups.length === 0 || groups.some((group) => group.length === 0)) return emptyMatches();
    const bySize = groups
      .map((group) => ({ group, size: group.reduce((sum, term) => sum + this.postingLengths[term.id], 0) }))
      .sort((a, b) => a.size - b.size);
    let candidates = this.documentsOf(bySize[0].group);
    for (const { group } of bySize.slice(1)) {
      if (candidates.length === 0) break;
      candidates = this.keepHolding(candidates, group);
    }
    for (const word of excluded) {
      const id = this.termIds.get(word);
      if (id !== undefined) candidates = this.keepHolding(candidates, [{ id, weight: 1 }], true);
    }
    const docs = accept ? keepIf(candidates, accept) : candidates;
    const scores = new Float64Array(docs.length);
    const fields = new Int32Array(docs.length);
    for (const group of groups) this.addScores(docs, scores, fields, group);
    return { docs, scores, fields };
  }

  private termId(term: string): number {
    const known = this.termIds.get(term);
    if (known !== undefined) return known;
    const id = this.termNames.length;
    this.termIds.set(term, id);
    this.termNames.push(term);
    this.postings.push([]);
    this.postingLengths.push(0);
    if ((id + 1) * this.fieldCount > this.documentFrequency.length) {
      const grown = new Int32Array(Math.max(1024, this.documentFrequency.length * 2));
      grown.set(this.documentFrequency);
      this.documentFrequency = grown;
    }
    if (id >= this.packedScratch.length) {
      const grown = new Int32Array(this.packedScratch.length * 2);
      grown.set(this.packedScratch);
      this.packedScratch = grown;
    }
    this.sortedTerms = null;
    return id;
  }

  private append(id: number, doc: number, frequencies: number): void {
    let list = this.postings[id];
    const length = this.postingLengths[id];
    if (Array.isArray(list)) {
      if (length + 2 <= SMALL_LIST) {
        list.push(doc, frequencies);
        this.postingLengths[id] = length + 2;
        return;
      }
      list = Int32Array.from(list);
    }
    if (length + 2 > list.length) {
      const grown = new Int32Array(Math.max(SMALL_LIST * 2, list.length * 2));
      grown.set(list.subarray(0, length));
      list = grown;
    }
    list[length] = doc;
    list[length + 1] = frequencies;
    this.postings[id] = list;
    this.postingLengths[id] = length + 2;
  }

  private ensureDocCapacity(count: number): void {
    if (count <= this.alive.length) return;
    const capacity = Math.max(1024, this.alive.length * 2, count);
    const alive = new Uint8Array(capacity);
    alive.set(this.alive);
    this.alive = alive;
    const lengths = new Uint16Array(capacity * this.fieldCount);
    lengths.set(this.fieldLengths);
    this.fieldLengths = lengths;
    this.stamp = new Uint32Array(capacity);
    this.epoch = 0;
    this.scratch = new Float64Array(capacity);
    this.heldScratch = new Int32Array(capacity);
  }

  private dictionary(): string[] {
    this.sortedTerms ??= [...this.termNames].sort();
    return this.sortedTerms;
  }

  private words(): string[] {
    this.sortedWords ??= [...this.wordTerms.keys()].sort();
    return this.sortedWords;
  }

  private nextEpoch(): number {
    this.epoch += 1;
    if (this.epoch === 0xffffffff) {
      this.stamp.fill(0);
      this.epoch = 1;
    }
    return this.epoch;
  }

  /** The live documents holding any term of the group, in increasing order. */
  private documentsOf(group: readonly WeightedTerm[]): Int32Array {
    if (group.length === 1) {
      const list = this.postings[group[0].id];
      const length = this.postingLengths[group[0].id];
      const live = new Int32Array(length / 2);
      let count = 0;
      for (let at = 0; at < length; at += 2) if (this.alive[list[at]] === 1) live[count++] = list[at];
      return live.subarray(0, count);
    }
    const docs: number[] = [];
    const epoch = this.nextEpoch();
    for (const { id } of group) {
      const list = this.postings[id];
      const length = this.postingLengths[id];
      for (let at = 0; at < length; at += 2) {
        const doc = list[at];
        if (this.alive[doc] === 1 && this.stamp[doc] !== epoch) {
          this.stamp[doc] = epoch;
          docs.push(doc);
        }
      }
    }
    // A typed array sorts numerically.
    return Int32Array.from(docs).sort();
  }

  /** The candidates (increasing) that hold a term of the group, or with `without`, that hold none. */
  private keepHolding(candidates: Int32Array, group: readonly WeightedTerm[], without = false): Int32Array {
    if (group.length === 1) {
      const list = this.postings[group[0].id];
      const length = this.postingLengths[group[0].id];
      let from = 0;
      return keepIf(candidates, (doc) => {
        from = lowerBoundDoc(list, from, length, doc);
        return (from < length && list[from] === doc) !== without;
      });
    }
    const epoch = this.nextEpoch();
    for (const { id } of group) {
      const list = this.postings[id];
      const length = this.postingLengths[id];
      for (let at = 0; at < length; at += 2) this.stamp[list[at]] = epoch;
    }
    return keepIf(candidates, (doc) => (this.stamp[doc] === epoch) !== without);
  }

  /**
   * Adds each document's best score over the group's terms (the documents all hold one of them), and marks
   * the fields that hold them.
   */
  private addScores(
    docs: Int32Array,
    scores: Float64Array,
    fieldsHolding: Int32Array,
    group: readonly WeightedTerm[],
  ): void {
    const best = this.scratch;
    const held = this.heldScratch;
    const epoch = this.nextEpoch();
    for (const doc of docs) {
      this.stamp[doc] = epoch;
      best[doc] = 0;
      held[doc] = 0;
    }
    const averages = this.totalFieldLength.map((total) => total / Math.max(1, this.liveDocs));
    for (const { id, weight } of group) {
      const list = this.postings[id];
      const length = this.postingLengths[id];
      const idf = this.fieldBoosts.map((boost, field) => {
        const frequency = this.documentFrequency[id * this.fieldCount + field];
        return boost * weight * Math.log(1 + (this.liveDocs - frequency + 0.5) / (frequency + 0.5));
      });
      const score = (at: number) => {
        const doc = list[at];
        const frequencies = list[at + 1];
        let sum = 0;
        for (let field = 0; field < this.fieldCount; field += 1) {
          const frequency = (frequencies >>> (field * FREQUENCY_BITS)) & MAX_FREQUENCY;
          if (frequency === 0) continue;
          held[doc] |= 1 << field;
          const fieldLength = this.fieldLengths[doc * this.fieldCount + field];
          const norm = BM25.k * (1 - BM25.b + (BM25.b * fieldLength) / Math.max(averages[field], 1e-9));
          sum += idf[field] * (BM25.d + (frequency * (BM25.k + 1)) / (frequency + norm));
        }
        if (sum > best[doc]) best[doc] = sum;
      };
      if (length / 2 > docs.length * 8) {
        // A long list and few documents: look each document up rather than walk the list.
        let from = 0;
        for (const doc of docs) {
          from = lowerBoundDoc(list, from, length, doc);
          if (from < length && list[from] === doc) score(from);
        }
      } else {
        for (let at = 0; at < length; at += 2) if (this.stamp[list[at]] === epoch) score(at);
      }
    }
    for (let at = 0; at < docs.length; at += 1) {
      scores[at] += best[docs[at]];
      fieldsHolding[at] |= held[docs[at]];
    }
  }

  /** Drops dead documents' postings and renumbers the live ones (keeping their order). */
  private compact(): void {
    const renumbered = new Int32Array(this.nextDoc).fill(-1);
    let live = 0;
    for (let doc = 0; doc < this.nextDoc; doc += 1) if (this.alive[doc] === 1) renumbered[doc] = live++;
    this.postings = this.postings.map((list, id) => {
      const length = this.postingLengths[id];
      const kept: number[] = [];
      for (let at = 0; at < length; at += 2) {
        const doc = renumbered[list[at]];
        if (doc !== -1) kept.push(doc, list[at + 1]);
      }
      this.postingLengths[id] = kept.length;
      return kept.length <= SMALL_LIST ? kept : Int32Array.from(kept);
    });
    const keys: (string | undefined)[] = [];
    const values: (T | undefined)[] = [];
    const lengths = new Uint16Array(Math.max(1024, live) * this.fieldCount);
    for (let doc = 0; doc < this.nextDoc; doc += 1) {
      const to = renumbered[doc];
      if (to === -1) continue;
      keys[to] = this.keys[doc];
      values[to] = this.values[doc];
      this.docIds.set(this.keys[doc] as string, to);
      lengths.set(
        this.fieldLengths.subarray(doc * this.fieldCount, (doc + 1) * this.fieldCount),
        to * this.fieldCount,
      );
    }
    this.keys = keys;
    this.values = values;
    this.fieldLengths = lengths;
    this.alive = new Uint8Array(lengths.length / this.fieldCount);
    this.alive.fill(1, 0, live);
    this.stamp = new Uint32Array(this.alive.length);
    this.epoch = 0;
    this.scratch = new Float64Array(this.alive.length);
    this.heldScratch = new Int32Array(this.alive.length);
    this.nextDoc = live;
    this.deadDocs = 0;
  }
}

/** The documents that pass, in order (a loop: a typed array's own filter is several times slower). */
function keepIf(docs: Int32Array, passes: (doc: number) => boolean): Int32Array {
  const kept = new Int32Array(docs.length);
  let count = 0;
  for (let at = 0; at < docs.length; at += 1) if (passes(docs[at])) kept[count++] = docs[at];
  return kept.subarray(0, count);
}

function emptyMatches(): Matches {
  return { docs: new Int32Array(0), scores: new Float64Array(0), fields: new Int32Array(0) };
}

/** The first index of `sorted` whose string is not less than `value`. */
function lowerBound(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The first even index at or after `from` of a posting list whose document is not less than `doc`. */
function lowerBoundDoc(list: PostingList, from: number, length: number, doc: number): number {
  let low = from >>> 1;
  let high = length >>> 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (list[middle * 2] < doc) low = middle + 1;
    else high = middle;
  }
  return low * 2;
}
