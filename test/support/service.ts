import type { CommandStartedEvent } from 'mongodb';
import { Config, loadConfig } from '../../server/src/config';
import { createLogger } from '../../server/src/logger';
import { RunningService, ServiceOptions, startService } from '../../server/src/app/start-service';
import { randomDbName, testServerUri } from './db';

export const ADMIN = { email: 'admin@example.com', password: 'admin-password' };

/**
 * Settings for tests that count a request's database commands: the publishing schedule's poll (two finds
 * every few seconds) would otherwise be counted among them now and then.
 */
export const QUIET_BACKGROUND = { PUBLISH_SCHEDULE_INTERVAL_MS: '3600000' };

/**
 * Whether a command belongs to one of the instance's change streams (live updates, search, reader cache):
 * they wait on the server and ask again every second, whatever the requests being counted.
 */
export function isChangeStreamCommand(event: CommandStartedEvent): boolean {
  const { command } = event;
  if (event.commandName === 'getMore') return command.collection === '$cmd.aggregate';
  if (event.commandName !== 'aggregate' || !Array.isArray(command.pipeline)) return false;
  const first: unknown = command.pipeline[0];
  return typeof first === 'object' && first !== null && '$changeStream' in first;
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
}

export interface TestService {
  service: RunningService;
  config: Config;
  url: string;
  /** POSTs one operation to /graphql, with a bearer token when given. */
  graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
  ): Promise<GraphQLResponse<T>>;
  /** Logs in and returns the token; throws if login fails. */
  login(email?: string, password?: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts the real service in this process on a fresh database of the run's MongoDB server (port 0, no seeds
 * unless asked). Nothing is mocked: requests go over HTTP to the service, which uses the official driver.
 */
export async function startTestService(
  env: Record<string, string> = {},
  options: ServiceOptions = {},
): Promise<TestService> {
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    MONGODB_URI: testServerUri(),
    MONGODB_DB: randomDbName('svc'),
    SEED_ON_START: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  const service = await startService(config, createLogger(config), options);
  const url = service.url;

  async function graphql<T>(query: string, variables: Record<string, unknown> = {}, token?: string | null) {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
    return { status: response.status, ...body };
  }

  async function login(email = ADMIN.email, password = ADMIN.password): Promise<string> {
    const result = await graphql<{ login: { token: string } }>(
      'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
      { email, password },
    );
    if (!result.data?.login) throw new Error(`login failed: ${JSON.stringify(result.errors)}`);
    return result.data.login.token;
  }

  return {
    service,
    config,
    url,
    graphql,
    login,
    async stop() {
      await service.database.db.dropDatabase().catch(() => undefined);
      await service.stop();
    },
  };
}

/** The error code of the first GraphQL error, for assertions. */
export function errorCode(response: GraphQLResponse<unknown>): unknown {
  return response.errors?.[0]?.extensions?.code;
}
