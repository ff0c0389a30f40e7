import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ContentActionName, ContentChangeKind, ContentEntityName } from './content-event';

export enum ContentChangeType {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  DELETED = 'DELETED',
}
registerEnumType(ContentChangeType, {
  name: 'ContentChangeType',
  description:
    "What happened from the subscriber's point of view. Readers (anonymous subscribers) see only published " +
    'content: an interview being published reaches them as CREATED, one being unpublished as DELETED.',
});

export enum ContentEntity {
  SPEAKER = 'SPEAKER',
  INTERVIEW = 'INTERVIEW',
  ANSWER = 'ANSWER',
}
registerEnumType(ContentEntity, { name: 'ContentEntity', description: 'The kind of document that changed.' });

export enum ContentAction {
  CREATE = 'CREATE',
  UPDATE = 'UPDATE',
  DELETE = 'DELETE',
  MOVE = 'MOVE',
  SPLIT = 'SPLIT',
  MERGE = 'MERGE',
  REVERT = 'REVERT',
  IMPORT = 'IMPORT',
  PUBLISH = 'PUBLISH',
  UNPUBLISH = 'UNPUBLISH',
  RENUMBER = 'RENUMBER',
  STALE = 'STALE',
}
registerEnumType(ContentAction, {
  name: 'ContentAction',
  description:
    'The operation behind a change: the action of its revision when the service made it (CREATE … UNPUBLISH); ' +
    'CREATE/UPDATE/DELETE for writes made straight into the database by another program (user_id and ' +
    'revision_id are then null); RENUMBER for an entry whose position shifted because another entry of its ' +
    'interview was created, deleted, moved, split or merged (version unchanged, user_id is who did that). ' +
    "An interview's speaker_ids kept in step with its entries arrives as UPDATE with its version unchanged.",
  valuesConfig: {
    RENUMBER: { description: "Only `position` changed, as a consequence of another entry's change." },
    STALE: {
      description:
        "Only the entry's translation stale marks changed (a counterpart in another language changed, or an " +
        'editor marked it done); version unchanged; editors only.',
    },
  },
});

@ObjectType({
  description:
    'One change to a speaker, an interview or an entry (answer), read from the database, so changes made ' +
    'through any instance of the service — or written straight into MongoDB — are reported. Events arrive in ' +
    "the order the database committed them. To keep an interview's ordered list of entries fresh, apply " +
    'every ANSWER event by id: CREATED inserts, DELETED removes, UPDATED replaces; every entry whose position ' +
    'a create, delete, move, split or merge shifted gets its own UPDATED event (action RENUMBER, ' +
    'changedFields ["position"]), so sorting the entries you hold by `answer.position` gives the order.',
})
export class ContentChange {
  @Field(() => ContentChangeType)
  type!: ContentChangeKind;

  @Field(() => ContentEntity)
  entity!: ContentEntityName;

  @Field(() => ID, { description: 'Id of the document that changed.' })
  id!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'The interview concerned: the interview itself, or the interview of an entry; null for speakers.',
  })
  interview_id!: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'The version the document has after the change (for a delete, the version its revision recorded); ' +
      'null when unknown, e.g. a document deleted straight in the database.',
  })
  version!: number | null;

  @Field(() => ContentAction)
  action!: ContentActionName;

  @Field(() => [String], {
    description:
      'Names of the GraphQL fields the change set (all fields for CREATED, none for DELETED); bookkeeping ' +
      '(version, updatedAt, updatedBy) is left out.',
  })
  changedFields!: string[];

  @Field(() => ID, {
    nullable: true,
    description: 'Who made the change; null for imports without a user and outside writes.',
  })
  user_id!: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The revision the service recorded for the change, if any.',
  })
  revision_id!: string | null;

  @Field(() => Date, { description: 'When the change was made.' })
  createdAt!: Date;
}
