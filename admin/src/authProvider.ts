/** Logs in with the API's `login` mutation and keeps the bearer token; the role comes from `me`. */
import type { AuthProvider, UserIdentity } from 'react-admin';
import { apiErrorOf } from './graphql/errors';
import { operations } from './graphql/operations';
import { readSession, writeSession } from './graphql/session';
import type { Role } from './types';

const NOT_LOGGED_IN = { message: false } as const;

export const ROLE_LABEL: Record<Role, string> = { ADMIN: 'Admin', EDITOR: 'Editor' };

export const authProvider: AuthProvider = {
  async login({ username, email, password }: { username?: string; email?: string; password: string }) {
    const result = await operations.login((email ?? username ?? '').trim(), password);
    writeSession(result);
  },

  async logout() {
    writeSession(null);
  },

  checkAuth() {
    // Not logged in is where everyone starts, not an error: `message: false` tells react-admin to show the
    // login page without a red "Please log in" before anyone has typed anything.
    return readSession() ? Promise.resolve() : Promise.reject(NOT_LOGGED_IN);
  },

  async checkError(error: unknown) {
    const info = apiErrorOf(error);
    if (info?.code === 'UNAUTHENTICATED' || info?.status === 401) {
      writeSession(null);
      throw new Error('Your session has ended: please log in again');
    }
    // FORBIDDEN and the rest are shown where they happen; they do not log the editor out.
  },

  async getIdentity(): Promise<UserIdentity> {
    const session = readSession();
    if (!session) throw new Error('Please log in');
    // Refresh name and role from the service: an admin may have changed them since login.
    const me = await operations.me().catch(() => session.user);
    if (!me) {
      writeSession(null);
      throw new Error('Your session has ended: please log in again');
    }
    if (me.role !== session.user.role || me.name !== session.user.name)
      writeSession({ ...session, user: me });
    return { id: me.id, fullName: me.name || me.email, email: me.email, role: me.role };
  },

  async getPermissions(): Promise<Role | null> {
    return readSession()?.user.role ?? null;
  },
};
