import { ClientSession, Collection, Db, Filter, MongoClient, ObjectId } from 'mongodb';
import { Collections } from '../db/collections';
import { badUserInput, notFound } from '../shared/errors';
import type { RevisionWriter } from '../revisions/revision.writer';
import { parseIds } from '../shared/mongo/ids';
import { coalescedReadsById, loadByIds } from '../shared/mongo/coalesced-reads';
import { isDuplicateKey } from '../shared/mongo/duplicate-key';
import { literalContains, nameKey } from '../shared/text';
import { inTransaction } from '../shared/mongo/transaction';
import { uniqueSlug } from '../shared/mongo/unique-slug';
import { applyVersionedUpdate } from '../shared/mongo/versioned-update';
import { newVersionedFields } from '../shared/versioned';
import { definedOnly, optionalText, requiredText, slugText } from '../shared/validate';
import type { Page } from '../shared/list-query';
import type { Sort } from 'mongodb';
import type { SpeakerDocument, SpeakerEditableFields } from './speaker.model';

export const LIMITS = { name: 200, title: 300, organization: 300, bio: 10_000 };

export interface SpeakerProfile {
  name: string;
  title?: string | null;
  organization?: string | null;
}

export interface SpeakerFilterInput {
  q?: string;
  ids?: string[];
  organization?: string;
  slug?: string;
}

export interface NewSpeakerInput {
  name: string;
  title?: string | null;
  organization?: string | null;
  bio?: string | null;
  slug?: string | null;
}

export interface SpeakerChanges {
  version: number;
  /** The version the editor started from: later changes are merged with these (three-way). */
  baseVersion?: number | null;
  name?: string;
  title?: string | null;
  organization?: string | null;
  bio?: string | null;
  slug?: string;
}

/** What the speakers need to know of the transcript entries (the answers service answers it). */
export interface SpeakerUses {
  countEntriesOfSpeaker(session: ClientSession, speakerId: ObjectId): Promise<number>;
}

export class SpeakerService {
  private readonly collection: Collection<SpeakerDocument>;

  constructor(
    private readonly client: MongoClient,
    db: Db,
    private readonly revisions: RevisionWriter,
    private readonly uses: SpeakerUses,
  ) {
    this.collection = db.collection<SpeakerDocument>(Collections.speakers);
  }

  /** Lookups by id, gathered across concurrent requests (see coalescedReads). */
  private readonly byId = coalescedReadsById((ids) => this.collection.find({ _id: { $in: ids } }).toArray());

  get(id: ObjectId): Promise<SpeakerDocument | null> {
    return this.collection.findOne({ _id: id });
  }

  getBySlug(slug: string): Promise<SpeakerDocument | null> {
    return this.collection.findOne({ slug: String(slug) });
  }

  /** The speakers with these ids, in the ids' order. */
  getMany(ids: readonly ObjectId[]): Promise<SpeakerDocument[]> {
    return loadByIds(this.byId, ids);
  }

  /** Up to `limit` speakers after `afterId` in id order: how the search index reads them all. */
  inIdOrder(afterId: ObjectId | null, limit: number): Promise<SpeakerDocument[]> {
    return this.collection
      .find(afterId ? { _id: { $gt: afterId } } : {})
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
  }

  /** The known speakers among these normalised names (an import preview shows which it would reuse). */
  findByNameKeys(nameKeys: readonly string[]): Promise<Pick<SpeakerDocument, '_id' | 'nameKey'>[]> {
    return this.collection
      .find({ nameKey: { $in: [...nameKeys] } }, { projection: { nameKey: 1 } })
      .toArray();
  }

  async exists(id: ObjectId, session?: ClientSession): Promise<boolean> {
    return (await this.collection.countDocuments({ _id: id }, { limit: 1, session })) > 0;
  }

  list(filter: SpeakerFilterInput | undefined, page: Page, sort: Sort): Promise<SpeakerDocument[]> {
    return this.collection.find(this.toQuery(filter)).sort(sort).skip(page.skip).limit(page.limit).toArray();
  }

  count(filter: SpeakerFilterInput | undefined): Promise<number> {
    return this.collection.countDocuments(this.toQuery(filter));
  }

  async create(args: NewSpeakerInput, userId: ObjectId | null): Promise<SpeakerDocument> {
    const name = requiredText('name', args.name, { max: LIMITS.name });
    return inTransaction(this.client, async (session) => {
      const doc: SpeakerDocument = {
        _id: new ObjectId(),
        name,
        nameKey: nameKey(name),
        slug: args.slug ? slugText('slug', args.slug) : await uniqueSlug(this.collection, name, session),
        title: optionalText('title', args.title, { max: LIMITS.title }) ?? null,
        organization: optionalText('organization', args.organization, { max: LIMITS.organization }) ?? null,
        bio: optionalText('bio', args.bio, { max: LIMITS.bio }) ?? null,
        ...newVersionedFields(userId),
      };
      await this.insertChecked(doc, session);
      await this.revisions.record(session, {
        entity: 'SPEAKER',
        entity_id: doc._id,
        version: 1,
        action: 'CREATE',
        user_id: userId,
        before: null,
        after: editableFields(doc),
      });
      return doc;
    });
  }

