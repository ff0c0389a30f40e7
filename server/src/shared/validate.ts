import { badUserInput } from '../graphql/errors';

export interface TextRule {
  max: number;
  /** Allow an empty string (otherwise refused). */
  allowEmpty?: boolean;
}

/** A required text field: trimmed, non-empty unless allowed, within its length limit. */
export function requiredText(field: string, value: string, rule: TextRule): string {
  if (typeof value !== 'string') throw badUserInput(field, 'must be text');
  const trimmed = value.trim();
  if (!trimmed && !rule.allowEmpty) throw badUserInput(field, 'must not be empty');
  if (trimmed.length > rule.max) throw badUserInput(field, `must be at most ${rule.max} characters`);
  return trimmed;
}

/** An optional text field: undefined stays undefined (not changed), blank becomes null (cleared). */
export function optionalText(
  field: string,
  value: string | null | undefined,
  rule: TextRule,
): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  const trimmed = requiredText(field, value, { ...rule, allowEmpty: true });
  return trimmed === '' ? null : trimmed;
}

export function slugText(field: string, value: string): string {
  const slug = value.trim();
  if (
    !/^[\p{Ll}\p{Lo}\p{Lm}\p{M}\p{N}]+(?:-[\p{Ll}\p{Lo}\p{Lm}\p{M}\p{N}]+)*$/u.test(slug) ||
    slug.length > 100
  ) {
    throw badUserInput(field, 'must be lowercase words joined by hyphens, at most 100 characters');
  }
  return slug;
}

export function versionNumber(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw badUserInput(field, 'must be a positive whole number');
  return value;
}

export function optionalUrl(field: string, value: string | null | undefined): string | null | undefined {
  const text = optionalText(field, value, { max: 2000 });
  if (text === undefined || text === null) return text;
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw badUserInput(field, 'must be an http(s) URL');
  }
  return text;
}

/** Drops undefined entries so a patch only names what the caller set. */
export function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
