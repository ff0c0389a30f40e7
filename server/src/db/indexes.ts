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
    // Readers' list: published interviews, newest first, paged without sorting them all.
    { key: { status: 1, publishedAt: -1, _id: -1 }, name: 'status_publishedAt_id' },
    { key: { speaker_ids: 1 }, name: 'speaker_ids' },
    // The editors' list (drafts included): newest publication first, paged without sorting everything.
    { key: { publishedAt: -1, _id: -1 }, name: 'publishedAt_id' },
    { key: { 'source.fileName': 1 }, name: 'source_fileName' },
    // Readers' and editors' lists narrowed to one language, newest publication first.
    { key: { language: 1, publishedAt: -1, _id: -1 }, name: 'language_publishedAt_id' },
    // The publishing scheduler's poll: due schedules without reading every interview.
    { key: { publishAt: 1 }, name: 'publishAt' },
    { key: { unpublishAt: 1 }, name: 'unpublishAt' },
  ],
  [Collections.answers]: [
    { key: { interview_id: 1, position: 1 }, name: 'interview_position_unique', unique: true },
    { key: { speaker_id: 1 }, name: 'speaker_id' },
    { key: { questioner_id: 1 }, name: 'questioner_id' },
  ],
  [Collections.revisions]: [
    { key: { entity_id: 1, version: -1 }, name: 'entity_version' },
    { key: { createdAt: -1 }, name: 'createdAt' },
    // Undoing an operation reads its revisions.
    { key: { operation_id: 1 }, name: 'operation_id' },
  ],
  // What rate-limiter-flexible's RateLimiterMongo needs: one document per key, removed once expired.
  [Collections.loginThrottle]: [
    { key: { key: 1 }, name: 'key_unique', unique: true },
    { key: { expire: -1 }, name: 'expire_ttl', expireAfterSeconds: 0 },
  ],
  // Translations: the group of an interview; a translation's pairs; the pairs holding an entry, either side.
  [Collections.translationGroups]: [{ key: { members: 1 }, name: 'members' }],
  [Collections.alignmentPairs]: [
    { key: { translation_id: 1 }, name: 'translation_id' },
    { key: { original_ids: 1 }, name: 'original_ids' },
    { key: { translation_ids: 1 }, name: 'translation_ids' },
  ],
  // Who has an interview open: read by interview, removed once expired (a crashed instance's editors).
  [Collections.presence]: [
    { key: { interview_id: 1 }, name: 'interview_id' },
    { key: { expiresAt: 1 }, name: 'expiresAt_ttl', expireAfterSeconds: 0 },
  ],
};

/** Indexes earlier versions created that others have replaced: dropped at start. */
const REPLACED_INDEXES: Record<string, string[]> = {
  // Without _id, the readers' list (sorted by publishedAt, then _id) sorted every published interview.
  [Collections.interviews]: ['status_publishedAt'],
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
  for (const [name, replaced] of Object.entries(REPLACED_INDEXES)) {
    const present = new Set((await db.collection(name).indexes()).map((index) => index.name));
    for (const index of replaced) if (present.has(index)) await db.collection(name).dropIndex(index);
  }
}
