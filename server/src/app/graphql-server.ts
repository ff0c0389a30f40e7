import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema, ValidationRule } from 'graphql';
import type { Config } from '../config';
import { compiledExecutionGateway } from '../graphql/compiled-execution';
import type { RequestContext } from '../graphql/context';
import { formatErrorFor } from '../graphql/format-error';
import { limitParseOptions, limitValidationRules, operationLimitsPlugin } from '../graphql/limits';
import { errorStatusPlugin } from '../graphql/plugins/error-status';
import { introspectionGuardPlugin } from '../graphql/plugins/introspection-guard';
import { noStorePlugins } from '../graphql/plugins/no-store';
import { requestLoggerPlugin } from '../graphql/plugins/request-logger';
import { readerCachePlugins } from '../graphql/reader-cache/reader-cache.plugin';
import type { ReaderCache } from '../graphql/reader-cache/reader-cache';

export interface GraphQLServer {
  apollo: ApolloServer<RequestContext>;
  /** The extra validation rules, for the WebSocket endpoint to apply as HTTP does. */
  validationRules: ValidationRule[];
}

/** Apollo Server with the service's limits, error formatting and plugins; started, not yet mounted. */
export async function startGraphQLServer(
  schema: GraphQLSchema,
  httpServer: Server,
  config: Config,
  readerCache: ReaderCache,
): Promise<GraphQLServer> {
  const production = config.nodeEnv === 'production';
  const validationRules = limitValidationRules(config.operationLimits);
  const apollo = new ApolloServer<RequestContext>({
    gateway: compiledExecutionGateway(schema),
    validationRules,
    parseOptions: limitParseOptions(config.operationLimits),
    // No "Did you mean …" in production: it would name fields that introspection keeps from readers.
    hideSchemaDetailsFromClientErrors: production,
    introspection: true,
    // Shutdown is ours (main.ts): drain, close the database, then exit 0.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: !production,
    formatError: formatErrorFor(production),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Browsers get the bundled explorer (http/api-explorer.ts), not Apollo's hosted sandbox.
      ApolloServerPluginLandingPageDisabled(),
      requestLoggerPlugin(),
      introspectionGuardPlugin(production),
      errorStatusPlugin(),
      operationLimitsPlugin(schema, config.operationLimits),
      ...noStorePlugins(),
      // Last: an answer from the cache is still checked against the limits above.
      ...readerCachePlugins(readerCache),
    ],
  });
  await apollo.start();
  return { apollo, validationRules };
}
