// Index definitions, their ordered entries and unique-key bookkeeping. Every ascending/descending index
// keeps its entries in a B+ tree ordered as MongoDB orders index keys (BSON comparison order per field,
// then the document's insertion sequence, so equal keys come back in natural order); the query planner
// (planner.ts) scans it. Unique indexes also keep a map from key to document for O(1) duplicate checks.
import BTree from 'sorted-btree';
import { bulkLoad } from 'sorted-btree/extended/bulkLoad';
import { Doc, isPlainObject, toNumber, truthy } from '../bson';
import { checkCollation, CommandError, ErrorCode } from '../errors';
import { compileFilter, Matcher } from '../query';
import { compareValues, formatValue, keyOf, pathValues } from '../values';

export const ID_INDEX_NAME = '_id_';

export function idIndexSpec(): Doc {
  return { v: 2, key: { _id: 1 }, name: ID_INDEX_NAME };
}

/** MongoDB's default index name: `a_1_b_-1`, `t_text`. */
export function defaultIndexName(key: Doc): string {
  return Object.entries(key)
    .map(
      ([field, direction]) =>
        `${field}_${typeof direction === 'string' ? direction : String(toNumber(direction))}`,
    )
    .join('_');
}

const INDEX_OPTION_FIELDS = new Set([
  'unique',
  'sparse',
  'partialFilterExpression',
  'expireAfterSeconds',
  'collation',
  'hidden',
  'weights',
  'default_language',
  'language_override',
  'textIndexVersion',
  '2dsphereIndexVersion',
  'bits',
  'min',
  'max',
  'wildcardProjection',
  'storageEngine',
  'background',
]);

/** Validates a createIndexes entry and returns the spec as it will be stored and listed. */
export function normalizeIndexSpec(raw: unknown): Doc {
  if (!isPlainObject(raw))
    throw new CommandError(ErrorCode.TypeMismatch, 'index specification must be an object');
  const key = raw.key;
  if (!isPlainObject(key) || Object.keys(key).length === 0) {
    throw new CommandError(ErrorCode.CannotCreateIndex, 'Index keys cannot be empty.');
  }
  for (const [field, direction] of Object.entries(key)) {
    if (field === '')
      throw new CommandError(ErrorCode.CannotCreateIndex, 'Index key field names cannot be empty');
    const n = toNumber(direction);
    const ok =
      typeof direction === 'string' ? direction.length > 0 : n !== undefined && n !== 0 && !Number.isNaN(n);
    if (!ok) {
      throw new CommandError(
        ErrorCode.CannotCreateIndex,
        `Values in the index key pattern can't be 0 or empty: ${formatValue(key)}`,
      );
    }
  }
  const name = raw.name === undefined ? defaultIndexName(key) : raw.name;
  if (typeof name !== 'string' || name.length === 0) {
    throw new CommandError(ErrorCode.CannotCreateIndex, 'The index name must be a non-empty string');
  }
  if (name === ID_INDEX_NAME && !(Object.keys(key).length === 1 && '_id' in key)) {
    throw new CommandError(ErrorCode.BadValue, "The index name '_id_' is reserved for the _id index");
  }
  const spec: Doc = { v: 2, key, name };
  for (const [field, value] of Object.entries(raw)) {
    if (field === 'key' || field === 'name' || field === 'v' || field === 'ns') continue;
    if (!INDEX_OPTION_FIELDS.has(field)) {
      throw new CommandError(
        ErrorCode.InvalidIndexSpecificationOption,
        `The field '${field}' is not valid for an index specification. Specification: ${formatValue(raw)}`,
      );
    }
    if (field === 'unique' || field === 'sparse' || field === 'hidden') {
      if (truthy(value)) spec[field] = true;
      continue;
    }
    if (field === 'background') continue;
    if (field === 'collation') checkCollation(value);
    if (field === 'partialFilterExpression' && !isPlainObject(value)) {
      throw new CommandError(ErrorCode.TypeMismatch, 'partialFilterExpression must be an object');
    }
    spec[field] = value;
  }
  if (spec.partialFilterExpression !== undefined) compileFilter(spec.partialFilterExpression);
  return spec;
}

