/** At least this many characters (Unicode code points), so a password is not guessable by brute force. */
export const MIN_PASSWORD_CHARACTERS = 12;
/** bcrypt reads only the first 72 bytes: a longer password would share its hash with every password that starts alike. */
export const MAX_PASSWORD_BYTES = 72;

/** The rule a password breaks, worded to follow its field name ("password must …"), or null if it is acceptable. */
export function brokenPasswordRule(password: string): string | null {
  if ([...password].length < MIN_PASSWORD_CHARACTERS) {
    return `must be at least ${MIN_PASSWORD_CHARACTERS} characters long`;
  }
  if (password.trim() === '') return 'must not be only whitespace';
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
    return `must be at most ${MAX_PASSWORD_BYTES} bytes in UTF-8 (72 ASCII characters, fewer in other scripts)`;
  }
  return null;
}

/** Whether bcrypt would read every byte of this password. */
export function fitsBcrypt(password: string): boolean {
  return Buffer.byteLength(password, 'utf8') <= MAX_PASSWORD_BYTES;
}
