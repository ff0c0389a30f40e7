import { GraphQLError } from 'graphql';
import { ObjectId } from 'mongodb';
import {
  Args,
  ArgsType,
  Ctx,
  Field,
  FieldResolver,
  ID,
  PubSub,
  Resolver,
  Root,
  Subscription,
  SubscribeResolverData,
} from 'type-graphql';
import type { AnswerDocument } from '../answers/answer.model';
import { Answer, presentAnswer } from '../answers/answer.type';
import { isEditor } from '../auth/auth-user';
import type { RequestContext } from '../graphql/context';
import { createLoaders, Loaders } from '../graphql/loaders';
import type { InterviewDocument } from '../interviews/interview.model';
import { Interview, presentInterview } from '../interviews/interview.type';
import { parseId } from '../shared/mongo/ids';
import type { SpeakerDocument } from '../speakers/speaker.model';
import { presentSpeaker, Speaker } from '../speakers/speaker.type';
import { ContentChange } from './content-change.type';
import type { ContentChangeView } from './content-event';
import type { LiveRequestContext } from './live-context';
import type { SubscriberQueue } from './subscriber-queue';

@ArgsType()
export class ContentChangedArgs {
  @Field(() => ID, {
    nullable: true,
    description:
      "Only this interview's events: the interview's own and its entries'. Speakers' events are left out.",
  })
  interview_id?: string | null;
}

/**
 * The loaders nested fields of an event use: one set per event and audience, shared by every subscriber
 * that receives the event, so 200 subscribers asking for an entry's interview cost one query, and each
 * event sees the database afresh.
 */
const eventLoaders = new WeakMap<ContentChangeView, { editor?: Loaders; reader?: Loaders }>();

function loadersFor(
  view: ContentChangeView,
  services: LiveRequestContext['services'],
  editor: boolean,
): Loaders {
  let shared = eventLoaders.get(view);
  if (!shared) {
    shared = {};
    eventLoaders.set(view, shared);
  }
  if (editor) return (shared.editor ??= createLoaders(services, { includeDrafts: true }));
  return (shared.reader ??= createLoaders(services, { includeDrafts: false }));
}

/** A subscriber's queue of events. */
export function subscribeContentChanges(
  args: { interview_id?: unknown },
  context: LiveRequestContext,
): Promise<SubscriberQueue<ContentChangeView>> {
  const live = context.live;
  if (!live) {
    throw new GraphQLError(
      'Subscriptions are served over WebSocket on /graphql (protocol graphql-transport-ws)',
      {
        extensions: { code: 'BAD_REQUEST' },
      },
    );
  }
  const raw = args.interview_id;
  const interviewId =
    raw === undefined || raw === null ? null : parseId('interview_id', String(raw)).toHexString();
  const editor = isEditor(live.user);
  return context.services.contentChanges.subscribe({ interviewId, editor }, live.budget, (view) => {
    context.loaders = loadersFor(view, context.services, editor);
  });
}

@Resolver(() => ContentChange)
export class ContentChangeResolver {
  @Subscription(() => ContentChange, {
    description:
      'Every change to speakers, interviews and entries, as it is committed to the database by any instance ' +
      'of the service or by another program. Connect with graphql-ws on /graphql and pass ' +
      '`connectionParams: { authorization: "Bearer <token>" }` to hear of drafts too; without a token only ' +
      'published content is reported.',
    subscribe: (data: SubscribeResolverData<unknown, { interview_id?: unknown }, LiveRequestContext>) =>
      subscribeContentChanges(data.args, data.context),
  })
  contentChanged(@Root() change: ContentChangeView, @Args() _args: ContentChangedArgs): ContentChangeView {
    return change;
  }

  @FieldResolver(() => Answer, {
    nullable: true,
    description: 'ANSWER events: the entry as stored right after the change; null after a delete.',
  })
  answer(@Root() change: ContentChangeView): Answer | null {
    if (change.entity !== 'ANSWER' || !change.document) return null;
    return presentAnswer(change.document as AnswerDocument);
  }

  @FieldResolver(() => Interview, {
    nullable: true,
    description:
      "INTERVIEW events: the interview as stored right after the change (null after a delete); ANSWER events: the entry's interview as you may see it now.",
  })
  async interview(@Root() change: ContentChangeView, @Ctx() ctx: RequestContext): Promise<Interview | null> {
    if (change.entity === 'INTERVIEW') {
      return change.document ? presentInterview(change.document as InterviewDocument) : null;
    }
    if (change.entity !== 'ANSWER' || !change.interview_id || !ObjectId.isValid(change.interview_id))
      return null;
    const doc = await ctx.loaders.interview.load(change.interview_id);
    return doc ? presentInterview(doc) : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'The language of the interview concerned (INTERVIEW and ANSWER events, when you may see it); null for speakers.',
  })
  async language(@Root() change: ContentChangeView, @Ctx() ctx: RequestContext): Promise<string | null> {
    if (change.entity === 'INTERVIEW' && typeof change.document?.language === 'string')
      return change.document.language;
    if (!change.interview_id || !ObjectId.isValid(change.interview_id)) return null;
    return (await ctx.loaders.interview.load(change.interview_id))?.language ?? null;
  }

  @FieldResolver(() => Speaker, {
    nullable: true,
    description: 'SPEAKER events: the speaker as stored right after the change; null after a delete.',
  })
  speaker(@Root() change: ContentChangeView): Speaker | null {
    if (change.entity !== 'SPEAKER' || !change.document) return null;
    return presentSpeaker(change.document as SpeakerDocument);
  }
}

/**
 * type-graphql insists on a PubSub when a schema has subscriptions; `contentChanged` brings its own
 * event source (`subscribe`), so this one is never used.
 */
export const unusedPubSub: PubSub = {
  publish(): void {
    throw new Error('No PubSub: subscriptions bring their own event source');
  },
  subscribe(): AsyncIterable<unknown> {
    throw new Error('No PubSub: subscriptions bring their own event source');
  },
};