/** Whether two specs describe the same index (ignoring the name). */
export function sameIndexOptions(a: Doc, b: Doc): boolean {
  const relevant = (spec: Doc) =>
    JSON.stringify([
      spec.unique === true,
      spec.sparse === true,
      spec.partialFilterExpression ?? null,
      spec.expireAfterSeconds ?? null,
      spec.collation ?? null,
    ]);
  return relevant(a) === relevant(b);
}

export function sameKeyPattern(a: Doc, b: Doc): boolean {
  const ka = Object.entries(a.key as Doc);
  const kb = Object.entries(b.key as Doc);
  return ka.length === kb.length && ka.every(([f, d], i) => f === kb[i][0] && keyOf(d) === keyOf(kb[i][1]));
}

export interface IndexKey {
  key: string;
  values: unknown[];
}

/** Sort before / after every value in a bound key (see compareEntries). */
export const MIN_BOUND: unique symbol = Symbol('min bound');
export const MAX_BOUND: unique symbol = Symbol('max bound');

/** Documents given to IndexState.build, as parallel arrays: id key, document (or its index fields), sequence. */
export interface IndexSources {
  ids: string[];
  docs: Doc[];
  seqs: number[];
}

/** One index entry's key: the document's values for the index fields, then its insertion sequence. */
export interface IndexEntryKey {
  values: unknown[];
  seq: number;
}

function compareKeyPart(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === MIN_BOUND || b === MAX_BOUND) return -1;
  if (a === MAX_BOUND || b === MIN_BOUND) return 1;
  return compareValues(a, b);
}

export class IndexState {
  readonly spec: Doc;
  readonly name: string;
  readonly unique: boolean;
  /**
   * Whether the index itself enforces uniqueness (keeps `entries`); the ordered `_id` index does not:
   * the collection's document map already refuses a repeated `_id`.
   */
  private readonly checksUnique: boolean;
  /** The collection's ordered `_id` index (see CollectionState.orderedIdIndex). */
  private readonly isIdIndex: boolean;
  private readonly fields: { name: string; parts: string[] }[];
  /** The field names when every field is top-level (no dotted path). */
  private readonly topLevelNames: string[] | undefined;
  private readonly sparse: boolean;
  private readonly partial?: Matcher;
  /**
   * unique key -> id key of the document holding it (unique indexes only). After a load that trusted the
   * snapshot's order it is made from the ordered entries when first needed (by a write), not at start.
   */
  get entries(): Map<string, string> {
    this.ensureBuilt();
    if (!this.uniqueOwners) {
      const owners = new Map<string, string>();
      this.orderedEntries?.forEachPair((key, id) => void owners.set(uniqueKeyOf(key.values), id));
      this.uniqueOwners = owners;
    }
    return this.uniqueOwners;
  }
  private uniqueOwners: Map<string, string> | undefined = new Map();
  /** Index fields with their directions (1 or -1); undefined for special indexes (text, 2dsphere, hashed). */
  readonly directions: (1 | -1)[] | undefined;
  /** Ordered entries -> id key of the document; only for ascending/descending indexes. */
  get tree(): BTree<IndexEntryKey, string> | undefined {
    this.ensureBuilt();
    return this.orderedEntries;
  }
  private orderedEntries: BTree<IndexEntryKey, string> | undefined;
  private readonly compareEntries: ((a: IndexEntryKey, b: IndexEntryKey) => number) | undefined;
  /** Set once any indexed document held an array on an index field (as MongoDB's multikey flag). */
  get multikey(): boolean {
    // An `_id` is never an array (inserts refuse one), so the planner need not build the index to know.
    if (this.isIdIndex) return false;
    this.ensureBuilt();
    return this.isMultikey;
  }
  private isMultikey = false;
  /**
   * An index loaded from a snapshot and not built yet: how to build it, and the order the snapshot
   * recorded (see defer).
   */
  private deferred: { build: () => void; order: Uint32Array | undefined } | undefined;

