import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import compression from 'compression';
import express from 'express';
import type { MongoClientOptions } from 'mongodb';
import { GraphQLError, ValidationRule } from 'graphql';
import type { Config } from './config';
import { connectDatabase, Database } from './db/connection';
import { ensureIndexes } from './db/indexes';
import { createRequestContext, RequestContext } from './graphql/context';
import { formatErrorFor } from './graphql/format-error';
import { limitParseOptions, limitValidationRules, operationLimitsPlugin } from './graphql/limits';
import { introspectionGuardPlugin } from './graphql/plugins/introspection-guard';
import { toGraphQLError } from './graphql/error-mapping';
import { errorStatusPlugin } from './graphql/plugins/error-status';
import { requestLoggerPlugin } from './graphql/plugins/request-logger';
import { buildGraphQLSchema } from './graphql/schema';
import { MALFORMED_AUTHORIZATION, parseAuthorization } from './auth/tokens';
import { adminStatic } from './http/admin-static';
import { graphqlBodyErrors } from './http/body-errors';
import { healthzHandler } from './http/healthz';
import { securityHeaders } from './http/security-headers';
import { requestLog } from './http/request-log';
import type { Logger } from './logger';
import { UnauthenticatedError } from './shared/errors';
import { createServices, Services } from './services';
import { loadSeeds } from './transcripts/seed';
import { attachSubscriptionServer, SubscriptionServerOptions } from './subscriptions/subscription-server';

export interface RunningService {
  /** Base URL, e.g. http://127.0.0.1:4000 */
  url: string;
  port: number;
  database: Database;
  services: Services;
  httpServer: Server;
  /** Stops accepting, drains in-flight requests, closes the database. Safe to call twice. */
  stop(): Promise<void>;
}

function closeHttpServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** The caller of an HTTP request; a malformed header, a bad or expired token answer 401 UNAUTHENTICATED. */
async function authenticateRequest(services: Services, header: string | undefined) {
  const authorization = parseAuthorization(header);
  if (authorization.kind === 'malformed') {
    throw new GraphQLError(MALFORMED_AUTHORIZATION, {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
  try {
    return await services.users.authenticate(authorization.kind === 'bearer' ? authorization.token : null);
  } catch (error) {
    // Context errors get no formatError of their own; a refused token is the whole request's 401.
    throw toGraphQLError(error, error instanceof UnauthenticatedError ? { status: 401 } : undefined) ?? error;
  }
}

/** The client address Express gives an HTTP request (`trust proxy` applied), for WebSocket upgrades too. */
function clientAddressOf(app: express.Express) {
  return (request: IncomingMessage): string => {
    const view = Object.create(app.request, {
      app: { value: app },
      headers: { value: request.headers },
      socket: { value: request.socket },
    }) as express.Request;
    return view.ip ?? request.socket.remoteAddress ?? 'unknown';
  };
}

export interface ServiceOptions {
  /** Extra driver options, e.g. command monitoring in tests. */
  mongoClientOptions?: MongoClientOptions;
  /** Limits and timings of the WebSocket subscription endpoint (tests shorten them). */
  subscriptions?: SubscriptionServerOptions;
}

export async function startService(
  config: Config,
  logger: Logger,
  options: ServiceOptions = {},
): Promise<RunningService> {
  if (config.jwtSecretIsDevDefault) logger.warn('JWT_SECRET is not set: using the development secret');

  const database = await connectDatabase(config, logger, options.mongoClientOptions);
  try {
    await ensureIndexes(database.db);
    const services = createServices(database, config, logger);
    await services.users.ensureFirstAdmin(config, logger);
    if (config.seedOnStart && (await services.interviews.count(undefined, { includeDrafts: true })) === 0) {
      await loadSeeds(services, config.seedsDir, { logger });
    }
    const production = config.nodeEnv === 'production';

    const app = express();
    app.disable('x-powered-by');
    app.set('trust proxy', config.trustProxy);
    const httpServer = createServer(app);
    const schema = await buildGraphQLSchema();
    // Extra validation rules apply to HTTP operations and WebSocket subscriptions alike.
    const validationRules: ValidationRule[] = limitValidationRules(config.operationLimits);
    const apollo = new ApolloServer<RequestContext>({
      schema,
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
        requestLoggerPlugin(),
        introspectionGuardPlugin(production),
        errorStatusPlugin(),
        operationLimitsPlugin(schema, config.operationLimits),
      ],
    });
    await apollo.start();

    app.use(requestLog(logger));
    app.use(securityHeaders());
    app.use(compression());
    app.get('/healthz', healthzHandler(database));
    app.use(
      '/graphql',
      express.json({ limit: config.maxRequestBodyBytes }),
      graphqlBodyErrors(config.maxRequestBodyBytes),
      expressMiddleware(apollo, {
        context: async ({ req }): Promise<RequestContext> => {
          const user = await authenticateRequest(services, req.headers.authorization);
          return { ...createRequestContext(services, user, logger), clientAddress: req.ip };
        },
      }),
    );
    app.use('/admin', adminStatic(config.adminDistDir));
    app.get('/', (_req, res) => res.redirect('/admin/'));
    const subscriptions = attachSubscriptionServer({
      httpServer,
      schema,
      services,
      logger,
      production,
      validationRules,
      operationLimits: config.operationLimits,
      clientAddress: clientAddressOf(app),
      options: { ...config.webSocketLimits, ...options.subscriptions },
    });

    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, () => resolve());
    });
    const { port } = httpServer.address() as AddressInfo;
    const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
    logger.info(
      { url, graphql: `${url}/graphql`, admin: `${url}/admin/`, db: database.kind },
      'Service started',
    );

    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> => {
      stopping ??= (async () => {
        logger.info('Shutting down: draining requests');
        // Each step is attempted even if an earlier one fails; the database is closed last, always.
        const steps: [string, () => Promise<unknown>][] = [
          ['subscriptions', () => subscriptions.close()],
          ['change stream', () => services.contentChanges.close()],
          ['GraphQL server', () => apollo.stop()],
          ['HTTP server', () => closeHttpServer(httpServer)],
          ['database', () => database.close()],
        ];
        let failed = false;
        for (const [name, step] of steps) {
          await step().catch((error: unknown) => {
            failed = true;
            logger.error({ err: error, step: name }, 'Shutdown step failed');
          });
        }
        if (failed) throw new Error('Shutdown did not complete cleanly (see the log)');
        logger.info('Shut down');
      })();
      return stopping;
    };
    return { url, port, database, services, httpServer, stop };
  } catch (error) {
    await database.close();
    throw error;
  }
}
