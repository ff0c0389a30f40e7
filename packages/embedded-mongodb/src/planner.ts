// Query planning over a collection's indexes. A filter's top-level conditions become bounds per field
// (equality and $in: points; $gt/$gte/$lt/$lte and anchored case-sensitive regexes: a range); the planner
// picks the index whose key prefix is bound by the most equalities, then a range, then gives the sort,
// and falls back to a collection scan. Index scans only narrow the candidates: every fetched document is
// matched against the whole filter again, so a plan can never change what a query returns. Without a
// sort, results keep the natural order a scan would give; with one, ties keep it too.
import { ObjectId } from 'bson';
import { CollectionView } from './access';
import { bsonTag, Doc, isBsonRegExp, isPlainObject } from './bson';
import { CommandError, ErrorCode } from './errors';
import { Matcher } from './query';
import { IndexEntryKey, IndexState, MAX_BOUND, MIN_BOUND, sameKeyPattern } from './storage/indexes';
import { compareStrings, compareValues, formatValue, keyOf, SortSpec } from './values';

type Bracket = 'number' | 'string' | 'date' | 'objectId';

/** The lowest value of each type bracket a range can be bounded in (ranges never cross brackets). */
const BRACKET_MIN: Record<Bracket, unknown> = {
  number: NaN,
  string: '',
  date: new Date(-8.64e15),
  objectId: new ObjectId('000000000000000000000000'),
};

export function bracketOf(value: unknown): Bracket | undefined {
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  if (typeof value === 'string') return 'string';
  if (value instanceof Date) return 'date';
  switch (bsonTag(value)) {
    case 'Long':
    case 'Double':
    case 'Int32':
    case 'Decimal128':
      return 'number';
    case 'ObjectId':
      return 'objectId';
    default:
      return undefined;
  }
}

/** A value an index can be probed with for equality (arrays and regexes match in other ways). */
function isPointValue(value: unknown): boolean {
  if (value === null) return true;
  if (typeof value === 'boolean' || bracketOf(value) !== undefined) return true;
  return isPlainObject(value) && !Object.keys(value).some((key) => key.startsWith('$'));
}

interface RangeBound {
  value: unknown;
  inclusive: boolean;
}

export interface FieldBounds {
  points?: unknown[];
  lower?: RangeBound;
  upper?: RangeBound;
  bracket?: Bracket;
  /** Strings starting with this (an anchored regex). */
  prefix?: string;
}

/** The literal text an anchored, case-sensitive regex requires at the start of a string. */
export function regexPrefix(source: string, flags: string): string | undefined {
  if (/[imx]/.test(flags) || !source.startsWith('^') || source.includes('|')) return undefined;
  let prefix = '';
  let i = 1;
  while (i < source.length) {
    let literal: string;
    let length: number;
    const ch = source[i];
    if (ch === '\\') {
      const next = source[i + 1];
      if (next === undefined || /[A-Za-z0-9]/.test(next)) break;
      literal = next;
      length = 2;
    } else if ('.[]()*+?{}^$'.includes(ch)) {
      break;
    } else {
      literal = ch;
      length = 1;
    }
    const after = source[i + length];
    if (after === '*' || after === '?' || after === '{') break;
    prefix += literal;
    if (after === '+') break;
    i += length;
  }
  return prefix.length > 0 ? prefix : undefined;
}

function regexBounds(pattern: unknown, options: unknown): FieldBounds | undefined {
  let source: string;
  let flags = typeof options === 'string' ? options : '';
  if (typeof pattern === 'string') source = pattern;
  else if (pattern instanceof RegExp) {
    source = pattern.source;
    flags += pattern.flags;
  } else if (isBsonRegExp(pattern)) {
    source = pattern.pattern;
    flags += pattern.options;
  } else return undefined;
  const prefix = regexPrefix(source, flags);
  return prefix === undefined
    ? undefined
    : { prefix, lower: { value: prefix, inclusive: true }, bracket: 'string' };
}

