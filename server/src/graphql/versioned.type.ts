import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { VersionedFields } from '../shared/versioned';

/** The bookkeeping fields every editable resource exposes. */
@ObjectType()
export abstract class VersionedType {
  @Field(() => Int, { description: 'Increases by one with each change; send it back with updates.' })
  version!: number;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;

  @Field(() => ID, { nullable: true, description: 'The user who made the last change.' })
  updatedBy!: string | null;
}

export function presentVersioned(doc: VersionedFields): VersionedType {
  return {
    version: doc.version,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    updatedBy: doc.updatedBy?.toHexString() ?? null,
  };
}
