import type { IncomingMessage, RequestListener } from 'node:http';
import { constants as zlibConstants } from 'node:zlib';
import type { ApolloServer } from '@apollo/server';
import compression from 'compression';
import express from 'express';
import type { Config } from '../config';
import type { Database } from '../db/connection';
import type { RequestContext } from '../graphql/context';
import { graphqlHttpHandler } from '../graphql/http-handler';
import { adminStatic } from '../http/admin-static';
import { apiExplorer, favicon } from '../http/api-explorer';
import { graphqlBodyErrors } from '../http/body-errors';
import { graphqlPostRoute, isGraphQLPost } from '../http/graphql-post-route';
import { healthzHandler } from '../http/healthz';
import { requestLog } from '../http/request-log';
import { securityHeaders } from '../http/security-headers';
import { exportHandler } from '../exports/export-route';
import type { Logger } from '../logger';
import type { DomainServices } from './domain-services';
import { httpContext } from './http-context';

export interface HttpRoutesDeps {
  config: Config;
  logger: Logger;
  database: Database;
  services: DomainServices;
  apollo: ApolloServer<RequestContext>;
}

/** The Express application without its routes yet: proxies trusted as configured. */
export function createExpressApp(config: Config): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  return app;
}

/**
 * Every HTTP route: /healthz, /graphql, /admin/ and the redirect from /, behind headers and compression.
 * Returns the HTTP server's request listener: POST /graphql, which every operation of readers and editors
 * takes, goes straight to its route; everything else through Express.
 */
export function mountHttpRoutes(app: express.Express, deps: HttpRoutesDeps): RequestListener {
  const { config, logger, database, services, apollo } = deps;
  const handleGraphQL = graphqlHttpHandler(apollo, httpContext(services, logger, clientAddressOf(app)));
  app.use(requestLog(logger));
  app.use(securityHeaders());
  // GraphQL answers are compressed by their handler, whole (graphql/http-handler.ts), so before the middleware.
  // The fastest level: a transcript's JSON still shrinks about fourfold, at a fraction of the default's CPU,
  // which on the service's own event loop is time every other request waits for.
  app.use(compression({ level: zlibConstants.Z_BEST_SPEED }));
  app.get('/healthz', healthzHandler(database));
  app.get('/export/:file', exportHandler(services.exports, services.users));
  app.get('/favicon.ico', favicon(config.adminDistDir));
  app.get('/graphql', apiExplorer(config.adminDistDir));
  // GET queries (and every method but POST, which Apollo refuses); their answers carry their own encoding.
  app.use(
    '/graphql',
    express.json({ limit: config.maxRequestBodyBytes }),
    graphqlBodyErrors(config.maxRequestBodyBytes),
    (req: express.Request, res: express.Response) => handleGraphQL(req, res),
  );
  app.use('/admin', adminStatic(config.adminDistDir));
  app.get('/', (_req, res) => res.redirect('/admin/'));

  const graphqlPost = graphqlPostRoute(handleGraphQL, config.maxRequestBodyBytes, logger);
  return (req, res) => (isGraphQLPost(req) ? graphqlPost(req, res) : app(req, res));
}

/** The client address Express gives an HTTP request (`trust proxy` applied), for WebSocket upgrades too. */
export function clientAddressOf(app: express.Express) {
  return (request: IncomingMessage): string => {
    const view = Object.create(app.request, {
      app: { value: app },
      headers: { value: request.headers },
      socket: { value: request.socket },
    }) as express.Request;
    return view.ip ?? request.socket.remoteAddress ?? 'unknown';
  };
}