  constructor(spec: Doc, kind: 'secondary' | 'id' = 'secondary') {
    this.spec = spec;
    this.name = String(spec.name);
    this.isIdIndex = kind === 'id';
    this.checksUnique = spec.unique === true && !this.isIdIndex;
    this.unique = spec.unique === true || this.isIdIndex;
    this.sparse = spec.sparse === true;
    this.fields = Object.keys(spec.key as Doc).map((name) => ({ name, parts: name.split('.') }));
    if (this.fields.every((field) => field.parts.length === 1))
      this.topLevelNames = this.fields.map((field) => field.name);
    if (isPlainObject(spec.partialFilterExpression))
      this.partial = compileFilter(spec.partialFilterExpression);
    const directions = Object.values(spec.key as Doc).map((direction) => toNumber(direction));
    if (directions.every((direction) => direction !== undefined && !Number.isNaN(direction))) {
      const signs = directions.map((direction) => ((direction as number) < 0 ? -1 : 1));
      this.directions = signs;
      this.compareEntries = (a, b) => {
        for (let i = 0; i < signs.length; i++) {
          const c = compareKeyPart(a.values[i], b.values[i]);
          if (c !== 0) return c * signs[i];
        }
        return a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0;
      };
      this.orderedEntries = new BTree<IndexEntryKey, string>(undefined, this.compareEntries);
    }
  }

  /** Whether the index keeps ordered entries (ascending/descending fields), without building it. */
  get ordered(): boolean {
    return this.compareEntries !== undefined;
  }

  /**
   * Leaves the index unbuilt until something reads or changes its entries (then `build` runs first, once).
   * A restart then costs no index until it is used; the collection builds its deferred indexes before
   * any write to it, so a unique index checks every write against all its keys as before.
   */
  defer(build: () => void, order: Uint32Array | undefined): void {
    this.deferred = { build, order };
  }

  get isDeferred(): boolean {
    return this.deferred !== undefined;
  }

  /** The order of a deferred index as its snapshot recorded it (still true: nothing was written since). */
  get deferredOrder(): Uint32Array | undefined {
    return this.deferred?.order;
  }

  /** Builds a deferred index now; a failure (duplicate keys) leaves it deferred, to fail again. */
  ensureBuilt(): void {
    const deferred = this.deferred;
    if (!deferred) return;
    this.deferred = undefined;
    try {
      deferred.build();
    } catch (error) {
      this.deferred = deferred;
      throw error;
    }
  }