  async update(id: ObjectId, args: SpeakerChanges, userId: ObjectId | null): Promise<SpeakerDocument> {
    const name = args.name === undefined ? undefined : requiredText('name', args.name, { max: LIMITS.name });
    const patch = definedOnly<Partial<SpeakerDocument>>({
      name,
      nameKey: name === undefined ? undefined : nameKey(name),
      slug: args.slug === undefined || args.slug === null ? undefined : slugText('slug', args.slug),
      title: optionalText('title', args.title, { max: LIMITS.title }),
      organization: optionalText('organization', args.organization, { max: LIMITS.organization }),
      bio: optionalText('bio', args.bio, { max: LIMITS.bio }),
    });
    try {
      return await inTransaction(this.client, (session) =>
        applyVersionedUpdate<SpeakerDocument>({
          collection: this.collection,
          session,
          revisions: this.revisions,
          entity: 'SPEAKER',
          label: 'Speaker',
          id,
          expectedVersion: args.version,
          patch,
          userId,
          interviewIdOf: () => null,
          baseVersion: args.baseVersion,
          // The name is not merged word by word: its normalised key must follow it exactly.
          textFields: ['title', 'organization', 'bio'],
        }),
      );
    } catch (error) {
      throw translateDuplicate(error);
    }
  }

  /** Deletes a speaker no entry refers to; one still in use is refused, naming how many entries use it. */
  async delete(id: ObjectId, userId: ObjectId | null): Promise<SpeakerDocument> {
    return inTransaction(this.client, async (session) => {
      const current = await this.collection.findOne({ _id: id }, { session });
      if (!current) throw notFound('Speaker', id.toHexString());
      const uses = await this.uses.countEntriesOfSpeaker(session, id);
      if (uses > 0)
        throw badUserInput('id', `speaker "${current.name}" is still used by ${uses} transcript entries`);
      await this.collection.deleteOne({ _id: id }, { session });
      await this.revisions.record(session, {
        entity: 'SPEAKER',
        entity_id: id,
        version: current.version + 1,
        action: 'DELETE',
        user_id: userId,
        before: editableFields(current),
        after: null,
      });
      return current;
    });
  }

  /**
   * The speaker with this name (case, spacing and accents aside), created when unknown; missing
   * title/organisation are filled in from the profile, existing ones are never overwritten by an import.
   */
  async findOrCreate(
    session: ClientSession,
    profile: SpeakerProfile,
    userId: ObjectId | null,
  ): Promise<{ speaker: SpeakerDocument; created: boolean }> {
    const name = requiredText('name', profile.name, { max: LIMITS.name });
    const existing = await this.collection.findOne({ nameKey: nameKey(name) }, { session });
    if (existing) return { speaker: existing, created: false };
    const doc: SpeakerDocument = {
      _id: new ObjectId(),
      name,
      nameKey: nameKey(name),
      slug: await uniqueSlug(this.collection, name, session),
      title: profile.title ?? null,
      organization: profile.organization ?? null,
      bio: null,
      ...newVersionedFields(userId),
    };
    await this.insertChecked(doc, session);
    await this.revisions.record(session, {
      entity: 'SPEAKER',
      entity_id: doc._id,
      version: 1,
      action: 'IMPORT',
      user_id: userId,
      before: null,
      after: editableFields(doc),
    });
    return { speaker: doc, created: true };
  }

  private async insertChecked(doc: SpeakerDocument, session: ClientSession): Promise<void> {
    try {
      await this.collection.insertOne(doc, { session });
    } catch (error) {
      throw translateDuplicate(error);
    }
  }

  private toQuery(filter: SpeakerFilterInput | undefined): Filter<SpeakerDocument> {
    const query: Filter<SpeakerDocument> = {};
    if (!filter) return query;
    if (filter.ids) query._id = { $in: parseIds('filter.ids', filter.ids) };
    if (filter.slug !== undefined) query.slug = String(filter.slug);
    if (filter.organization !== undefined) query.organization = String(filter.organization);
    if (filter.q?.trim()) {
      const pattern = literalContains(filter.q);
      query.$or = [{ name: pattern }, { title: pattern }, { organization: pattern }, { bio: pattern }];
    }
    return query;
  }
}

function editableFields(doc: SpeakerDocument): SpeakerEditableFields {
  return { name: doc.name, slug: doc.slug, title: doc.title, organization: doc.organization, bio: doc.bio };
}

function translateDuplicate(error: unknown): unknown {
  if (isDuplicateKey(error, 'slug_unique'))
    return badUserInput('slug', 'another speaker already has this slug');
  if (isDuplicateKey(error, 'nameKey_unique'))
    return badUserInput('name', 'another speaker already has this name');
  return error;
}
