import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../graphql/context';
import { parseId } from '../shared/mongo/ids';
import { presentSpeaker, Speaker } from '../speakers/speaker.type';
import type { SpeakerDocument } from '../speakers/speaker.model';
import { Interview } from './interview.type';

/** Who is who in an interview, from its entries: who asks and who answers. */
@Resolver(() => Interview)
export class InterviewRolesResolver {
  @FieldResolver(() => [Speaker], { description: 'Who asks the questions, in order of appearance.' })
  async interviewers(@Root() interview: Interview, @Ctx() ctx: RequestContext): Promise<Speaker[]> {
    const roles = await ctx.services.answers.rolesInInterview(parseId('id', interview.id));
    return speakersOf(
      ctx,
      roles.interviewerIds.map((id) => id.toHexString()),
    );
  }

  @FieldResolver(() => [Speaker], { description: 'Who answers them, in order of appearance.' })
  async interviewees(@Root() interview: Interview, @Ctx() ctx: RequestContext): Promise<Speaker[]> {
    const roles = await ctx.services.answers.rolesInInterview(parseId('id', interview.id));
    return speakersOf(
      ctx,
      roles.intervieweeIds.map((id) => id.toHexString()),
    );
  }
}

async function speakersOf(ctx: RequestContext, ids: string[]): Promise<Speaker[]> {
  const docs = await ctx.loaders.speaker.loadMany(ids);
  return docs
    .filter((doc): doc is SpeakerDocument => doc !== null && !(doc instanceof Error))
    .map(presentSpeaker);
}
