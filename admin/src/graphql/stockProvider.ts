/**
 * The stock ra-data-graphql-simple provider over Apollo, built from the schema read with the session's token.
 * Its own module, loaded on the first data request after login: Apollo, graphql-js and the provider are a
 * third of the admin's code, and the login page needs none of them.
 */
import { ApolloClient, HttpLink, InMemoryCache, from, type NormalizedCacheObject } from '@apollo/client';
import { setContext } from '@apollo/client/link/context';
import buildGraphQLProvider from 'ra-data-graphql-simple';
import {
  getIntrospectionQuery,
  type IntrospectionField,
  type IntrospectionQuery,
  type IntrospectionSchema,
  type IntrospectionType,
  type IntrospectionTypeRef,
} from 'graphql';
import type { DataProvider } from 'react-admin';
import { graphqlRequest, GRAPHQL_PATH } from './request';
import { token } from './session';

function namedType(ref: IntrospectionTypeRef): string | null {
  if ('ofType' in ref && ref.ofType) return namedType(ref.ofType);
  return 'name' in ref ? ref.name : null;
}

/**
 * The stock provider selects every field of a record, following links to other resources: lists would
 * then load each interview's answers and each speaker's interviews. Keep only the `*_id` fields (the
 * admin shows references by name with <ReferenceField>). Fields that take arguments (`export(format)`,
 * paged lists) are views computed on request, not part of the record: the provider could not call them.
 */
function withoutLinks(
  schema: IntrospectionSchema,
  resourceTypeNames: ReadonlySet<string>,
): IntrospectionSchema {
  const keep = (field: IntrospectionField) => {
    const target = namedType(field.type);
    return field.args.length === 0 && !(target && resourceTypeNames.has(target));
  };
  const types = schema.types.map((type): IntrospectionType =>
    type.kind === 'OBJECT' && resourceTypeNames.has(type.name)
      ? { ...type, fields: type.fields.filter(keep) }
      : type,
  );
  return { ...schema, types };
}

function createApolloClient(): ApolloClient<NormalizedCacheObject> {
  const auth = setContext((_operation, { headers }: { headers?: Record<string, string> }) => {
    const bearer = token();
    return { headers: { ...headers, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) } };
  });
  return new ApolloClient({
    link: from([auth, new HttpLink({ uri: GRAPHQL_PATH })]),
    cache: new InMemoryCache(),
  });
}

export interface StockProvider {
  client: ApolloClient<NormalizedCacheObject>;
  provider: Promise<DataProvider>;
}

export function buildStockProvider(resourceTypeNames: ReadonlySet<string>): StockProvider {
  const client = createApolloClient();
  const provider = graphqlRequest<IntrospectionQuery>(getIntrospectionQuery()).then((data) =>
    buildGraphQLProvider({
      client,
      introspection: { schema: withoutLinks(data.__schema, resourceTypeNames) },
    }),
  );
  return { client, provider };
}