  /**
   * Fills the empty index from a collection's documents in one pass: the entries are sorted once and
   * loaded bottom-up, which costs a fraction of inserting them one by one (restart rebuilds every index).
   * Fails with the duplicate key error, leaving the index empty, when a unique key repeats.
   */
  build(sources: IndexSources, ns: string, order?: Uint32Array): void {
    const ordered = this.compareEntries !== undefined;
    // Entries as two parallel arrays (keys, ids): no object per entry beyond its key.
    const keys: IndexEntryKey[] = [];
    const ids: string[] = [];
    /** Document i's entry (-1: none); undefined once a document gives several. */
    let entryOfDoc: Int32Array | undefined =
      order && ordered ? new Int32Array(sources.ids.length).fill(-1) : undefined;
    // With a recorded order, uniqueness is checked on the sorted entries (duplicates are neighbours).
    const ownersNow = this.checksUnique && !(order && ordered);
    for (let position = 0; position < sources.ids.length; position++) {
      const id = sources.ids[position];
      const documentKeys = this.keyValuesOf(sources.docs[position]);
      if (entryOfDoc) {
        if (documentKeys.length === 1) entryOfDoc[position] = keys.length;
        else if (documentKeys.length > 1) entryOfDoc = undefined;
      }
      for (const values of documentKeys) {
        if (ownersNow) {
          const key = uniqueKeyOf(values);
          const owner = this.entries.get(key);
          if (owner !== undefined && owner !== id) {
            this.entries.clear();
            throw this.duplicateError(ns, values);
          }
          this.entries.set(key, id);
        }
        if (ordered) {
          keys.push({ values, seq: sources.seqs[position] });
          ids.push(id);
        }
      }
    }
    const compare = this.compareEntries;
    if (!compare) return;
    const recorded = order && entryOfDoc ? inOrder(keys, entryOfDoc, order, compare) : undefined;
    // Natural order is often index order already (ids and dates grow): the sort then costs one pass.
    const permutation: ArrayLike<number> =
      recorded ?? Array.from(keys.keys()).sort((a, b) => compare(keys[a], keys[b]));
    if (this.checksUnique && !ownersNow) {
      if (recorded) {
        for (let i = 1; i < recorded.length; i++) {
          const values = keys[recorded[i]].values;
          const previous = keys[recorded[i - 1]].values;
          if (compare({ values: previous, seq: 0 }, { values, seq: 0 }) === 0)
            throw this.duplicateError(ns, values);
        }
        this.uniqueOwners = undefined;
      } else {
        this.uniqueOwners = new Map();
        for (let i = 0; i < keys.length; i++) {
          const key = uniqueKeyOf(keys[i].values);
          if (this.uniqueOwners.has(key)) {
            this.uniqueOwners.clear();
            throw this.duplicateError(ns, keys[i].values);
          }
          this.uniqueOwners.set(key, ids[i]);
        }
      }
    }
    const sortedKeys = new Array<IndexEntryKey>(permutation.length);
    const sortedIds = new Array<string>(permutation.length);
    for (let i = 0; i < permutation.length; i++) {
      sortedKeys[i] = keys[permutation[i]];
      sortedIds[i] = ids[permutation[i]];
    }
    this.orderedEntries = bulkLoad(sortedKeys, sortedIds, BTREE_NODE_SIZE, compare);
  }

  /** The top-level fields the index's keys are read from. */
  get topLevelFields(): string[] {
    return [...new Set(this.fields.map((field) => field.parts[0]))];
  }

  /** True when deciding what a document contributes takes more than its index fields (a partial filter). */
  get needsWholeDocument(): boolean {
    return this.partial !== undefined;
  }

  get fieldNames(): string[] {
    return this.fields.map((field) => field.name);
  }

  get isSparse(): boolean {
    return this.sparse;
  }

  get partialFilter(): Doc | undefined {
    return isPlainObject(this.spec.partialFilterExpression) ? this.spec.partialFilterExpression : undefined;
  }

  /** Adds the document's entries to the ordered tree. */
  addEntries(doc: Doc, id: string, seq: number): void {
    this.ensureBuilt();
    const tree = this.orderedEntries;
    if (!tree) return;
    for (const values of this.keyValuesOf(doc)) tree.set({ values, seq }, id);
  }

  removeEntries(doc: Doc, seq: number): void {
    this.ensureBuilt();
    const tree = this.orderedEntries;
    if (!tree) return;
    for (const values of this.keyValuesOf(doc)) tree.delete({ values, seq });
  }

  /** The keys a document contributes, or none when the index skips it (sparse / partial). */
  keysOf(doc: Doc): IndexKey[] {
    return this.keyValuesOf(doc).map((values) => ({ key: uniqueKeyOf(values), values }));
  }

