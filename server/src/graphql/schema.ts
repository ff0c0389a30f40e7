import 'reflect-metadata';
import { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from './authorization';
import { AuthResolver } from '../auth/auth.resolver';
import { UserResolver } from '../auth/user.resolver';
import { SpeakerResolver } from '../speakers/speaker.resolver';
import { AnswerResolver } from '../answers/answer.resolver';
import { FindReplaceResolver } from '../answers/find-replace.resolver';
import { InterviewResolver } from '../interviews/interview.resolver';
import { InterviewRolesResolver } from '../interviews/interview-roles.resolver';
import { RevisionResolver } from '../revisions/revision.resolver';
import { TranscriptResolver } from '../transcripts/transcript.resolver';
import { checkInputLimits } from './input-limits';
import { ContentChangeResolver, unusedPubSub } from '../subscriptions/content-change.resolver';
import { SearchResolver } from '../search/search.resolver';
import { ExportResolver } from '../exports/export.resolver';
import { PresenceResolver } from '../presence/presence.resolver';
import {
  AnswerTranslationResolver,
  InterviewTranslationResolver,
  TranslationResolver,
} from '../translations/translation.resolver';

export async function buildGraphQLSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [
      AuthResolver,
      UserResolver,
      SpeakerResolver,
      InterviewResolver,
      InterviewRolesResolver,
      AnswerResolver,
      FindReplaceResolver,
      RevisionResolver,
      TranscriptResolver,
      ContentChangeResolver,
      SearchResolver,
      ExportResolver,
      PresenceResolver,
      TranslationResolver,
      InterviewTranslationResolver,
      AnswerTranslationResolver,
    ],
    // contentChanged brings its own event source; type-graphql still wants a PubSub for subscriptions.
    pubSub: unusedPubSub,
    // Who may call what is declared on each resolver with @Authorized.
    authChecker,
    validate: false,
    // Length limits on every text input, checked before any resolver runs.
    validateFn: checkInputLimits,
  });
}