function conditionBounds(condition: unknown): FieldBounds | undefined {
  if (condition instanceof RegExp || isBsonRegExp(condition)) return regexBounds(condition, '');
  if (!isPlainObject(condition) || !Object.keys(condition).some((key) => key.startsWith('$'))) {
    return isPointValue(condition) ? { points: [condition] } : undefined;
  }
  if ('$eq' in condition && isPointValue(condition.$eq)) return { points: [condition.$eq] };
  const $in = condition.$in;
  if (Array.isArray($in) && $in.every(isPointValue)) return { points: $in };
  if ('$regex' in condition) {
    const bounds = regexBounds(condition.$regex, condition.$options);
    if (bounds) return bounds;
  }
  const bounds: FieldBounds = {};
  for (const op of ['$gt', '$gte'] as const) {
    const bracket = op in condition ? bracketOf(condition[op]) : undefined;
    if (bracket) {
      bounds.lower = { value: condition[op], inclusive: op === '$gte' };
      bounds.bracket = bracket;
    }
  }
  for (const op of ['$lt', '$lte'] as const) {
    const bracket = op in condition ? bracketOf(condition[op]) : undefined;
    if (bracket && (bounds.bracket === undefined || bounds.bracket === bracket)) {
      bounds.upper = { value: condition[op], inclusive: op === '$lte' };
      bounds.bracket = bracket;
    }
  }
  return bounds.bracket ? bounds : undefined;
}

/** Bounds per field from a filter's top-level conditions (and those of a top-level $and). */
export function filterBounds(filter: Doc | undefined): Map<string, FieldBounds> {
  const out = new Map<string, FieldBounds>();
  const visit = (clause: Doc) => {
    for (const [field, condition] of Object.entries(clause)) {
      if (field === '$and' && Array.isArray(condition)) {
        for (const sub of condition) if (isPlainObject(sub)) visit(sub);
        continue;
      }
      if (field.startsWith('$') || out.has(field)) continue;
      const bounds = conditionBounds(condition);
      if (bounds) out.set(field, bounds);
    }
  };
  if (filter) visit(filter);
  return out;
}

// --- choosing a plan --------------------------------------------------------------------------------------

export interface IndexScanPlan {
  kind: 'ixscan';
  index: IndexState;
  /** Point lists of the leading fields bound by equality/$in. */
  points: unknown[][];
  /** Range on the field after them. */
  range: FieldBounds | undefined;
  /** Set when the index gives the requested sort: 1 forward, -1 backward. */
  sortDirection: 1 | -1 | undefined;
  /** How many index fields the sort covers (after the equality fields). */
  sortFields: number;
}

/** A top-level $or whose every branch can use an index: the union of the branches' candidates. */
export interface OrPlan {
  kind: 'or';
  branches: (IndexScanPlan | { kind: 'idhack'; ids: unknown[] })[];
}

export type QueryPlan = { kind: 'collscan' } | { kind: 'idhack'; ids: unknown[] } | IndexScanPlan | OrPlan;

/** Ranges of intervals beyond this many (a product of $in lists) are not worth planning. */
const MAX_INTERVALS = 20_000;

function hasNumericPart(field: string): boolean {
  return field.split('.').some((part) => /^\d+$/.test(part));
}

/** Whether the index holds every document the filter can match (sparse and partial indexes do not). */
function covers(index: IndexState, bounds: Map<string, FieldBounds>, filter: Doc | undefined): boolean {
  const bindsNonNull = (field: string) => {
    const bound = bounds.get(field);
    return bound !== undefined && !(bound.points ?? []).some((point) => point === null);
  };
  if (index.isSparse && !index.fieldNames.some(bindsNonNull)) return false;
  const partial = index.partialFilter;
  if (partial) {
    for (const [field, condition] of Object.entries(partial)) {
      const given = filter?.[field];
      if (given !== undefined && keyOf(given) === keyOf(condition)) continue;
      if (isPlainObject(condition) && condition.$exists === true && Object.keys(condition).length === 1) {
        if (bindsNonNull(field)) continue;
      }
      return false;
    }
  }
  return true;
}