  /** The values of each key a document contributes (keysOf without the unique-key strings). */
  keyValuesOf(doc: Doc): unknown[][] {
    if (this.partial && !this.partial(doc)) return [];
    return (
      (this.topLevelNames && this.topLevelKeyValuesOf(doc, this.topLevelNames)) ?? this.pathKeyValuesOf(doc)
    );
  }

  /** keyValuesOf for an index on top-level fields when none holds an array (undefined when one does). */
  private topLevelKeyValuesOf(doc: Doc, names: readonly string[]): unknown[][] | undefined {
    const key: unknown[] =
      names.length === 1 ? [null] : names.length === 2 ? [null, null] : names.map(() => null);
    let anyPresent = false;
    for (let i = 0; i < names.length; i++) {
      if (!Object.prototype.hasOwnProperty.call(doc, names[i])) continue;
      const value = doc[names[i]];
      if (Array.isArray(value)) return undefined;
      key[i] = value;
      anyPresent = true;
    }
    if (this.sparse && !anyPresent) return [];
    return [key];
  }

  private pathKeyValuesOf(doc: Doc): unknown[][] {
    const perField: unknown[][] = [];
    let anyPresent = false;
    for (const field of this.fields) {
      const found = pathValues(doc, field.parts);
      if (found.length > 1) this.isMultikey = true;
      const values: unknown[] = [];
      for (const value of found) {
        if (Array.isArray(value)) {
          this.isMultikey = true;
          if (value.length === 0) values.push(undefined);
          else values.push(...value);
        } else {
          values.push(value);
        }
      }
      if (values.length > 0) anyPresent = true;
      perField.push(values.length === 0 ? [null] : values.length === 1 ? values : dedupe(values));
    }
    if (this.sparse && !anyPresent) return [];
    // Keys live as long as their index entries: arrays of exactly their length (one grown by push or
    // built by spread reserves room for more, doubling what an index entry costs).
    if (perField.length === 1 && perField[0].length === 1) return [[perField[0][0]]];
    let combos: unknown[][] = [[]];
    for (const values of perField) {
      const next: unknown[][] = [];
      for (const combo of combos) for (const value of values) next.push(combo.concat([value]));
      combos = next;
    }
    return combos;
  }

  duplicateError(ns: string, values: unknown[]): CommandError {
    const keyValue: Doc = {};
    this.fields.forEach((field, i) => (keyValue[field.name] = values[i] ?? null));
    return duplicateKeyError(ns, this.name, this.spec.key as Doc, keyValue);
  }
}

/**
 * The entries in the order a snapshot recorded (document positions in index order), checked to be in
 * strictly ascending order and to hold every entry once; undefined when they are not, and they must be
 * sorted.
 */
function inOrder(
  keys: readonly IndexEntryKey[],
  entryOfDoc: Int32Array,
  order: Uint32Array,
  compare: (a: IndexEntryKey, b: IndexEntryKey) => number,
): Int32Array | undefined {
  if (order.length !== keys.length) return undefined;
  const permutation = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const position = order[i];
    const entry = position < entryOfDoc.length ? entryOfDoc[position] : -1;
    if (entry < 0) return undefined;
    permutation[i] = entry;
    // Strictly ascending: equal keys differ by sequence, so a repeated entry fails here too.
    if (i > 0 && compare(keys[permutation[i - 1]], keys[entry]) >= 0) return undefined;
  }
  return permutation;
}

/** sorted-btree's default node size. */
const BTREE_NODE_SIZE = 32;

function uniqueKeyOf(values: unknown[]): string {
  return values.map(keyOf).join('|');
}

function dedupe(values: unknown[]): unknown[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = keyOf(value);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function duplicateKeyError(
  ns: string,
  indexName: string,
  keyPattern: Doc,
  keyValue: Doc,
): CommandError {
  return new CommandError(
    ErrorCode.DuplicateKey,
    `E11000 duplicate key error collection: ${ns} index: ${indexName} dup key: ${formatValue(keyValue)}`,
    { details: { keyPattern, keyValue } },
  );
}
