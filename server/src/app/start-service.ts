import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MongoClientOptions } from 'mongodb';
import type { Config } from '../config';
import type { Database } from '../db/connection';
import { buildGraphQLSchema } from '../graphql/schema';
import type { Logger } from '../logger';
import { attachSubscriptionServer, SubscriptionServerOptions } from '../subscriptions/subscription-server';
import type { DomainServices } from './domain-services';
import { startGraphQLServer } from './graphql-server';
import { clientAddressOf, createExpressApp, mountHttpRoutes } from './http-routes';
import { prepareDatabase } from './prepare-database';
import { PublishingScheduler } from '../interviews/publishing-schedule';
import { closeHttpServer, createShutdown } from './shutdown';

const SCHEMA_BUILD_DELAY_MS = 20;

export interface RunningService {
  /** Base URL, e.g. http://127.0.0.1:4000 */
  url: string;
  port: number;
  database: Database;
  services: DomainServices;
  httpServer: Server;
  /** Stops accepting, drains in-flight requests, closes the database. Safe to call twice. */
  stop(): Promise<void>;
}

export interface ServiceOptions {
  /** Extra driver options, e.g. command monitoring in tests. */
  mongoClientOptions?: MongoClientOptions;
  /** Limits and timings of the WebSocket subscription endpoint (tests shorten them). */
  subscriptions?: SubscriptionServerOptions;
}

/** The whole service: database, GraphQL over HTTP and WebSocket, the admin, listening on PORT. */
export async function startService(
  config: Config,
  logger: Logger,
  options: ServiceOptions = {},
): Promise<RunningService> {
  if (config.jwtSecretIsDevDefault) logger.warn('JWT_SECRET is not set: using the development secret');

  const preparing = prepareDatabase(config, logger, options.mongoClientOptions);
  // Built while the database starts (the embedded engine loads its data on a thread of its own, this one
  // waits); a moment later, so that the engine's thread is under way first.
  const schemaBuilt = new Promise((resolve) => setTimeout(resolve, SCHEMA_BUILD_DELAY_MS)).then(() =>
    buildGraphQLSchema(),
  );
  schemaBuilt.catch(() => undefined);
  const { database, services } = await preparing;
  try {
    const app = createExpressApp(config);
    const httpServer = createServer();
    const schema = await schemaBuilt;
    const { apollo, validationRules } = await startGraphQLServer(
      schema,
      httpServer,
      config,
      services.readerCache,
    );
    httpServer.on('request', mountHttpRoutes(app, { config, logger, database, services, apollo }));
    const subscriptions = attachSubscriptionServer({
      httpServer,
      schema,
      services,
      logger,
      production: config.nodeEnv === 'production',
      validationRules,
      operationLimits: config.operationLimits,
      clientAddress: clientAddressOf(app),
      options: { ...config.webSocketLimits, ...options.subscriptions },
    });

    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, () => resolve());
    });
    // Built once listening (it reads every entry): searches wait for it, up to a bound; the service answers
    // everything else meanwhile.
    services.search.start().catch(() => undefined);
    services.readerCache.start();
    const { port } = httpServer.address() as AddressInfo;
    const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
    logger.info(
      { url, graphql: `${url}/graphql`, admin: `${url}/admin/`, db: database.kind },
      'Service started',
    );

    // Started last, so a failed start leaves nothing polling a closed database.
    const publishing = new PublishingScheduler(
      services.interviews,
      config.publishScheduleIntervalMs,
      logger,
    ).start();
    const stop = createShutdown(logger, [
      ['subscriptions', () => subscriptions.close()],
      ['change stream', () => services.contentChanges.close()],
      ['presence', async () => services.presence.stop()],
      ['publishing schedule', () => publishing.stop()],
      ['search index', () => services.search.close()],
      ['reader cache', () => services.readerCache.close()],
      ['GraphQL server', () => apollo.stop()],
      ['HTTP server', () => closeHttpServer(httpServer)],
      ['database', () => database.close()],
    ]);
    return { url, port, database, services, httpServer, stop };
  } catch (error) {
    await database.close();
    throw error;
  }
}
