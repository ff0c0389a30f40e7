import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, DocumentNode, GraphQLError, visit } from 'graphql';
import { isEditor } from '../../auth/auth-user';
import type { RequestContext } from '../context';

export function usesIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** In production only editors may introspect the schema (the admin UI needs it; anonymous readers do not). */
export function introspectionGuardPlugin(enabled: boolean): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      if (!enabled) return;
      return {
        async didResolveOperation({ document, contextValue }) {
          if (!isEditor(contextValue.user) && usesIntrospection(document)) {
            // Errors thrown while resolving the operation default to HTTP 500; this one is a plain 403.
            throw new GraphQLError('Introspection is available to editors only', {
              extensions: { code: 'FORBIDDEN', http: { status: 403 } },
            });
          }
        },
      };
    },
  };
}
