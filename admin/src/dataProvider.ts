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
import type { DataProvider } from 'react-admin';
import { ApiError, toApiError } from './graphql/errors';
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

interface Built {
  token: string | null;
  provider: Promise<DataProvider>;
  /** Stops the Apollo client, once it is loaded. */
  stop: () => void;
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
  built?.stop();
  let stopClient = () => {};
  const provider = import('./graphql/stockProvider').then(({ buildStockProvider }) => {
    const stock = buildStockProvider(RESOURCE_TYPE_NAMES);
    stopClient = () => stock.client.stop();
    return stock.provider;
  });
  const entry: Built = { token: current, provider, stop: () => stopClient() };
  // A failed introspection (offline, logged out) is retried on the next call.
  provider.catch(() => {
    if (built === entry) built = null;
  });
  built = entry;
  return provider;
}

onSessionChange(() => {
  built?.stop();
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
