// TTL indexes: a periodic pass deletes documents whose indexed date is older than expireAfterSeconds.
import { toNumber } from './bson';
import type { EngineCore } from './core';
import { keyOf, pathValues } from './values';

export async function expireDocuments(core: EngineCore): Promise<number> {
  if (core.closing || core.store.pendingCommit) return 0;
  const now = Date.now();
  const unit = core.store.begin();
  let removed = 0;
  try {
    for (const coll of core.store.catalog.allCollections()) {
      for (const index of coll.indexes) {
        const seconds = toNumber(index.spec.expireAfterSeconds);
        const fields = Object.keys(index.spec.key as object);
        if (seconds === undefined || fields.length !== 1) continue;
        const cutoff = now - seconds * 1000;
        const parts = fields[0].split('.');
        for (const doc of [...coll.docs.values()]) {
          const dates = pathValues(doc, parts)
            .flatMap((value) => (Array.isArray(value) ? value : [value]))
            .filter((value): value is Date => value instanceof Date);
          if (dates.length === 0 || Math.min(...dates.map((d) => d.getTime())) > cutoff) continue;
          if (core.txns.lockHolder(coll.db, coll.name, keyOf(doc._id))) continue;
          unit.delete(coll.db, coll.name, doc._id);
          removed += 1;
        }
      }
    }
  } finally {
    await unit.commit();
  }
  if (removed > 0) core.logger.debug(`TTL monitor removed ${removed} documents`);
  return removed;
}