function scanPlanFor(
  index: IndexState,
  bounds: Map<string, FieldBounds>,
  sort: SortSpec | undefined,
): IndexScanPlan {
  const fields = index.fieldNames;
  const points: unknown[][] = [];
  let intervals = 1;
  for (const field of fields) {
    const bound = bounds.get(field);
    if (!bound?.points) break;
    if (field.includes('.') && bound.points.some((point) => point === null)) break;
    intervals *= Math.max(1, bound.points.length);
    if (intervals > MAX_INTERVALS) break;
    points.push(bound.points);
  }
  let range: FieldBounds | undefined;
  const next = fields[points.length];
  const nextBound = next === undefined ? undefined : bounds.get(next);
  if (nextBound && !nextBound.points) {
    // On a multikey index each condition may be met by another element: only one bound is safe.
    range = index.multikey && nextBound.lower ? { ...nextBound, upper: undefined } : nextBound;
  }
  let sortDirection: 1 | -1 | undefined;
  let sortFields = 0;
  if (sort && points.every((list) => list.length === 1)) {
    const fixed = new Set(fields.slice(0, points.length));
    const rest = sort.filter(([parts]) => !fixed.has(parts.join('.')));
    const directions = index.directions ?? [];
    let direction: 1 | -1 | undefined;
    const matches =
      rest.length > 0 &&
      rest.every(([parts, wanted], i) => {
        const position = points.length + i;
        if (fields[position] !== parts.join('.')) return false;
        const along = (wanted * directions[position]) as 1 | -1;
        direction ??= along;
        return direction === along;
      });
    // Multikey last: reading it builds an index a restart left unbuilt, so only one that can give the sort.
    if (matches && !index.multikey) {
      sortDirection = direction;
      sortFields = rest.length;
    }
  }
  return { kind: 'ixscan', index, points, range, sortDirection, sortFields };
}

function score(plan: IndexScanPlan): number[] {
  return [
    plan.points.length,
    plan.range ? 1 : 0,
    plan.sortDirection ? 1 : 0,
    plan.index.unique ? 1 : 0,
    -plan.index.fieldNames.length,
  ];
}

function better(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return false;
}

function hintError(ns: string, hint: unknown): CommandError {
  return new CommandError(
    ErrorCode.BadValue,
    `error processing query: ns=${ns} hint=${formatValue(hint)} planner returned error :: caused by :: hint provided does not correspond to an existing index`,
  );
}

/** Picks how to find the documents a filter selects (see the file comment). */
export function choosePlan(
  view: CollectionView,
  filter: Doc | undefined,
  sort: SortSpec | undefined,
  hint?: unknown,
): QueryPlan {
  const bounds = filterBounds(filter);
  const indexes = view.indexes();
  const hinted = hint === undefined || hint === null || hint === '' ? undefined : hint;
  if (hinted !== undefined && !(isPlainObject(hinted) && Object.keys(hinted).length === 0)) {
    const ns = `${view.db}.${view.name}`;
    if (isPlainObject(hinted) && '$natural' in hinted) return { kind: 'collscan' };
    const isIdIndex =
      hinted === '_id_' || (isPlainObject(hinted) && sameKeyPattern({ key: hinted }, { key: { _id: 1 } }));
    if (!view.exists) return { kind: 'collscan' };
    if (isIdIndex) {
      const ids = bounds.get('_id')?.points;
      if (ids) return { kind: 'idhack', ids };
      const idIndex = view.idIndex();
      return idIndex ? scanPlanFor(idIndex, bounds, sort) : { kind: 'collscan' };
    }
    const index = indexes.find((candidate) =>
      typeof hinted === 'string'
        ? candidate.name === hinted
        : isPlainObject(hinted) && sameKeyPattern(candidate.spec, { key: hinted }),
    );
    if (!index) throw hintError(ns, hinted);
    if (!index.ordered) return { kind: 'collscan' };
    return scanPlanFor(index, bounds, sort);
  }
  const ids = bounds.get('_id')?.points;
  if (ids) return { kind: 'idhack', ids };
  // The ordered `_id` index is a candidate only for what it can serve, so it is made only when needed.
  const idIndex = bounds.has('_id') || sort?.[0]?.[0].join('.') === '_id' ? view.idIndex() : undefined;
  let best: IndexScanPlan | undefined;
  let bestScore: number[] = [];
  for (const index of idIndex ? [...indexes, idIndex] : indexes) {
    // `ordered`, not `tree`: an index left unbuilt by a restart is built only if it can serve the query.
    if (!index.ordered || index.spec.hidden === true) continue;
    if (index.fieldNames.some(hasNumericPart) || !covers(index, bounds, filter)) continue;
    const plan = scanPlanFor(index, bounds, sort);
    if (plan.points.length === 0 && !plan.range && !plan.sortDirection) continue;
    const planScore = score(plan);
    if (!best || better(planScore, bestScore)) {
      best = plan;
      bestScore = planScore;
    }
  }
  if (best && (best.points.length > 0 || best.range)) return best;
  return orPlan(view, filter) ?? best ?? { kind: 'collscan' };
}

