/** The service's password policy, checked in the form too so editors see it before saving. */
export const PASSWORD_MIN_CHARACTERS = 12;
export const PASSWORD_MAX_BYTES = 72;

export function passwordPolicy(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  if ([...value].length < PASSWORD_MIN_CHARACTERS) return `At least ${PASSWORD_MIN_CHARACTERS} characters`;
  if (value.trim() === '') return 'Not only spaces';
  if (new TextEncoder().encode(value).length > PASSWORD_MAX_BYTES) {
    return `At most ${PASSWORD_MAX_BYTES} bytes (fewer characters outside plain Latin letters)`;
  }
  return undefined;
}
