// BSON value semantics the engine needs beyond mingo: MongoDB's cross-type ordering, equality keys,
// path traversal, and "views" of documents in which every number is a JS number (what mingo expects).
import { Binary, BSONRegExp, Decimal128, Double, Long, ObjectId, Timestamp } from 'bson';
import { bsonTag, Doc, isBsonRegExp, isPlainObject, toNumber, toRegExp } from './bson';

// ---------------------------------------------------------------------------------------------------------
// Ordering

/** Sorts before null: the sort key of an empty array. */
export const EMPTY_ARRAY_KEY: unique symbol = Symbol('empty array');

function typeRank(value: unknown): number {
  if (value === EMPTY_ARRAY_KEY) return 1.5;
  if (value === undefined || value === null) return 2;
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return 3;
    case 'string':
      return 4;
    case 'boolean':
      return 9;
    case 'object':
      break;
    default:
      return 14;
  }
  if (Array.isArray(value)) return 6;
  if (value instanceof Date) return 10;
  if (value instanceof RegExp) return 12;
  switch (bsonTag(value)) {
    case 'MinKey':
      return 1;
    case 'Long':
    case 'Double':
    case 'Int32':
    case 'Decimal128':
      return 3;
    case 'BSONSymbol':
      return 4;
    case 'Binary':
      return 7;
    case 'ObjectId':
      return 8;
    case 'Timestamp':
      return 11;
    case 'BSONRegExp':
      return 12;
    case 'Code':
      return 13;
    case 'MaxKey':
      return 15;
    default:
      return 5;
  }
}

/** Compares strings by code point, which is what comparing their UTF-8 bytes amounts to. */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (astral code points) must sort after the rest of the BMP.
    if (x >= 0xd800 && x <= 0xdfff) x += 0x2000;
    else if (x >= 0xe000) x -= 0x800;
    if (y >= 0xd800 && y <= 0xdfff) y += 0x2000;
    else if (y >= 0xe000) y -= 0x800;
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

export function compareNumbers(a: unknown, b: unknown): number {
  if (a instanceof Long && b instanceof Long) return a.compare(b);
  const x = toNumber(a) ?? NaN;
  const y = toNumber(b) ?? NaN;
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
  if (x !== y) return x < y ? -1 : 1;
  // Equal as doubles: int64 values beyond 2^53 may still differ.
  if ((a instanceof Long || b instanceof Long) && Number.isInteger(x) && Math.abs(x) >= 2 ** 53) {
    const bx = a instanceof Long ? a.toBigInt() : BigInt(x);
    const by = b instanceof Long ? b.toBigInt() : BigInt(y);
    return bx === by ? 0 : bx < by ? -1 : 1;
  }
  return 0;
}

/** MongoDB's total order over BSON values (type brackets first, then values). */
/** bson 7 keeps an ObjectId as four 24-bit big-endian words; its `id` getter allocates a copy. */
interface ObjectIdWords {
  i0?: unknown;
  i1: number;
  i2: number;
  i3: number;
}

function compareObjectIds(a: ObjectId, b: ObjectId): number {
  const x = a as unknown as ObjectIdWords;
  const y = b as unknown as ObjectIdWords;
  if (typeof x.i0 !== 'number' || typeof y.i0 !== 'number') return Buffer.compare(a.id, b.id);
  if (x.i0 !== y.i0) return x.i0 < y.i0 ? -1 : 1;
  if (x.i1 !== y.i1) return x.i1 < y.i1 ? -1 : 1;
  if (x.i2 !== y.i2) return x.i2 < y.i2 ? -1 : 1;
  return x.i3 === y.i3 ? 0 : x.i3 < y.i3 ? -1 : 1;
}

