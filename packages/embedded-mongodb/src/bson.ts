// How BSON values are represented inside the engine, and the helpers that read them.
//
// Documents are decoded once, then kept as plain objects. To round-trip every type exactly while letting
// mingo work on ordinary numbers, int32 values become JS numbers, doubles become JS numbers unless they are
// whole (a whole number would be re-encoded as int32), and everything else keeps its bson class: whole
// doubles as Double, int64 as Long, Decimal128, Binary, Timestamp, BSONRegExp, MinKey/MaxKey, ...
import { BSON, BSONRegExp, Decimal128, Double, Int32, Long, ObjectId, Timestamp } from 'bson';

export type Doc = Record<string, unknown>;

const DECODE_OPTIONS = {
  promoteValues: false,
  promoteLongs: false,
  promoteBuffers: false,
  bsonRegExp: true,
} as const;

export const MAX_BSON_SIZE = 16 * 1024 * 1024;

/** Decodes one BSON document into the engine's representation. */
export function decodeDocument(bytes: Uint8Array): Doc {
  return normalizeDecoded(BSON.deserialize(bytes, DECODE_OPTIONS)) as Doc;
}

export function encodeDocument(doc: Doc): Buffer {
  const bytes = BSON.serialize(doc, { ignoreUndefined: true, checkKeys: false });
  // serialize returns a fresh copy already: view it rather than copy it again.
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function bsonSize(doc: Doc): number {
  return BSON.calculateObjectSize(doc, { ignoreUndefined: true });
}

function normalizeDecoded(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = normalizeDecoded(value[i]);
    return value;
  }
  if (value instanceof Int32) return value.value;
  if (value instanceof Double) return keepsDoubleWrapper(value.value) ? value : value.value;
  if (isPlainObject(value)) {
    for (const key of Object.keys(value)) value[key] = normalizeDecoded(value[key]);
  }
  return value;
}

/** True when a double cannot be a plain JS number without being re-encoded as an int32. */
export function keepsDoubleWrapper(n: number): boolean {
  return Number.isInteger(n) || Object.is(n, -0);
}

/** A computed value meant to be a BSON double, in the engine's representation. */
export function storeDouble(n: number): number | Double {
  return keepsDoubleWrapper(n) ? new Double(n) : n;
}

/** A plain document (not an array, Date, RegExp or bson class instance). */
export function isPlainObject(value: unknown): value is Doc {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function bsonTag(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const tag = (value as { _bsontype?: unknown })._bsontype;
  return typeof tag === 'string' ? tag : undefined;
}

/** The BSON type name of an engine value, as `$type` spells it. */
export function bsonTypeOf(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) && value >= -2147483648 && value <= 2147483647 ? 'int' : 'double';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'long';
    case 'object':
      break;
    default:
      return 'javascript';
  }
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'date';
  if (value instanceof RegExp) return 'regex';
  if (value instanceof Uint8Array) return 'binData';
  switch (bsonTag(value)) {
    case 'ObjectId':
      return 'objectId';
    case 'Long':
      return 'long';
    case 'Double':
      return 'double';
    case 'Int32':
      return 'int';
    case 'Decimal128':
      return 'decimal';
    case 'Binary':
      return 'binData';
    case 'Timestamp':
      return 'timestamp';
    case 'BSONRegExp':
      return 'regex';
    case 'MinKey':
      return 'minKey';
    case 'MaxKey':
      return 'maxKey';
    case 'Code':
      return 'javascript';
    case 'BSONSymbol':
      return 'symbol';
    case 'DBRef':
      return 'object';
    default:
      return 'object';
  }
}

const TYPE_NUMBERS: Record<number, string> = {
  1: 'double',
  2: 'string',
  3: 'object',
  4: 'array',
  5: 'binData',
  6: 'undefined',
  7: 'objectId',
  8: 'bool',
  9: 'date',
  10: 'null',
  11: 'regex',
  13: 'javascript',
  14: 'symbol',
  16: 'int',
  17: 'timestamp',
  18: 'long',
  19: 'decimal',
  [-1]: 'minKey',
  127: 'maxKey',
};

/** Resolves a `$type` operand (alias or number) to a type name; 'number' stands for any numeric type. */
export function typeAlias(spec: unknown): string | undefined {
  if (typeof spec === 'string') return spec === 'boolean' ? 'bool' : spec;
  const n = toNumber(spec);
  return n === undefined ? undefined : TYPE_NUMBERS[n];
}

export function isNumeric(value: unknown): boolean {
  if (typeof value === 'number') return true;
  const tag = bsonTag(value);
  return tag === 'Long' || tag === 'Double' || tag === 'Int32' || tag === 'Decimal128';
}

/** The numeric value of a number-like engine or command value, else undefined. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Long) return value.toNumber();
  if (value instanceof Double || value instanceof Int32) return value.value;
  if (value instanceof Decimal128) return Number(value.toString());
  if (value instanceof Timestamp) return value.toNumber();
  return undefined;
}

/** A whole-number option of a command (limit, skip, batchSize, ...); undefined when absent. */
export function toInteger(value: unknown): number | undefined {
  const n = toNumber(value);
  if (n === undefined || Number.isNaN(n)) return undefined;
  return Math.trunc(n);
}

export function truthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  const n = toNumber(value);
  if (n !== undefined) return n !== 0;
  return true;
}

/** A deep copy of plain objects and arrays; bson class instances are immutable and shared. */
export function cloneDeep<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item: unknown) => cloneDeep(item)) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (isPlainObject(value)) {
    const copy: Doc = {};
    for (const key of Object.keys(value)) copy[key] = cloneDeep(value[key]);
    return copy as T;
  }
  return value;
}

export function newObjectId(): ObjectId {
  return new ObjectId();
}

export function isBsonRegExp(value: unknown): value is BSONRegExp {
  return bsonTag(value) === 'BSONRegExp';
}

/** The JS RegExp for a BSON regex, when its options are ones JS understands. */
export function toRegExp(value: BSONRegExp): RegExp | undefined {
  let flags = '';
  for (const option of value.options) {
    if (option === 'i' || option === 'm' || option === 's' || option === 'u') flags += option;
    else if (option !== 'x' && option !== 'l') return undefined;
  }
  try {
    return new RegExp(value.pattern, flags);
  } catch {
    return undefined;
  }
}
