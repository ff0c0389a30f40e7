import type { ClientSession, Collection, Document, OptionalUnlessRequiredId } from 'mongodb';

/**
 * Documents per insert command for large writes. Each command is one step for the database (the
 * embedded engine runs in this process): a bounded step lets other requests be served between steps.
 */
export const INSERT_BATCH_SIZE = 500;

/** insertMany in bounded commands, one after another, in the caller's session (and transaction). */
export async function insertInBatches<T extends Document>(
  collection: Collection<T>,
  docs: OptionalUnlessRequiredId<T>[],
  session: ClientSession,
): Promise<void> {
  for (let start = 0; start < docs.length; start += INSERT_BATCH_SIZE) {
    await collection.insertMany(docs.slice(start, start + INSERT_BATCH_SIZE), { session });
  }
}
