// A collection's documents by id key, in natural order. Documents loaded from a snapshot stay as their
// BSON bytes (a position in the snapshot file's buffer) and are decoded when read: a restart then costs
// reading and checking the file instead of building every document as objects, and memory holds the
// compact BSON instead of several times its size in objects. Recently read documents are kept decoded
// in a small cache. Documents written since the load are held as objects, as they arrived.
import { Double, Long, ObjectId } from 'bson';
import { decodeDocument, Doc, keepsDoubleWrapper } from '../bson';
import { keyOf } from '../values';
import { fieldsReadBy } from './filter-fields';

/** Decoded documents kept per collection; a collection no larger than this ends up fully decoded. */
const DECODED_CACHE_DOCUMENTS = 4096;

/** BSON documents held in one buffer, by the offset of each (its length is its first int32). */
export interface EncodedDocuments {
  bytes: Buffer;
  offsets: number[];
}

/** Documents captured for a snapshot: objects, or BSON bytes (views, not to be modified). */
export interface CapturedDocuments extends Iterable<Doc | Buffer> {
  readonly count: number;
}

/** A stored document: the object, or the offset of its BSON in the map's buffer. */
type Stored = Doc | number;

export class DocumentMap {
  private readonly byId = new Map<string, Stored>();
  /** Documents a load gave (see loadEncoded) whose ids are not read yet. */
  private unread: number[] | undefined;
  private encoded: Buffer | undefined;
  private readonly decoded = new Map<string, Doc>();

  /** The documents by id key, once the ids of those a load gave are read. */
  private get stored(): Map<string, Stored> {
    const unread = this.unread;
    if (unread) {
      this.unread = undefined;
      const bytes = this.encoded as Buffer;
      for (const offset of unread) this.byId.set(idKeyOfEncoded(bytes, offset), offset);
    }
    return this.byId;
  }

  get size(): number {
    return this.stored.size;
  }

  has(id: string): boolean {
    return this.stored.has(id);
  }

  get(id: string): Doc | undefined {
    const stored = this.stored.get(id);
    if (stored === undefined || typeof stored !== 'number') return stored;
    return this.decodeCached(id, stored, true);
  }

  set(id: string, doc: Doc): void {
    this.decoded.delete(id);
    this.stored.set(id, doc);
  }

  delete(id: string): boolean {
    this.decoded.delete(id);
    return this.stored.delete(id);
  }

  keys(): IterableIterator<string> {
    return this.stored.keys();
  }

  *values(): IterableIterator<Doc> {
    for (const [id, stored] of this.stored) yield this.resolve(id, stored);
  }

  *entries(): IterableIterator<[string, Doc]> {
    for (const [id, stored] of this.stored) yield [id, this.resolve(id, stored)];
  }

  [Symbol.iterator](): IterableIterator<[string, Doc]> {
    return this.entries();
  }

  /**
   * Takes documents as BSON (a snapshot's), appended in their order. Nothing is decoded until a document
   * is read; not even their ids until the collection is first used, so a restart does not wait for the
   * id maps of collections nobody reads yet.
   */
  loadEncoded(source: EncodedDocuments): void {
    const stored = this.stored;
    if (this.encoded && this.encoded !== source.bytes) {
      // One buffer per collection: documents of an earlier one are decoded first (never the case at load).
      for (const [id, item] of stored) if (typeof item === 'number') stored.set(id, this.resolve(id, item));
    }
    this.encoded = source.bytes;
    if (stored.size === 0) this.unread = source.offsets;
    else for (const offset of source.offsets) stored.set(idKeyOfEncoded(source.bytes, offset), offset);
  }

  /**
   * The documents a scan with `test` must look at, in natural order: a document still held as BSON is
   * first tested on just the top-level fields the test reads (when known), and decoded only if it
   * passes; `skipped` is called for each one left out. The caller still tests what it gets.
   */
  *candidates(test: (doc: Doc) => boolean, skipped: () => void = () => undefined): IterableIterator<Doc> {
    const fields = fieldsReadBy(test);
    const bytes = this.encoded;
    if (!fields || !bytes) {
      yield* this.values();
      return;
    }
    for (const [id, stored] of this.stored) {
      if (typeof stored !== 'number') yield stored;
      else if (test(readTopLevelFields(bytes, stored, fields))) yield this.resolve(id, stored);
      else skipped();
    }
  }

