import { MongoServerError } from 'mongodb';

/** True for a unique-index violation (E11000), optionally on one index. */
export function isDuplicateKey(error: unknown, indexName?: string): boolean {
  if (!(error instanceof MongoServerError) || error.code !== 11000) return false;
  return indexName === undefined || error.message.includes(`index: ${indexName} `);
}
