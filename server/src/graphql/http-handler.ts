import { ApolloServer, HeaderMap } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';
import { sendWholeBody } from '../http/whole-body';
import type { RequestContext } from './context';

/**
 * /graphql for Express, as @as-integrations/express5 does it, except for how the answer is written: a
 * complete body goes out whole (compressed by sendWholeBody, one write with its length) instead of through
 * `res.send` (which hashes every body for an ETag no POST uses) and the streaming compression middleware.
 * Mount it where that middleware does not run.
 */
export function graphqlHttpHandler(
  apollo: ApolloServer<RequestContext>,
  context: (integration: { req: Request; res: Response }) => Promise<RequestContext>,
): RequestHandler {
  apollo.assertStarted('graphqlHttpHandler()');
  return async (req, res) => {
    if (!('body' in req))
      throw new Error('req.body is not set: mount express.json() before the GraphQL handler');
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const queryAt = req.originalUrl.indexOf('?');
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method.toUpperCase(),
        headers,
        search: queryAt === -1 ? '' : req.originalUrl.slice(queryAt),
        body: req.body as unknown,
      },
      context: () => context({ req, res }),
    });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      await sendWholeBody(req, res, response.body.string);
      return;
    }
    // Incremental delivery: each part as soon as it is ready, uncompressed (a compressor would hold parts back).
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
