import type { Db, IndexDescription } from 'mongodb';
import { Collections } from './collections';

const INDEXES: Record<string, IndexDescription[]> = {
  [Collections.users]: [
    { key: { email: 1 }, name: 'email_unique', unique: true },
    { key: { role: 1 }, name: 'role' },
  ],
  [Collections.speakers]: [
    { key: { slug: 1 }, name: 'slug_unique', unique: true },
    { key: { nameKey: 1 }, name: 'nameKey_unique', unique: true },
  ],
  [Collections.interviews]: [
    { key: { slug: 1 }, name: 'slug_unique', unique: true },
    { key: { status: 1, publishedAt: -1 }, name: 'status_publishedAt' },
    { key: { speaker_ids: 1 }, name: 'speaker_ids' },
    // The editors' list (drafts included): newest publication first, paged without sorting everything.
    { key: { publishedAt: -1, _id: -1 }, name: 'publishedAt_id' },
    { key: { 'source.fileName': 1 }, name: 'source_fileName' },
  ],
  [Collections.answers]: [
    { key: { interview_id: 1, position: 1 }, name: 'interview_position_unique', unique: true },
    { key: { speaker_id: 1 }, name: 'speaker_id' },
    { key: { questioner_id: 1 }, name: 'questioner_id' },
  ],
  [Collections.revisions]: [
    { key: { entity_id: 1, version: -1 }, name: 'entity_version' },
    { key: { createdAt: -1 }, name: 'createdAt' },
  ],
  // What rate-limiter-flexible's RateLimiterMongo needs: one document per key, removed once expired.
  [Collections.loginThrottle]: [
    { key: { key: 1 }, name: 'key_unique', unique: true },
    { key: { expire: -1 }, name: 'expire_ttl', expireAfterSeconds: 0 },
  ],
  // Who has an interview open: read by interview, removed once expired (a crashed instance's editors).
  [Collections.presence]: [
    { key: { interview_id: 1 }, name: 'interview_id' },
    { key: { expiresAt: 1 }, name: 'expiresAt_ttl', expireAfterSeconds: 0 },
  ],
};

/**
 * Creates every collection and the indexes the models rely on (unique slugs, one entry per position).
 * Collections are created up front because MongoDB cannot create them inside a transaction on older servers.
 */
export async function ensureIndexes(db: Db): Promise<void> {
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const [name, indexes] of Object.entries(INDEXES)) {
    if (!existing.has(name)) await db.createCollection(name);
    await db.collection(name).createIndexes(indexes);
  }
}
