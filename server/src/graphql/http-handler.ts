import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { sendWholeBody } from '../http/whole-body';
import type { RequestContext } from './context';

/** A request whose body has been read and parsed (body-parser's json). */
export type ParsedRequest = IncomingMessage & { body?: unknown };

/**
 * /graphql for plain Node (Express takes it too), as Apollo's own standalone server does it, except for how
 * the answer is written: a complete body goes out whole (compressed by sendWholeBody, one write with its
 * length) instead of through `res.send` (which hashes every body for an ETag no POST uses) and the streaming
 * compression middleware. Mount it where that middleware does not run.
 */
export function graphqlHttpHandler(
  apollo: ApolloServer<RequestContext>,
  context: (req: IncomingMessage) => Promise<RequestContext>,
): (req: ParsedRequest, res: ServerResponse) => Promise<void> {
  apollo.assertStarted('graphqlHttpHandler()');
  return async (req, res) => {
    if (!('body' in req)) throw new Error('req.body is not set: parse the body before the GraphQL handler');
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = req.url ?? '';
    const queryAt = url.indexOf('?');
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: (req.method ?? 'GET').toUpperCase(),
        headers,
        search: queryAt === -1 ? '' : url.slice(queryAt),
        body: req.body,
      },
      context: () => context(req),
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