/** Branch limit for planning a $or through indexes (each branch is one more index scan). */
const MAX_OR_BRANCHES = 1_000;

function orPlan(view: CollectionView, filter: Doc | undefined): OrPlan | undefined {
  const branches = filter?.$or;
  if (!Array.isArray(branches) || branches.length === 0 || branches.length > MAX_OR_BRANCHES)
    return undefined;
  const plans: OrPlan['branches'] = [];
  for (const branch of branches) {
    if (!isPlainObject(branch)) return undefined;
    const plan = choosePlan(view, branch, undefined);
    if (plan.kind === 'collscan' || plan.kind === 'or') return undefined;
    if (plan.kind === 'ixscan' && plan.points.length === 0 && !plan.range) return undefined;
    plans.push(plan);
  }
  return { kind: 'or', branches: plans };
}

// --- running a plan ---------------------------------------------------------------------------------------

export interface PlanRun {
  docs: Doc[];
  /** The documents are already in the requested sort order. */
  sorted: boolean;
  keysExamined: number;
  docsExamined: number;
}

function treeFirst(sign: 1 | -1, iteration: 1 | -1): symbol {
  return sign * iteration === 1 ? MIN_BOUND : MAX_BOUND;
}

/** Where a value lies against a range in value order: -1 below, 0 inside, 1 above. */
function classify(value: unknown, range: FieldBounds): -1 | 0 | 1 {
  if (range.bracket && bracketOf(value) !== range.bracket) {
    return compareValues(value, BRACKET_MIN[range.bracket]) < 0 ? -1 : 1;
  }
  if (range.prefix !== undefined) {
    const text = String(value);
    if (!text.startsWith(range.prefix)) return compareStrings(text, range.prefix) < 0 ? -1 : 1;
  }
  if (range.lower) {
    const c = compareValues(value, range.lower.value);
    if (c < 0 || (c === 0 && !range.lower.inclusive)) return -1;
  }
  if (range.upper) {
    const c = compareValues(value, range.upper.value);
    if (c > 0 || (c === 0 && !range.upper.inclusive)) return 1;
  }
  return 0;
}

/** The entries of one interval: fixed values for the leading fields, then an optional range. */
export function* scanInterval(
  plan: IndexScanPlan,
  prefix: unknown[],
  iteration: 1 | -1,
  counter: { keys: number },
): Generator<[IndexEntryKey, string]> {
  const index = plan.index;
  const tree = index.tree;
  const signs = index.directions;
  if (!tree || !signs) return;
  const range = plan.range;
  const start: unknown[] = [...prefix];
  const rangeSign = signs[prefix.length];
  // Value order along which the range field is walked: 1 ascending, -1 descending.
  const walk = range ? rangeSign * iteration : 1;
  if (range) {
    const first = treeFirst(rangeSign, iteration);
    if (walk === 1) {
      start.push(range.lower?.value ?? range.prefix ?? (range.bracket ? BRACKET_MIN[range.bracket] : first));
    } else {
      start.push(range.upper?.value ?? first);
    }
  }
  for (let i = start.length; i < signs.length; i++) start.push(treeFirst(signs[i], iteration));
  const startKey: IndexEntryKey = { values: start, seq: iteration === 1 ? -Infinity : Infinity };
  const entries = iteration === 1 ? tree.entries(startKey) : tree.entriesReversed(startKey);
  for (const entry of entries) {
    counter.keys += 1;
    const values = entry[0].values;
    let inside = true;
    for (let i = 0; i < prefix.length; i++) {
      if (compareValues(values[i], prefix[i]) !== 0) return;
    }
    if (range) {
      const where = classify(values[prefix.length], range);
      if (where === walk) return;
      if (where !== 0) inside = false;
    }
    if (inside) yield entry;
  }
}

export function cartesian(lists: unknown[][]): unknown[][] {
  let combos: unknown[][] = [[]];
  for (const list of lists) {
    const sorted = [...list].sort(compareValues);
    const next: unknown[][] = [];
    for (const combo of combos) for (const value of sorted) next.push([...combo, value]);
    combos = next;
  }
  return combos;
}

