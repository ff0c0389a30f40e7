import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { RevisionDocument } from './revision.model';

@ObjectType({
  description: 'One change to one document: who, when, the version it produced, the changed fields.',
})
export class Revision {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'SPEAKER, INTERVIEW, ANSWER or USER.' })
  entity!: string;

  @Field(() => ID)
  entity_id!: string;

  @Field(() => ID, { nullable: true })
  interview_id!: string | null;

  @Field(() => Int, { description: 'The version this change produced.' })
  version!: number;

  @Field(() => String, {
    description: 'CREATE, UPDATE, DELETE, MOVE, SPLIT, MERGE, REVERT, IMPORT, PUBLISH, UNPUBLISH.',
  })
  action!: string;

  @Field(() => ID, { nullable: true })
  user_id!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The changed fields before the change.' })
  before!: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The changed fields after the change.' })
  after!: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description:
      'Set when the change was merged with others saved meanwhile: { baseVersion, versions, user_ids } (the version the editor started from, the versions kept, who saved them).',
  })
  merge!: Record<string, unknown> | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Shared by the revisions of one operation (an import, a split, a merge); null before it was kept.',
  })
  operation_id!: string | null;
}

/** Stored values as JSON: ids as hex strings, dates as ISO strings. */
export function toJsonValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && typeof (value as { toHexString?: unknown }).toHexString === 'function') {
    return (value as { toHexString(): string }).toHexString();
  }
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toJsonValue(v)]),
    );
  }
  return value;
}

export function presentRevision(doc: RevisionDocument): Revision {
  return {
    id: doc._id.toHexString(),
    entity: doc.entity,
    entity_id: doc.entity_id.toHexString(),
    interview_id: doc.interview_id?.toHexString() ?? null,
    version: doc.version,
    action: doc.action,
    user_id: doc.user_id?.toHexString() ?? null,
    createdAt: doc.createdAt,
    before: doc.before && (toJsonValue(doc.before) as Record<string, unknown>),
    after: doc.after && (toJsonValue(doc.after) as Record<string, unknown>),
    merge: doc.merge ? (toJsonValue(doc.merge) as Record<string, unknown>) : null,
    operation_id: doc.operation_id?.toHexString() ?? null,
  };
}
