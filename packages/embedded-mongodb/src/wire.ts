// MongoDB wire protocol: message framing, OP_MSG / OP_QUERY parsing, OP_MSG / OP_REPLY encoding.
import { decodeDocument, Doc, encodeDocument } from './bson';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

export const MAX_MESSAGE_SIZE = 48_000_000;
const HEADER_SIZE = 16;

export const MSG_CHECKSUM_PRESENT = 1 << 0;
export const MSG_MORE_TO_COME = 1 << 1;
export const MSG_EXHAUST_ALLOWED = 1 << 16;
const MSG_KNOWN_FLAGS = MSG_CHECKSUM_PRESENT | MSG_MORE_TO_COME | MSG_EXHAUST_ALLOWED;
/** Bits 0-15 are "required": a receiver must fail on one it does not know. */
const MSG_REQUIRED_MASK = 0xffff;

export class ProtocolError extends Error {}

export interface MessageHeader {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

export interface Frame {
  header: MessageHeader;
  /** The whole message, header included. */
  bytes: Buffer;
}

/** Splits a TCP byte stream into whole messages, whatever the chunking. */
export class MessageFramer {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly maxSize = MAX_MESSAGE_SIZE) {}

  /** Adds a chunk and returns the messages it completed. Throws ProtocolError on an impossible length. */
  push(chunk: Buffer): Frame[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Frame[] = [];
    while (this.buffered >= 4) {
      const length = this.peekLength();
      if (length < HEADER_SIZE || length > this.maxSize) {
        throw new ProtocolError(`invalid message length ${length} (allowed ${HEADER_SIZE}..${this.maxSize})`);
      }
      if (this.buffered < length) break;
      const bytes = this.take(length);
      frames.push({ header: readHeader(bytes), bytes });
    }
    return frames;
  }

  private peekLength(): number {
    const first = this.chunks[0];
    if (first.length >= 4) return first.readInt32LE(0);
    return this.contiguous(4).readInt32LE(0);
  }

  /** Makes sure the first `n` buffered bytes sit in the first chunk, and returns that chunk. */
  private contiguous(n: number): Buffer {
    if (this.chunks[0].length < n) {
      const all = Buffer.concat(this.chunks);
      this.chunks = [all];
    }
    return this.chunks[0];
  }

  private take(n: number): Buffer {
    const first = this.contiguous(n);
    const bytes = first.subarray(0, n);
    if (first.length === n) this.chunks.shift();
    else this.chunks[0] = first.subarray(n);
    this.buffered -= n;
    return bytes;
  }
}

function readHeader(bytes: Buffer): MessageHeader {
  return {
    length: bytes.readInt32LE(0),
    requestId: bytes.readInt32LE(4),
    responseTo: bytes.readInt32LE(8),
    opCode: bytes.readInt32LE(12),
  };
}

