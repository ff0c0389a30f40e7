/**
 * The data provider: the stock ra-data-graphql-simple provider over Apollo, against /graphql with the
 * session's bearer token, plus the admin's own operations (see ./graphql/operations).
 *
 * The stock provider needs the schema. In production the service allows introspection to logged-in editors
 * only, so the provider is built lazily — on the first call after login, from the schema read with the
 * token — and rebuilt whenever the session changes (or when reading the schema failed).
 *
 * Resources have plural, lower-case names in the admin (URLs such as /admin/interviews/…/transcript) and
 * map onto the API's type names (Interview, allInterviews, …).
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
import { ApiError, toApiError } from './graphql/errors';
import { graphqlRequest, GRAPHQL_PATH } from './graphql/request';
import { operations, type Operations } from './graphql/operations';
import { onSessionChange, token } from './graphql/session';

export const RESOURCE_TYPES: Record<string, string> = {
  interviews: 'Interview',
  speakers: 'Speaker',
  answers: 'Answer',
  revisions: 'Revision',
  users: 'User',
};

const RESOURCE_TYPE_NAMES = new Set(Object.values(RESOURCE_TYPES));

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
function withoutLinks(schema: IntrospectionSchema): IntrospectionSchema {
  const keep = (field: IntrospectionField) => {
    const target = namedType(field.type);
    return field.args.length === 0 && !(target && RESOURCE_TYPE_NAMES.has(target));
  };
  const types = schema.types.map((type): IntrospectionType =>
    type.kind === 'OBJECT' && RESOURCE_TYPE_NAMES.has(type.name)
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

interface Built {
  token: string | null;
  provider: Promise<DataProvider>;
  client: ApolloClient<NormalizedCacheObject>;
}

let built: Built | null = null;

/** The stock provider for the current session, built once the schema has been read with its token. */
function stockProvider(): Promise<DataProvider> {
  const current = token();
  if (!current) {
    // Not logged in: nothing to ask (and in production the schema is not readable anonymously).
    return Promise.reject(
      new ApiError({ message: 'Please log in', code: 'UNAUTHENTICATED', extensions: {}, status: 401 }),
    );
  }
  if (built && built.token === current) return built.provider;
  built?.client.stop();
  const client = createApolloClient();
  const provider = graphqlRequest<IntrospectionQuery>(getIntrospectionQuery()).then((data) =>
    buildGraphQLProvider({ client, introspection: { schema: withoutLinks(data.__schema) } }),
  );
  const entry: Built = { token: current, client, provider };
  // A failed introspection (offline, logged out) is retried on the next call.
  provider.catch(() => {
    if (built === entry) built = null;
  });
  built = entry;
  return provider;
}

onSessionChange(() => {
  built?.client.stop();
  built = null;
});

function apiResource(resource: string): string {
  return RESOURCE_TYPES[resource] ?? resource;
}

const CRUD = [
  'getList',
  'getOne',
  'getMany',
  'getManyReference',
  'create',
  'update',
  'updateMany',
  'delete',
  'deleteMany',
] as const;

type Crud = Pick<DataProvider, (typeof CRUD)[number]>;

function crud(): Crud {
  const methods: Partial<Record<(typeof CRUD)[number], unknown>> = {};
  for (const method of CRUD) {
    methods[method] = async (resource: string, params: unknown) => {
      try {
        const provider = await stockProvider();
        const target = provider[method] as (resource: string, params: unknown) => Promise<unknown>;
        return await target(apiResource(resource), params);
      } catch (error) {
        if (error instanceof Error && error.name === 'AbortError') throw error;
        throw toApiError(error);
      }
    };
  }
  return methods as Crud;
}

export type AppDataProvider = DataProvider & Operations;

export const dataProvider: AppDataProvider = { ...crud(), ...operations };
