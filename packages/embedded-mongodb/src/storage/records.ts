// Checksummed, length-prefixed records: the unit of the journal and of snapshot files.
// Layout: [u32 payload length][u32 crc32 of payload][payload], payload = one or more BSON documents.
import { crc32 } from 'node:zlib';
import { decodeDocument, Doc, encodeDocument } from '../bson';

export const RECORD_HEADER = 8;

export function encodeRecord(docs: Doc[]): Buffer {
  return recordOf(docs.map((doc) => encodeDocument(doc)));
}

/** A record of documents already encoded. */
export function recordOf(parts: Buffer[]): Buffer {
  let length = 0;
  for (const part of parts) length += part.length;
  const record = Buffer.allocUnsafe(RECORD_HEADER + length);
  let offset = RECORD_HEADER;
  for (const part of parts) offset += part.copy(record, offset);
  const payload = record.subarray(RECORD_HEADER);
  record.writeUInt32LE(length, 0);
  record.writeUInt32LE(crc32(payload), 4);
  return record;
}

export interface ReadRecords {
  records: Doc[][];
  /** Bytes covered by intact records; anything after is a torn or corrupt tail. */
  validLength: number;
  /** Why reading stopped before the end, if it did. */
  problem?: string;
}

/** Reads records until the end or the first damaged one. */
export function readRecords(bytes: Buffer): ReadRecords {
  const records: Doc[][] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (bytes.length - offset < RECORD_HEADER) {
      return { records, validLength: offset, problem: 'truncated record header' };
    }
    const length = bytes.readUInt32LE(offset);
    const checksum = bytes.readUInt32LE(offset + 4);
    const start = offset + RECORD_HEADER;
    if (length > bytes.length - start) {
      return { records, validLength: offset, problem: 'truncated record' };
    }
    const payload = bytes.subarray(start, start + length);
    if (crc32(payload) !== checksum) return { records, validLength: offset, problem: 'checksum mismatch' };
    const docs = splitDocuments(payload);
    if (!docs) return { records, validLength: offset, problem: 'malformed record payload' };
    records.push(docs);
    offset = start + length;
  }
  return { records, validLength: offset };
}

function splitDocuments(payload: Buffer): Doc[] | undefined {
  const docs: Doc[] = [];
  let offset = 0;
  while (offset < payload.length) {
    if (payload.length - offset < 5) return undefined;
    const size = payload.readInt32LE(offset);
    if (size < 5 || offset + size > payload.length) return undefined;
    try {
      docs.push(decodeDocument(payload.subarray(offset, offset + size)));
    } catch {
      return undefined;
    }
    offset += size;
  }
  return docs;
}
