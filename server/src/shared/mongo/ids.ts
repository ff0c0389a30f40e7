import { ObjectId } from 'mongodb';
import { badUserInput } from '../errors';

/** Parses a GraphQL ID into an ObjectId, refusing anything else with BAD_USER_INPUT naming the field. */
export function parseId(field: string, value: string): ObjectId {
  if (typeof value !== 'string' || !ObjectId.isValid(value) || !/^[0-9a-fA-F]{24}$/.test(value)) {
    throw badUserInput(field, `"${String(value)}" is not a valid id`);
  }
  return new ObjectId(value);
}

export function parseIds(field: string, values: readonly string[]): ObjectId[] {
  return values.map((value) => parseId(field, value));
}

/** Like parseId, but an unparseable id simply matches nothing (used where a missing record is NOT_FOUND anyway). */
export function tryParseId(value: string): ObjectId | null {
  return /^[0-9a-fA-F]{24}$/.test(value) ? new ObjectId(value) : null;
}
