import { GraphQLError } from 'graphql';
import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  ID,
  Mutation,
  ObjectType,
  Resolver,
  Root,
  Subscription,
  SubscribeResolverData,
} from 'type-graphql';
import { isEditor } from '../auth/auth-user';
import { CurrentUserId, EDITORS } from '../graphql/authorization';
import type { RequestContext } from '../graphql/context';
import { forbidden, unauthenticated } from '../shared/errors';
import { parseId } from '../shared/mongo/ids';
import type { LiveRequestContext } from '../subscriptions/live-context';
import { SubscriberQueue } from '../subscriptions/subscriber-queue';
import type { PresentEditor as PresentEditorRecord } from './presence.service';
import type { ObjectId } from 'mongodb';

@ObjectType({ description: 'An editor who has the interview open.' })
export class PresentEditor {
  @Field(() => String, { description: 'The browser tab (one editor may have several open).' })
  session!: string;

  @Field(() => ID)
  user_id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => ID, { nullable: true, description: 'The entry they are editing right now, if any.' })
  answer_id!: string | null;

  @Field(() => Date)
  since!: Date;
}

@ObjectType({ description: 'Who has an interview open, as it changes.' })
export class Presence {
  @Field(() => ID)
  interview_id!: string;

  @Field(() => [PresentEditor])
  editors!: PresentEditor[];
}

@ArgsType()
export class PresenceArgs {
  @Field(() => ID)
  interview_id!: string;

  @Field(() => String, { description: 'A random id of the browser tab (8–64 of A–Z a–z 0–9 _ -).' })
  session!: string;
}

async function subscribePresence(
  args: { interview_id?: unknown; session?: unknown },
  context: LiveRequestContext,
): Promise<SubscriberQueue<Presence>> {
  const live = context.live;
  if (!live) {
    throw new GraphQLError(
      'Subscriptions are served over WebSocket on /graphql (protocol graphql-transport-ws)',
      {
        extensions: { code: 'BAD_REQUEST' },
      },
    );
  }
  if (!live.user) throw unauthenticated();
  if (!isEditor(live.user)) throw forbidden('Only editors see who is editing');
  const interviewId = parseId('interview_id', String(args.interview_id)).toHexString();
  const session = String(args.session);
  const user = live.user;
  const presence = context.services.presence;
  const name = (await context.loaders.userName.load(user.id)) ?? user.email;
  let stopWatching = () => {};
  const queue = new SubscriberQueue<Presence>(live.budget, {
    onEnd: () => {
      stopWatching();
      // The socket or the subscription went: the others should see this editor leave at once.
      presence.leave(interviewId, session, user.id).catch(() => undefined);
    },
  });
  await presence.join(interviewId, session, { id: user.id, name });
  stopWatching = presence.watch(interviewId, (editors: PresentEditorRecord[]) =>
    queue.push({ interview_id: interviewId, editors }),
  );
  return queue;
}

@Resolver(() => Presence)
export class PresenceResolver {
  @Subscription(() => Presence, {
    description:
      'Editors only: who has this interview open and which entry each is editing; subscribing marks you present ' +
      'until the subscription or the socket ends (others see you leave within seconds either way).',
    subscribe: (
      data: SubscribeResolverData<unknown, { interview_id?: unknown; session?: unknown }, LiveRequestContext>,
    ) => subscribePresence(data.args, data.context),
  })
  presence(@Root() presence: Presence, @Args() _args: PresenceArgs): Presence {
    return presence;
  }

  @Authorized(EDITORS)
  @Mutation(() => Boolean, {
    description:
      'Says which entry you are editing in an interview you have open (presence subscription with the same session); null for none. False when that subscription is not open.',
  })
  async reportPresence(
    @Arg('interview_id', () => ID) interviewId: string,
    @Arg('session', () => String) session: string,
    @Arg('answer_id', () => ID, { nullable: true }) answerId: string | null,
    @CurrentUserId() userId: ObjectId,
    @Ctx() ctx: RequestContext,
  ): Promise<boolean> {
    return ctx.services.presence.report(
      parseId('interview_id', interviewId).toHexString(),
      session,
      userId.toHexString(),
      answerId ? parseId('answer_id', answerId).toHexString() : null,
    );
  }
}
