import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { RequestContext } from '../context';

/**
 * Every GraphQL response says `cache-control: no-store`, as Apollo's cache-control plugin said for a schema
 * without cache hints. That plugin is replaced because it wraps every field's resolver to collect hints
 * the schema never gives — per-field work on every request, for a header that is always the same.
 */
export function noStorePlugins(): ApolloServerPlugin<RequestContext>[] {
  return [
    ApolloServerPluginCacheControlDisabled(),
    {
      async requestDidStart() {
        return {
          async willSendResponse({ response }) {
            response.http.headers.set('cache-control', 'no-store');
          },
        };
      },
    },
  ];
}
