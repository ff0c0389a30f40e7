/** A plain POST to /graphql for the admin's own operations (the react-admin resources go through Apollo). */
import type { GraphQLFormattedError } from 'graphql';
import { ApiError, apiErrorOf } from './errors';
import { token } from './session';

export const GRAPHQL_PATH = '/graphql';

interface Envelope<T> {
  data?: T | null;
  errors?: GraphQLFormattedError[];
}

export async function graphqlRequest<T>(
  query: string,
  variables: Record<string, unknown> = {},
  options: { anonymous?: boolean; signal?: AbortSignal } = {},
): Promise<T> {
  const bearer = options.anonymous ? null : token();
  let response: Response;
  try {
    response = await fetch(GRAPHQL_PATH, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({
      message: 'The service cannot be reached; check your connection',
      code: 'NETWORK_ERROR',
      extensions: {},
    });
  }
  let body: Envelope<T>;
  try {
    body = (await response.json()) as Envelope<T>;
  } catch {
    throw new ApiError({
      message: `The service answered ${response.status} ${response.statusText}`,
      code: response.status === 401 ? 'UNAUTHENTICATED' : 'NETWORK_ERROR',
      extensions: {},
      status: response.status,
    });
  }
  if (body.errors?.length) {
    const info = apiErrorOf(body);
    throw new ApiError(
      {
        message: info?.message ?? 'Request failed',
        code: info?.code,
        extensions: info?.extensions ?? {},
        status: response.status,
      },
      body.errors,
    );
  }
  if (!body.data) {
    throw new ApiError({ message: 'Empty answer from the service', code: undefined, extensions: {} });
  }
  return body.data;
}
