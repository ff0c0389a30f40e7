import type { ClientSession, MongoClient } from 'mongodb';

/**
 * Runs `work` in a transaction, retried by the driver on transient errors (e.g. write conflicts).
 * Every multi-document write of the service goes through here: either all of it lands or none.
 */
export async function inTransaction<T>(
  client: MongoClient,
  work: (session: ClientSession) => Promise<T>,
): Promise<T> {
  const session = client.startSession();
  try {
    let result: T | undefined;
    await session.withTransaction(
      async () => {
        result = await work(session);
      },
      { readConcern: { level: 'snapshot' }, writeConcern: { w: 'majority' } },
    );
    return result as T;
  } finally {
    await session.endSession();
  }
}