function readDocumentAt(bytes: Buffer, offset: number, end: number): { doc: Doc; next: number } {
  if (offset + 5 > end) throw new ProtocolError('truncated BSON document');
  const size = bytes.readInt32LE(offset);
  if (size < 5 || offset + size > end) throw new ProtocolError(`invalid BSON document length ${size}`);
  try {
    return { doc: decodeDocument(bytes.subarray(offset, offset + size)), next: offset + size };
  } catch (error) {
    throw new ProtocolError(`invalid BSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function readCString(bytes: Buffer, offset: number, end: number): { value: string; next: number } {
  const zero = bytes.indexOf(0, offset);
  if (zero < 0 || zero >= end) throw new ProtocolError('unterminated C string');
  return { value: bytes.toString('utf8', offset, zero), next: zero + 1 };
}

export interface OpMsgRequest {
  flags: number;
  /** The command document, with kind-1 document sequences merged in as array fields. */
  body: Doc;
  moreToCome: boolean;
  exhaustAllowed: boolean;
}

export function parseOpMsg(bytes: Buffer): OpMsgRequest {
  if (bytes.length < HEADER_SIZE + 5) throw new ProtocolError('OP_MSG too short');
  const flags = bytes.readUInt32LE(HEADER_SIZE);
  const unknownRequired = flags & MSG_REQUIRED_MASK & ~MSG_KNOWN_FLAGS;
  if (unknownRequired !== 0)
    throw new ProtocolError(`unsupported OP_MSG flag bits 0x${unknownRequired.toString(16)}`);
  let end = bytes.length;
  if (flags & MSG_CHECKSUM_PRESENT) {
    end -= 4;
    const expected = bytes.readUInt32LE(end);
    if (crc32c(bytes.subarray(0, end)) !== expected) throw new ProtocolError('OP_MSG checksum mismatch');
  }
  let offset = HEADER_SIZE + 4;
  let body: Doc | undefined;
  const sequences: [string, Doc[]][] = [];
  while (offset < end) {
    const kind = bytes[offset];
    offset += 1;
    if (kind === 0) {
      if (body) throw new ProtocolError('OP_MSG has more than one body section');
      const read = readDocumentAt(bytes, offset, end);
      body = read.doc;
      offset = read.next;
    } else if (kind === 1) {
      if (offset + 4 > end) throw new ProtocolError('truncated document sequence');
      const size = bytes.readInt32LE(offset);
      const sectionEnd = offset + size;
      if (size < 5 || sectionEnd > end) throw new ProtocolError(`invalid document sequence length ${size}`);
      const id = readCString(bytes, offset + 4, sectionEnd);
      let position = id.next;
      const docs: Doc[] = [];
      while (position < sectionEnd) {
        const read = readDocumentAt(bytes, position, sectionEnd);
        docs.push(read.doc);
        position = read.next;
      }
      sequences.push([id.value, docs]);
      offset = sectionEnd;
    } else {
      throw new ProtocolError(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new ProtocolError('OP_MSG has no body section');
  for (const [id, docs] of sequences) {
    if (id in body) throw new ProtocolError(`document sequence '${id}' duplicates a body field`);
    body[id] = docs;
  }
  return {
    flags,
    body,
    moreToCome: (flags & MSG_MORE_TO_COME) !== 0,
    exhaustAllowed: (flags & MSG_EXHAUST_ALLOWED) !== 0,
  };
}

export interface OpQueryRequest {
  flags: number;
  fullCollectionName: string;
  numberToSkip: number;
  numberToReturn: number;
  query: Doc;
}

export function parseOpQuery(bytes: Buffer): OpQueryRequest {
  let offset = HEADER_SIZE;
  if (bytes.length < offset + 4) throw new ProtocolError('OP_QUERY too short');
  const flags = bytes.readInt32LE(offset);
  offset += 4;
  const name = readCString(bytes, offset, bytes.length);
  offset = name.next;
  if (bytes.length < offset + 8) throw new ProtocolError('OP_QUERY too short');
  const numberToSkip = bytes.readInt32LE(offset);
  const numberToReturn = bytes.readInt32LE(offset + 4);
  offset += 8;
  const query = readDocumentAt(bytes, offset, bytes.length).doc;
  return { flags, fullCollectionName: name.value, numberToSkip, numberToReturn, query };
}

function header(length: number, requestId: number, responseTo: number, opCode: number): Buffer {
  const buffer = Buffer.allocUnsafe(HEADER_SIZE);
  buffer.writeInt32LE(length, 0);
  buffer.writeInt32LE(requestId, 4);
  buffer.writeInt32LE(responseTo, 8);
  buffer.writeInt32LE(opCode, 12);
  return buffer;
}

export function encodeOpMsg(requestId: number, responseTo: number, doc: Doc, flags = 0): Buffer {
  const body = encodeDocument(doc);
  const prefix = Buffer.allocUnsafe(5);
  prefix.writeUInt32LE(flags >>> 0, 0);
  prefix[4] = 0;
  const length = HEADER_SIZE + prefix.length + body.length;
  return Buffer.concat([header(length, requestId, responseTo, OP_MSG), prefix, body], length);
}

export const REPLY_QUERY_FAILURE = 1 << 1;

export function encodeOpReply(requestId: number, responseTo: number, doc: Doc, responseFlags = 0): Buffer {
  const body = encodeDocument(doc);
  const fields = Buffer.alloc(20);
  fields.writeInt32LE(responseFlags, 0);
  // cursorID (int64) stays 0, startingFrom 0
  fields.writeInt32LE(1, 16);
  const length = HEADER_SIZE + fields.length + body.length;
  return Buffer.concat([header(length, requestId, responseTo, OP_REPLY), fields, body], length);
}

let crcTable: Uint32Array | undefined;

/** CRC-32C (Castagnoli), the checksum OP_MSG uses. */
export function crc32c(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
      crcTable[i] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
