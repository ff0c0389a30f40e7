export type Role = 'ADMIN' | 'EDITOR';

/** The authenticated caller, as read from a verified token. */
export interface AuthUser {
  id: string;
  email: string;
  role: Role;
}

export function isEditor(user: AuthUser | null): user is AuthUser {
  return user !== null && (user.role === 'EDITOR' || user.role === 'ADMIN');
}