/**
 * Runs a plan: the matching documents, in natural order, or in sort order when the index gives it;
 * stops after `enough` matches when the order allows. `ordered` false: in no particular order (a count).
 */
export function runPlan(
  view: CollectionView,
  plan: QueryPlan,
  matcher: Matcher,
  enough: number,
  ordered = true,
): PlanRun {
  const natural = (docs: Doc[]) => (ordered ? inNaturalOrder(view, docs) : docs);
  if (plan.kind === 'collscan') {
    const docs: Doc[] = [];
    let examined = 0;
    const skipped = () => void (examined += 1);
    for (const doc of view.scan(matcher, skipped)) {
      examined += 1;
      if (!matcher(doc)) continue;
      docs.push(doc);
      if (docs.length >= enough) break;
    }
    return { docs, sorted: false, keysExamined: 0, docsExamined: examined };
  }
  if (plan.kind === 'or') {
    const seen = new Set<string>();
    const docs: Doc[] = [];
    let keysExamined = 0;
    let docsExamined = 0;
    for (const branch of plan.branches) {
      const run = runPlan(view, branch, matcher, Infinity, false);
      keysExamined += run.keysExamined;
      docsExamined += run.docsExamined;
      for (const doc of run.docs) {
        const id = keyOf(doc._id);
        if (seen.has(id)) continue;
        seen.add(id);
        docs.push(doc);
      }
    }
    return { docs: natural(docs), sorted: false, keysExamined, docsExamined };
  }
  if (plan.kind === 'idhack') {
    const seen = new Set<string>();
    const found: Doc[] = [];
    for (const id of plan.ids) {
      const key = keyOf(id);
      if (seen.has(key)) continue;
      seen.add(key);
      const doc = view.get(id);
      if (doc) found.push(doc);
    }
    const docs = found.filter((doc) => matcher(doc));
    return {
      docs: plan.ids.length > 1 ? natural(docs) : docs,
      sorted: false,
      keysExamined: found.length,
      docsExamined: found.length,
    };
  }
  const counter = { keys: 0 };
  let docsExamined = 0;
  const intervals = cartesian(plan.points);
  const transactional = view.extraCandidates !== undefined;
  const fetch = (id: string): Doc | undefined => {
    docsExamined += 1;
    const doc = view.fetch(id);
    return doc && matcher(doc) ? doc : undefined;
  };
  if (plan.sortDirection && !transactional) {
    return runSorted(plan, intervals[0], fetch, counter, enough, () => docsExamined);
  }
  const fullKey = plan.points.length === plan.index.fieldNames.length && !plan.range;
  const naturalOrder = intervals.length === 1 && fullKey && !transactional;
  const seen = new Set<string>();
  const docs: Doc[] = [];
  const stopAt = naturalOrder ? enough : Infinity;
  outer: for (const prefix of intervals) {
    for (const [, id] of scanInterval(plan, prefix, 1, counter)) {
      if (seen.has(id)) continue;
      seen.add(id);
      const doc = fetch(id);
      if (!doc) continue;
      docs.push(doc);
      if (docs.length >= stopAt) break outer;
    }
  }
  if (transactional) {
    for (const id of view.extraCandidates ?? []) {
      if (seen.has(id)) continue;
      seen.add(id);
      const doc = fetch(id);
      if (doc) docs.push(doc);
    }
  }
  return {
    docs: naturalOrder ? docs : natural(docs),
    sorted: false,
    keysExamined: counter.keys,
    docsExamined,
  };
}

/** Walks the one interval in sort order; equal sort keys come out in natural order, as a stable sort. */
function runSorted(
  plan: IndexScanPlan,
  prefix: unknown[],
  fetch: (id: string) => Doc | undefined,
  counter: { keys: number },
  enough: number,
  docsExamined: () => number,
): PlanRun {
  const first = plan.points.length;
  const last = first + plan.sortFields;
  const docs: Doc[] = [];
  let run: { seq: number; doc: Doc }[] = [];
  let runKey: unknown[] | undefined;
  const flush = () => {
    run.sort((a, b) => a.seq - b.seq);
    for (const entry of run) docs.push(entry.doc);
    run = [];
  };
  for (const [key, id] of scanInterval(plan, prefix, plan.sortDirection ?? 1, counter)) {
    const sortValues = key.values.slice(first, last);
    if (!runKey || sortValues.some((value, i) => compareValues(value, (runKey as unknown[])[i]) !== 0)) {
      flush();
      if (docs.length >= enough) break;
      runKey = sortValues;
    }
    const doc = fetch(id);
    if (doc) run.push({ seq: key.seq, doc });
  }
  flush();
  return { docs, sorted: true, keysExamined: counter.keys, docsExamined: docsExamined() };
}

