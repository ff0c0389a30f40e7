import { token } from '../graphql/session';

/**
 * fetch with the admin session's bearer token (the explorer and the admin share an origin, hence its
 * localStorage). An Authorization header typed into the explorer's headers editor wins over the session.
 */
export const fetchWithSession: typeof fetch = (input, init) => {
  const headers = new Headers(init?.headers);
  const bearer = token();
  if (bearer && !headers.has('authorization')) headers.set('authorization', `Bearer ${bearer}`);
  return fetch(input, { ...init, headers });
};
