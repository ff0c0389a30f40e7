import bcrypt from 'bcryptjs';
import { fitsBcrypt } from './password-policy';

const COST = 10;
/** Compared against when the email is unknown, so a wrong email costs the same time as a wrong password. */
const DUMMY_HASH = bcrypt.hashSync('not-a-real-password', COST);

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

/**
 * Whether the password matches the hash. A password longer than bcrypt reads never matches (it would match
 * every password sharing its first 72 bytes); it is still compared, so refusing it takes the usual time.
 */
export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  const readable = fitsBcrypt(password);
  const matches = await bcrypt.compare(password, readable && hash !== null ? hash : DUMMY_HASH);
  return matches && readable && hash !== null;
}
