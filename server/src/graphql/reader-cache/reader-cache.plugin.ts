import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import ApolloServerPluginResponseCache from '@apollo/server-plugin-response-cache';
import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import type { RequestContext } from '../context';
import type { ReaderCache } from './reader-cache';

/**
 * The queries whose answers are kept: a reader's interview, transcript, interview list and speaker page.
 * Everything beneath them comes from the stored content, which the cache follows. Search is not among
 * them: its index follows the content a moment later than the cache does.
 */
export const READER_ROOT_FIELDS: ReadonlySet<string> = new Set([
  'interview',
  'Interview',
  'interviews',
  'speaker',
  'Speaker',
  '__typename',
]);

/**
 * Mutations that change nothing readers read: an editor's presence report (sent each time the cursor moves to
 * another entry) and user accounts. Every other mutation drops the readers' answers.
 */
export const MUTATIONS_READERS_DO_NOT_SEE: ReadonlySet<string> = new Set([
  'reportPresence',
  'createUser',
  'updateUser',
  'deleteUser',
  '__typename',
]);

const NO_CACHE = /(?:^|,)\s*no-cache\s*(?:,|$)/i;

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/** Whether every top-level field an operation selects (through fragments too) is one of `fields`. */
function selectsOnly(
  fields: ReadonlySet<string>,
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  seen = new Set<string>(),
): boolean {
  return selectionSet.selections.every((selection) => {
    if (selection.kind === Kind.FIELD) return fields.has(selection.name.value);
    if (selection.kind === Kind.INLINE_FRAGMENT)
      return selectsOnly(fields, selection.selectionSet, fragments, seen);
    const name = selection.name.value;
    const fragment = fragments.get(name);
    if (!fragment || seen.has(name)) return false;
    seen.add(name);
    return selectsOnly(fields, fragment.selectionSet, fragments, seen);
  });
}

/** `Cache-Control: no-cache`: the client wants the answer computed now (it is then not kept either). */
function asksForFreshAnswer(request: GraphQLRequestContext<RequestContext>): boolean {
  return NO_CACHE.test(request.request.http?.headers.get('cache-control') ?? '');
}

/** An anonymous reader's query of reader fields only: the same answer for everyone until the content changes. */
function isReaderQuery(request: GraphQLRequestContext<RequestContext>): boolean {
  const { operation, document } = request;
  if (!operation || !document || operation.operation !== 'query') return false;
  if (request.contextValue.user !== null) return false;
  return selectsOnly(READER_ROOT_FIELDS, operation.selectionSet, fragmentsOf(document));
}

/** An editor's mutation that may have changed what readers read (committed by the time it answers). */
function changesReadersContent(request: GraphQLRequestContext<RequestContext>): boolean {
  const { operation, document } = request;
  if (!operation || !document || operation.operation !== 'mutation') return false;
  if (request.contextValue.user === null) return false;
  return !selectsOnly(MUTATIONS_READERS_DO_NOT_SEE, operation.selectionSet, fragmentsOf(document));
}

/**
 * Apollo's response cache over readers' queries (see ReaderCache for when answers are dropped; an editor's
 * mutation on this instance drops them before it answers). Editors are never answered from it (they see
 * drafts, and their own writes at once); a request that says `Cache-Control: no-cache` bypasses it. Answers
 * served from it carry an `Age` header.
 */
export function readerCachePlugins(cache: ReaderCache): ApolloServerPlugin<RequestContext>[] {
  if (!cache.enabled) return [];
  const generationAtStart = new WeakMap<RequestContext, number>();
  const readerQueries = new WeakSet<RequestContext>();
  return [
    {
      async requestDidStart() {
        return {
          async didResolveOperation(request) {
            if (!isReaderQuery(request) || asksForFreshAnswer(request) || !cache.usable()) return;
            readerQueries.add(request.contextValue);
            request.overallCachePolicy.replace({ maxAge: cache.settings.ttlSeconds, scope: 'PUBLIC' });
          },
          // An editor's write is committed by now: readers see it from the answer on, not only once the
          // change stream reports it a moment later (that report still covers other instances' writes).
          async willSendResponse(request) {
            if (changesReadersContent(request)) cache.invalidate();
          },
        };
      },
    },
    ApolloServerPluginResponseCache<RequestContext>({
      cache: cache.store,
      sessionId: async () => null,
      extraCacheKeyData: async (request) => {
        generationAtStart.set(request.contextValue, cache.generation);
        return cache.generation;
      },
      shouldReadFromCache: async (request) => readerQueries.has(request.contextValue),
      // An answer computed while the content changed is not kept (its key is retired anyway).
      shouldWriteToCache: async (request) =>
        readerQueries.has(request.contextValue) &&
        generationAtStart.get(request.contextValue) === cache.generation &&
        cache.usable(),
    }),
  ];
}
