import type { ObjectId } from 'mongodb';
import type { VersionedFields } from '../shared/versioned';
import type { Role } from './auth-user';

export interface UserDocument extends VersionedFields {
  _id: ObjectId;
  /** Stored lower-case: one account per address however it is typed. */
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
}