export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 3:
      return compareNumbers(a, b);
    case 4:
      return compareStrings(String(a), String(b));
    case 5:
      return compareDocuments(a as Doc, b as Doc);
    case 6:
      return compareArrays(a as unknown[], b as unknown[]);
    case 7: {
      const x = binaryBytes(a as Binary);
      const y = binaryBytes(b as Binary);
      if (x.length !== y.length) return x.length < y.length ? -1 : 1;
      const st = (a as Binary).sub_type - (b as Binary).sub_type;
      if (st !== 0) return sign(st);
      return Buffer.compare(x, y);
    }
    case 8:
      return compareObjectIds(a as ObjectId, b as ObjectId);
    case 9:
      return a === b ? 0 : a ? 1 : -1;
    case 10:
      return sign((a as Date).getTime() - (b as Date).getTime());
    case 11: {
      const x = a as Timestamp;
      const y = b as Timestamp;
      return x.t !== y.t ? sign(x.t - y.t) : sign(x.i - y.i);
    }
    case 12: {
      const [pa, fa] = regexParts(a);
      const [pb, fb] = regexParts(b);
      return compareStrings(pa, pb) || compareStrings(fa, fb);
    }
    default:
      return 0;
  }
}

export function binaryBytes(binary: Binary): Buffer {
  return Buffer.from(binary.buffer.buffer, binary.buffer.byteOffset, binary.position);
}

function regexParts(value: unknown): [string, string] {
  if (value instanceof RegExp) return [value.source, value.flags];
  const r = value as BSONRegExp;
  return [r.pattern, r.options];
}

function compareDocuments(a: Doc, b: Doc): number {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const va = a[ka[i]];
    const vb = b[kb[i]];
    const byType = typeRank(va) - typeRank(vb);
    if (byType !== 0) return sign(byType);
    const byName = compareStrings(ka[i], kb[i]);
    if (byName !== 0) return byName;
    const byValue = compareValues(va, vb);
    if (byValue !== 0) return byValue;
  }
  return sign(ka.length - kb.length);
}

