import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { presentVersioned, VersionedType } from '../graphql/versioned.type';
import type { UserDocument } from './user.model';

export enum RoleEnum {
  ADMIN = 'ADMIN',
  EDITOR = 'EDITOR',
}
registerEnumType(RoleEnum, {
  name: 'Role',
  description: 'EDITOR curates content; ADMIN also manages users.',
});

@ObjectType({ description: 'An editor or admin account. The password is never exposed.' })
export class User extends VersionedType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String)
  name!: string;

  @Field(() => RoleEnum)
  role!: RoleEnum;
}

@ObjectType()
export class LoginResult {
  @Field(() => String, { description: 'Send as `Authorization: Bearer <token>`.' })
  token!: string;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => User)
  user!: User;
}

export function presentUser(doc: UserDocument): User {
  return {
    id: doc._id.toHexString(),
    email: doc.email,
    name: doc.name,
    role: doc.role as RoleEnum,
    ...presentVersioned(doc),
  };
}