function inNaturalOrder(view: CollectionView, docs: Doc[]): Doc[] {
  if (docs.length < 2) return docs;
  const keyed = docs.map((doc, position) => ({
    doc,
    seq: view.seqOf(keyOf(doc._id)) ?? Number.MAX_SAFE_INTEGER,
    position,
  }));
  keyed.sort((a, b) => a.seq - b.seq || a.position - b.position);
  return keyed.map((entry) => entry.doc);
}

// --- explain ----------------------------------------------------------------------------------------------

function boundText(range: FieldBounds | undefined, points: unknown[] | undefined): string[] {
  if (points) return points.map((point) => `[${formatValue(point)}, ${formatValue(point)}]`);
  if (!range) return ['[MinKey, MaxKey]'];
  const low = range.lower
    ? formatValue(range.lower.value)
    : range.bracket
      ? formatValue(BRACKET_MIN[range.bracket])
      : 'MinKey';
  const high = range.upper
    ? formatValue(range.upper.value)
    : range.prefix !== undefined
      ? `"${range.prefix}\uffff"`
      : 'MaxKey';
  return [
    `${range.lower?.inclusive === false ? '(' : '['}${low}, ${high}${range.upper?.inclusive === false ? ')' : ']'}`,
  ];
}

/** The winning plan in MongoDB's explain shape (FETCH over IXSCAN, IDHACK or COLLSCAN). */
export function explainPlan(plan: QueryPlan, filter: Doc | undefined, sortsInMemory: boolean): Doc {
  const filterStage = filter && Object.keys(filter).length > 0 ? { filter } : {};
  let stage: Doc;
  if (plan.kind === 'or') {
    const inputStages = plan.branches.map((branch) => {
      const explained = explainPlan(branch, undefined, false);
      return explained.stage === 'FETCH' ? explained.inputStage : explained;
    });
    stage = { stage: 'FETCH', ...filterStage, inputStage: { stage: 'OR', inputStages } };
  } else if (plan.kind === 'collscan') {
    stage = { stage: 'COLLSCAN', ...filterStage, direction: 'forward' };
  } else if (plan.kind === 'idhack' && plan.ids.length === 1) {
    stage = { stage: 'IDHACK' };
  } else {
    stage = { stage: 'FETCH', ...filterStage, inputStage: indexScanStage(plan) };
  }
  return sortsInMemory ? { stage: 'SORT', inputStage: stage } : stage;
}

/** An index scan in MongoDB's explain shape (IXSCAN; `_id` lookups of several ids scan `_id_`). */
export function indexScanStage(plan: IndexScanPlan | { kind: 'idhack'; ids: unknown[] }): Doc {
  const index = plan.kind === 'idhack' ? undefined : plan.index;
  const keyPattern = index ? (index.spec.key as Doc) : { _id: 1 };
  const fields = Object.keys(keyPattern);
  const indexBounds: Doc = {};
  fields.forEach((field, i) => {
    if (plan.kind === 'idhack') indexBounds[field] = boundText(undefined, plan.ids);
    else if (i < plan.points.length) indexBounds[field] = boundText(undefined, plan.points[i]);
    else if (i === plan.points.length) indexBounds[field] = boundText(plan.range, undefined);
    else indexBounds[field] = ['[MinKey, MaxKey]'];
  });
  return {
    stage: 'IXSCAN',
    keyPattern,
    indexName: index ? index.name : '_id_',
    isMultiKey: index?.multikey ?? false,
    isUnique: index ? index.unique : true,
    isSparse: index?.isSparse ?? false,
    isPartial: index?.partialFilter !== undefined,
    indexVersion: 2,
    direction: plan.kind === 'ixscan' && plan.sortDirection === -1 ? 'backward' : 'forward',
    indexBounds,
  };
}

/** Parses a hint argument the way commands accept it (index name or key pattern). */
export function hintArgument(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || isPlainObject(value)) return value;
  throw new CommandError(ErrorCode.FailedToParse, 'hint must be a string or an object');
}