  /**
   * The documents as they are now, each as its BSON bytes when it is stored so, else as the object: a
   * snapshot then copies what is already encoded. Later writes do not change what the capture yields.
   */
  capture(): CapturedDocuments {
    const bytes = this.encoded;
    // A collection nobody used since the load is its loaded documents, in order: no need for their ids.
    const stored = this.unread ?? [...this.stored.values()];
    return {
      count: stored.length,
      *[Symbol.iterator]() {
        for (const item of stored) {
          if (typeof item !== 'number') yield item;
          else yield (bytes as Buffer).subarray(item, item + (bytes as Buffer).readInt32LE(item));
        }
      },
    };
  }

  /**
   * Each document with only the named top-level fields (what index keys are made of), read from the
   * BSON without decoding the rest; documents held as objects are given whole. In natural order.
   */
  withFields(names: ReadonlySet<string>): { ids: string[]; docs: Doc[] } {
    const bytes = this.encoded;
    const ids: string[] = [];
    const docs: Doc[] = [];
    for (const [id, stored] of this.stored) {
      ids.push(id);
      docs.push(typeof stored !== 'number' ? stored : readTopLevelFields(bytes as Buffer, stored, names));
    }
    return { ids, docs };
  }

  /** Every document (decoded), in natural order. */
  documents(): { ids: string[]; docs: Doc[] } {
    const ids: string[] = [];
    const docs: Doc[] = [];
    for (const [id, doc] of this.entries()) {
      ids.push(id);
      docs.push(doc);
    }
    return { ids, docs };
  }

  private resolve(id: string, stored: Stored): Doc {
    if (typeof stored !== 'number') return stored;
    // A scan of a large collection decodes without caching, so it does not push out what reads reuse.
    return this.decodeCached(id, stored, this.stored.size <= DECODED_CACHE_DOCUMENTS);
  }

  private decodeCached(id: string, offset: number, remember: boolean): Doc {
    const cached = this.decoded.get(id);
    if (cached) {
      // Most recently used last: Map keeps insertion order.
      this.decoded.delete(id);
      this.decoded.set(id, cached);
      return cached;
    }
    const bytes = this.encoded as Buffer;
    const doc = decodeDocument(bytes.subarray(offset, offset + bytes.readInt32LE(offset)));
    if (remember) {
      if (this.decoded.size >= DECODED_CACHE_DOCUMENTS) {
        const oldest = this.decoded.keys().next();
        if (!oldest.done) this.decoded.delete(oldest.value);
      }
      this.decoded.set(id, doc);
    }
    return doc;
  }
}

// --- reading fields from BSON without decoding the document ----------------------------------------

/** bson's ObjectId constructor also reads 12 bytes at an offset (no view of them made); untyped. */
const ObjectIdAt = ObjectId as unknown as new (bytes: Uint8Array, offset: number) => ObjectId;

const OBJECT_ID = 0x07;
const INT32 = 0x10;
const STRING = 0x02;
const BOOLEAN = 0x08;
const NULL = 0x0a;
const DATE = 0x09;
const DOUBLE = 0x01;
const INT64 = 0x12;

/** The bytes an element's value takes, given its type and the offset of the value. */
function valueLength(bytes: Buffer, type: number, at: number): number {
  switch (type) {
    case 0x01: // double
    case 0x09: // date
    case 0x11: // timestamp
    case 0x12: // int64
      return 8;
    case 0x02: // string
    case 0x0d: // code
    case 0x0e: // symbol
      return 4 + bytes.readInt32LE(at);
    case 0x03: // document
    case 0x04: // array
    case 0x0f: // code with scope
      return bytes.readInt32LE(at);
    case 0x05: // binary
      return 5 + bytes.readInt32LE(at);
    case 0x06: // undefined
    case 0x0a: // null
    case 0x7f: // max key
    case 0xff: // min key
      return 0;
    case 0x07: // ObjectId
      return 12;
    case 0x08: // boolean
      return 1;
    case 0x0b: {
      // regex: two C strings
      const patternEnd = bytes.indexOf(0, at);
      return bytes.indexOf(0, patternEnd + 1) + 1 - at;
    }
    case 0x0c: // DBPointer
      return 4 + bytes.readInt32LE(at) + 12;
    case 0x10: // int32
      return 4;
    case 0x13: // decimal128
      return 16;
    default:
      throw new Error(`unknown BSON element type ${type}`);
  }
}

