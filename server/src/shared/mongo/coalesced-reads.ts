import DataLoader from 'dataloader';
import type { ObjectId } from 'mongodb';

/** Keys per query at most: a turn with more asks sends several queries. */
const MAX_KEYS_PER_QUERY = 1000;

/**
 * Reads that concurrent requests ask for in the same turn of the event loop, answered by one query: a
 * DataLoader shared by the whole service, without its cache (every read goes to the database, so nothing
 * is ever answered from an earlier moment), dispatched in the turn's check phase (setImmediate) rather than
 * after each callback (nextTick), so that the asks of every request the turn handled are gathered. With
 * many readers in flight each query then serves several of them, sparing the driver's per-query work and
 * a round trip each; a single request waits for nothing more than the rest of its turn.
 *
 * Per-request DataLoaders (graphql/loaders.ts) still batch and cache within a request, above this. Two
 * requests asking for the same document may be given the same object: callers must not modify what they
 * get (none does).
 *
 * A query that fails for a turn's keys together is tried again for each key alone, so that one request's
 * key (or a passing failure) fails only the requests it fails alone, as without gathering.
 */
export function coalescedReads<Key, Value>(
  readMany: (keys: readonly Key[]) => Promise<Value[]>,
): DataLoader<Key, Value> {
  const readGathered = async (keys: readonly Key[]): Promise<(Value | Error)[]> => {
    try {
      return await readMany(keys);
    } catch (error) {
      if (keys.length === 1) throw error;
      return Promise.all(
        keys.map((key) =>
          readMany([key]).then(
            ([value]) => value,
            (alone: unknown) => (alone instanceof Error ? alone : new Error(String(alone))),
          ),
        ),
      );
    }
  };
  return new DataLoader(readGathered, {
    cache: false,
    batchScheduleFn: (dispatch) => setImmediate(dispatch),
    maxBatchSize: MAX_KEYS_PER_QUERY,
  });
}

/** coalescedReads of documents by id: `findByIds` is the collection's `{ _id: { $in } }` query. */
export function coalescedReadsById<T extends { _id: ObjectId }>(
  findByIds: (ids: ObjectId[]) => Promise<T[]>,
): DataLoader<ObjectId, T | null> {
  return coalescedReads(async (ids: readonly ObjectId[]) =>
    matchKeys(
      ids.map((id) => id.toHexString()),
      await findByIds([...ids]),
      (doc) => doc._id.toHexString(),
    ),
  );
}

/** Each document found by one of the ids, in the ids' order (each once), as `{ _id: { $in } }` finds them. */
export async function loadByIds<T extends { _id: ObjectId }>(
  reads: DataLoader<ObjectId, T | null>,
  ids: readonly ObjectId[],
): Promise<T[]> {
  const found: (T | null)[] = await Promise.all(ids.map((id) => reads.load(id)));
  const seen = new Set<string>();
  const docs: T[] = [];
  for (const doc of found) {
    if (!doc || seen.has(doc._id.toHexString())) continue;
    seen.add(doc._id.toHexString());
    docs.push(doc);
  }
  return docs;
}

/** For each key, the document whose `keyOf` is that key (the first found), else null. */
export function matchKeys<T>(
  keys: readonly string[],
  docs: readonly T[],
  keyOf: (doc: T) => string,
): (T | null)[] {
  const byKey = new Map<string, T>();
  for (const doc of docs) {
    const key = keyOf(doc);
    if (!byKey.has(key)) byKey.set(key, doc);
  }
  return keys.map((key) => byKey.get(key) ?? null);
}