function compareArrays(a: unknown[], b: unknown[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return sign(a.length - b.length);
}

// ---------------------------------------------------------------------------------------------------------
// Paths

/** Values reached by a dotted path, descending into arrays of documents the way queries and indexes do. */
export function pathValues(
  value: unknown,
  parts: readonly string[],
  index = 0,
  out: unknown[] = [],
): unknown[] {
  if (index === parts.length) {
    out.push(value);
    return out;
  }
  const part = parts[index];
  if (Array.isArray(value)) {
    if (/^\d+$/.test(part)) {
      const position = Number(part);
      if (position < value.length) pathValues(value[position], parts, index + 1, out);
      return out;
    }
    for (const element of value) {
      if (isPlainObject(element)) pathValues(element, parts, index, out);
    }
    return out;
  }
  if (isPlainObject(value) && Object.prototype.hasOwnProperty.call(value, part)) {
    pathValues(value[part], parts, index + 1, out);
  }
  return out;
}

/** The value at a dotted path without descending into arrays (except by numeric index). */
export function getPath(doc: unknown, path: string): unknown {
  let current: unknown = doc;
  for (const part of path.split('.')) {
    if (Array.isArray(current) && /^\d+$/.test(part)) current = current[Number(part)];
    else if (isPlainObject(current) && Object.prototype.hasOwnProperty.call(current, part))
      current = current[part];
    else return undefined;
  }
  return current;
}

/** The key a value sorts by: the smallest (ascending) or largest (descending) of the values at the path. */
export function sortKey(doc: Doc, parts: readonly string[], descending: boolean): unknown {
  const found = pathValues(doc, parts);
  let best: unknown;
  let have = false;
  const consider = (value: unknown) => {
    if (!have) {
      best = value;
      have = true;
      return;
    }
    const c = compareValues(value, best);
    if (descending ? c > 0 : c < 0) best = value;
  };
  for (const value of found) {
    if (Array.isArray(value)) {
      if (value.length === 0) consider(EMPTY_ARRAY_KEY);
      for (const element of value) consider(element);
    } else {
      consider(value);
    }
  }
  return have ? best : null;
}

export type SortSpec = [parts: string[], direction: 1 | -1][];

export function parseSort(spec: unknown): SortSpec | undefined {
  if (!isPlainObject(spec)) return undefined;
  const keys = Object.keys(spec);
  if (keys.length === 0) return undefined;
  return keys.map((key) => {
    const direction = toNumber(spec[key]);
    return [key.split('.'), direction !== undefined && direction < 0 ? -1 : 1];
  });
}

/** Sorts documents (stably) under a parsed sort spec; each sort key is computed once per document. */
export function sortDocuments<T extends Doc>(docs: T[], spec: SortSpec, collator?: Intl.Collator): T[] {
  const keyed = docs.map((doc, position) => ({
    doc,
    position,
    keys: spec.map(([parts, direction]) => sortKey(doc, parts, direction < 0)),
  }));
  keyed.sort((a, b) => {
    for (let i = 0; i < spec.length; i++) {
      const ka = a.keys[i];
      const kb = b.keys[i];
      const c =
        collator && typeof ka === 'string' && typeof kb === 'string'
          ? collator.compare(ka, kb)
          : compareValues(ka, kb);
      if (c !== 0) return c * spec[i][1];
    }
    return a.position - b.position;
  });
  return keyed.map((entry) => entry.doc);
}

// ---------------------------------------------------------------------------------------------------------
// Equality keys

function numberKey(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (Object.is(n, -0)) return '0';
  return String(n);
}

/** A string equal for exactly the values MongoDB considers equal (numbers compare across types). */
export function keyOf(value: unknown): string {
  if (value === undefined || value === null) return 'z';
  switch (typeof value) {
    case 'number':
      return 'n' + numberKey(value);
    case 'string':
      return 's' + JSON.stringify(value);
    case 'boolean':
      return value ? 'b1' : 'b0';
    case 'bigint':
      return 'n' + value.toString();
    case 'object':
      break;
    default:
      return 'u' + String(value);
  }
  if (Array.isArray(value)) return '[' + value.map(keyOf).join(',') + ']';
  if (value instanceof Date) return 'd' + value.getTime();
  if (value instanceof RegExp) return 'r' + JSON.stringify([value.source, value.flags]);
  switch (bsonTag(value)) {
    case 'ObjectId':
      return 'o' + (value as ObjectId).toHexString();
    case 'Long': {
      const long = value as Long;
      const n = long.toNumber();
      return 'n' + (Number.isSafeInteger(n) ? numberKey(n) : long.toString());
    }
    case 'Double':
      return 'n' + numberKey((value as Double).value);
    case 'Int32':
      return 'n' + numberKey(toNumber(value) ?? 0);
    case 'Decimal128':
      return 'n' + numberKey(Number((value as Decimal128).toString()));
    case 'Binary': {
      const binary = value as Binary;
      return 'x' + binary.sub_type + ':' + binaryBytes(binary).toString('base64');
    }
    case 'Timestamp': {
      const ts = value as Timestamp;
      return 't' + ts.t + ':' + ts.i;
    }
    case 'BSONRegExp': {
      const r = value as BSONRegExp;
      return 'r' + JSON.stringify([r.pattern, r.options]);
    }
    case 'MinKey':
      return 'min';
    case 'MaxKey':
      return 'max';
    case undefined:
      break;
    default:
      return 'v' + JSON.stringify(value);
  }
  if (isPlainObject(value)) {
    return (
      '{' +
      Object.keys(value)
        .map((k) => JSON.stringify(k) + ':' + keyOf(value[k]))
        .join(',') +
      '}'
    );
  }
  return 'v' + String(value);
}

export function valuesEqual(a: unknown, b: unknown): boolean {
  return keyOf(a) === keyOf(b);
}

// ---------------------------------------------------------------------------------------------------------
// Views for mingo

const viewCache = new WeakMap<object, Doc>();
const originals = new WeakMap<object, Doc>();

function needsView(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(needsView);
  if (isPlainObject(value)) {
    for (const key in value) if (needsView(value[key])) return true;
    return false;
  }
  const tag = bsonTag(value);
  return (
    tag === 'Long' || tag === 'Double' || tag === 'Decimal128' || tag === 'Int32' || tag === 'BSONRegExp'
  );
}

/** Converts number wrappers to numbers and BSON regexes to RegExp, copying only what changes. */
export function toMingoValue(value: unknown, clone = false): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    if (!clone && !needsView(value)) return value;
    return value.map((v: unknown) => toMingoValue(v, clone));
  }
  if (isPlainObject(value)) {
    if (!clone && !needsView(value)) return value;
    const copy: Doc = {};
    for (const key of Object.keys(value)) copy[key] = toMingoValue(value[key], clone);
    return copy;
  }
  if (value instanceof Date) return clone ? new Date(value.getTime()) : value;
  if (isBsonRegExp(value)) return toRegExp(value) ?? value;
  const tag = bsonTag(value);
  if (tag === 'Long' || tag === 'Double' || tag === 'Decimal128' || tag === 'Int32') return toNumber(value);
  return value;
}

