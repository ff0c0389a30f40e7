import { Field, ID, ObjectType } from 'type-graphql';
import { presentVersioned, VersionedType } from '../graphql/versioned.type';
import type { SpeakerDocument } from './speaker.model';

@ObjectType({
  description: 'A person who asks or answers in interviews.',
  // Its fields carry no @Authorized or middleware: graphql-js reads them directly, without type-graphql's
  // per-field wrapper (a transcript has hundreds of them). Field resolvers are wrapped regardless.
  simpleResolvers: true,
})
export class Speaker extends VersionedType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Role or job title, e.g. "Global Chief Sales Officer".',
  })
  title!: string | null;

  @Field(() => String, { nullable: true })
  organization!: string | null;

  @Field(() => String, { nullable: true })
  bio!: string | null;

  @Field(() => String)
  slug!: string;
}

export function presentSpeaker(doc: SpeakerDocument): Speaker {
  return {
    id: doc._id.toHexString(),
    name: doc.name,
    title: doc.title,
    organization: doc.organization,
    bio: doc.bio,
    slug: doc.slug,
    ...presentVersioned(doc),
  };
}
