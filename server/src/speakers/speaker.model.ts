import type { ObjectId } from 'mongodb';
import type { VersionedFields } from '../shared/versioned';

export interface SpeakerDocument extends VersionedFields {
  _id: ObjectId;
  name: string;
  /** Normalised name: how imports recognise a speaker they already know. */
  nameKey: string;
  slug: string;
  title: string | null;
  organization: string | null;
  bio: string | null;
}

/** The fields an editor can change. */
export type SpeakerEditableFields = Pick<SpeakerDocument, 'name' | 'slug' | 'title' | 'organization' | 'bio'>;