/**
 * The document as mingo should see it; the same object when nothing needs converting. Converted views
 * are cached; the document itself is not remembered (checking it again costs less than a weak-map entry
 * per document, which scans of documents decoded for one query would leave for the collector).
 */
export function viewOf(doc: Doc): Doc {
  const cached = viewCache.get(doc);
  if (cached) return cached;
  const view = toMingoValue(doc) as Doc;
  if (view !== doc) {
    viewCache.set(doc, view);
    originals.set(view, doc);
  }
  return view;
}

/** A private deep copy in view form, for pipelines that may modify their input. */
export function clonedViewOf(doc: Doc): Doc {
  const view = toMingoValue(doc, true) as Doc;
  originals.set(view, doc);
  return view;
}

/** The stored document a view was made from (or the argument itself). */
export function originalOf(value: unknown): unknown {
  if (value !== null && typeof value === 'object') return originals.get(value) ?? value;
  return value;
}

export function hasOriginal(value: unknown): boolean {
  return value !== null && typeof value === 'object' && originals.has(value);
}

/**
 * Gives numbers in a computed document back the BSON types they had in `source` (int64, whole doubles,
 * decimals) wherever the value is unchanged; mingo only ever produced plain numbers for them.
 */
export function retype(output: unknown, source: unknown): unknown {
  if (typeof output === 'number') {
    const tag = bsonTag(source);
    if ((tag === 'Long' || tag === 'Double' || tag === 'Decimal128') && toNumber(source) === output)
      return source;
    return output;
  }
  if (output instanceof RegExp && isBsonRegExp(source)) return source;
  if (Array.isArray(output) && Array.isArray(source)) {
    for (let i = 0; i < output.length && i < source.length; i++) output[i] = retype(output[i], source[i]);
    return output;
  }
  if (isPlainObject(output) && isPlainObject(source)) {
    for (const key of Object.keys(output)) {
      if (Object.prototype.hasOwnProperty.call(source, key)) output[key] = retype(output[key], source[key]);
    }
  }
  return output;
}

// ---------------------------------------------------------------------------------------------------------
// Messages

/** Renders a value the way server error messages do, e.g. `{ email: "a@b.c" }`. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (Array.isArray(value)) return '[ ' + value.map(formatValue).join(', ') + ' ]';
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (value instanceof RegExp) return String(value);
  switch (bsonTag(value)) {
    case 'ObjectId':
      return `ObjectId('${(value as ObjectId).toHexString()}')`;
    case 'Long':
    case 'Double':
    case 'Int32':
      return String(toNumber(value));
    case 'Decimal128':
      return (value as Decimal128).toString();
    case 'Binary':
      return `BinData(${(value as Binary).sub_type}, ${binaryBytes(value as Binary).toString('hex')})`;
    case 'Timestamp':
      return `Timestamp(${(value as Timestamp).t}, ${(value as Timestamp).i})`;
    case 'MinKey':
      return 'MinKey';
    case 'MaxKey':
      return 'MaxKey';
    default:
      break;
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) return '{}';
    return '{ ' + keys.map((k) => `${k}: ${formatValue(value[k])}`).join(', ') + ' }';
  }
  return String(value);
}