/** Decodes one element's value as decodeDocument would, by decoding a document holding only it. */
function decodeElement(bytes: Buffer, elementStart: number, elementEnd: number): unknown {
  const length = elementEnd - elementStart;
  const single = Buffer.allocUnsafe(4 + length + 1);
  single.writeInt32LE(single.length, 0);
  bytes.copy(single, 4, elementStart, elementEnd);
  single[4 + length] = 0;
  const doc = decodeDocument(single);
  for (const key in doc) return doc[key];
  return undefined;
}

/** The value at `at` of an element of `type`, for the types index keys usually hold; else undefined. */
function decodeCommonValue(bytes: Buffer, type: number, at: number): { value: unknown } | undefined {
  switch (type) {
    case OBJECT_ID:
      return { value: new ObjectIdAt(bytes, at) };
    case INT32:
      return { value: bytes.readInt32LE(at) };
    case STRING:
      return { value: bytes.toString('utf8', at + 4, at + 4 + bytes.readInt32LE(at) - 1) };
    case BOOLEAN:
      return { value: bytes[at] === 1 };
    case NULL:
      return { value: null };
    case DATE:
      // As bson decodes it: the int64 milliseconds through Long.toNumber().
      return { value: new Date(bytes.readInt32LE(at + 4) * 2 ** 32 + bytes.readUInt32LE(at)) };
    case DOUBLE: {
      const n = bytes.readDoubleLE(at);
      return { value: keepsDoubleWrapper(n) ? new Double(n) : n };
    }
    case INT64:
      return { value: Long.fromBits(bytes.readInt32LE(at), bytes.readInt32LE(at + 4)) };
    default:
      return undefined;
  }
}

/** Field names as UTF-8 bytes, to find elements without making a string of every element's name. */
const encodedNames = new WeakMap<ReadonlySet<string>, { name: string; bytes: Buffer }[]>();

function namesAsBytes(names: ReadonlySet<string>): { name: string; bytes: Buffer }[] {
  let encoded = encodedNames.get(names);
  if (!encoded) {
    encoded = [...names].map((name) => ({ name, bytes: Buffer.from(name, 'utf8') }));
    encodedNames.set(names, encoded);
  }
  return encoded;
}

/** Which of `names` the element name at bytes[start, end) is, if any. */
function matchName(
  bytes: Buffer,
  start: number,
  end: number,
  names: { name: string; bytes: Buffer }[],
): string | undefined {
  const length = end - start;
  for (const candidate of names) {
    const wanted = candidate.bytes;
    if (wanted.length !== length) continue;
    let same = true;
    for (let i = 0; i < length; i++) {
      if (bytes[start + i] !== wanted[i]) {
        same = false;
        break;
      }
    }
    if (same) return candidate.name;
  }
  return undefined;
}

/** The document at `offset` with only the named top-level fields, each decoded as decodeDocument would. */
export function readTopLevelFields(bytes: Buffer, offset: number, names: ReadonlySet<string>): Doc {
  const wanted = namesAsBytes(names);
  const doc: Doc = {};
  const end = offset + bytes.readInt32LE(offset) - 1;
  let at = offset + 4;
  let found = 0;
  while (at < end && found < wanted.length) {
    const elementStart = at;
    const type = bytes[at];
    const nameEnd = bytes.indexOf(0, at + 1);
    const valueAt = nameEnd + 1;
    const next = valueAt + valueLength(bytes, type, valueAt);
    const name = matchName(bytes, at + 1, nameEnd, wanted);
    if (name !== undefined) {
      const common = decodeCommonValue(bytes, type, valueAt);
      doc[name] = common ? common.value : decodeElement(bytes, elementStart, next);
      found += 1;
    }
    at = next;
  }
  return doc;
}

const ID_FIELD = new Set(['_id']);

/** keyOf(_id) of the BSON document at `offset`. */
export function idKeyOfEncoded(bytes: Buffer, offset: number): string {
  // The _id comes first in every stored document: check for it before searching.
  const first = offset + 4;
  if (
    bytes[first] === OBJECT_ID &&
    bytes[first + 1] === 0x5f &&
    bytes[first + 2] === 0x69 &&
    bytes[first + 3] === 0x64 &&
    bytes[first + 4] === 0
  ) {
    return 'o' + bytes.toString('hex', first + 5, first + 17);
  }
  return keyOf(readTopLevelFields(bytes, offset, ID_FIELD)._id);
}
