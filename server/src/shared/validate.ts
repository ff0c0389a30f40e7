import { badUserInput } from './errors';
import { trimText } from './text';

export interface TextRule {
  max: number;
  /** Allow an empty string (otherwise refused). */
  allowEmpty?: boolean;
}

/**
 * A required text field: trimmed (invisible characters at the ends too), non-empty unless allowed — text made
 * only of invisible characters is empty — and within its length limit.
 */
export function requiredText(field: string, value: string, rule: TextRule): string {
  if (typeof value !== 'string') throw badUserInput(field, 'must be text');
  const trimmed = trimText(value);
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

export const MAX_URL_LENGTH = 2000;

/** The one rule for every source URL, whichever path sets it: absolute http(s), at most 2000 characters. */
export function optionalUrl(field: string, value: string | null | undefined): string | null | undefined {
  const text = optionalText(field, value, { max: MAX_URL_LENGTH });
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

/** Longest text an input field takes unless it declares its own limit with @MaxLength. */
export const DEFAULT_MAX_INPUT_LENGTH = 1000;

const maxLengths = new WeakMap<object, Map<string, number>>();

/**
 * Declares the longest text (or, on a list, the longest item) an input field takes; undeclared text fields
 * take DEFAULT_MAX_INPUT_LENGTH. Checked before any resolver runs (graphql/input-limits.ts).
 */
export function MaxLength(max: number): PropertyDecorator {
  return (prototype, property) => {
    const own = maxLengths.get(prototype) ?? new Map<string, number>();
    own.set(String(property), max);
    maxLengths.set(prototype, own);
  };
}

function declaredMaxLength(input: object, property: string): number | undefined {
  for (let prototype = Object.getPrototypeOf(input) as object | null; prototype;) {
    const max = maxLengths.get(prototype)?.get(property);
    if (max !== undefined) return max;
    prototype = Object.getPrototypeOf(prototype) as object | null;
  }
  return undefined;
}

/**
 * Refuses, with BAD_USER_INPUT naming the field (e.g. `filter.q`), any text in an input value longer than
 * its limit; nested inputs and lists are walked.
 */
export function checkInputLengths(field: string, value: unknown, max = DEFAULT_MAX_INPUT_LENGTH): void {
  if (typeof value === 'string') {
    if (value.length > max) throw badUserInput(field, `must be at most ${max} characters`);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => checkInputLengths(`${field}[${index}]`, item, max));
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [property, item] of Object.entries(value)) {
      const path = field ? `${field}.${property}` : property;
      checkInputLengths(path, item, declaredMaxLength(value, property) ?? DEFAULT_MAX_INPUT_LENGTH);
    }
  }
}
