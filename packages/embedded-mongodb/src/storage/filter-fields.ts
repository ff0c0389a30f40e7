// Which top-level fields a query filter reads, so a collection scan can test documents still held as
// BSON on those fields alone and decode only the ones that match (see DocumentMap.candidates).
import { isPlainObject } from '../bson';

/** Top-level operators that only combine filters on fields. */
const LOGICAL = new Set(['$and', '$or', '$nor']);

/**
 * The top-level fields `filter` reads, or undefined when it may read others ($expr, $where, $text,
 * $jsonSchema and any operator not known to read only named fields).
 */
export function topLevelFieldsOf(filter: unknown): Set<string> | undefined {
  const fields = new Set<string>();
  const collect = (part: unknown): boolean => {
    if (!isPlainObject(part)) return false;
    for (const [key, value] of Object.entries(part)) {
      if (key === '$comment') continue;
      if (LOGICAL.has(key)) {
        if (!Array.isArray(value) || !value.every(collect)) return false;
      } else if (key.startsWith('$')) {
        return false;
      } else {
        fields.add(key.split('.')[0]);
      }
    }
    return true;
  };
  return collect(filter) ? fields : undefined;
}

const fieldsRead = new WeakMap<object, ReadonlySet<string>>();

/** Records that `matcher` reads only the top-level fields `filter` names (when that can be told). */
export function noteFieldsRead<T extends object>(matcher: T, filter: unknown): T {
  const fields = topLevelFieldsOf(filter);
  if (fields && fields.size > 0) fieldsRead.set(matcher, fields);
  return matcher;
}

/** The top-level fields a matcher reads; undefined when unknown (it may read the whole document). */
export function fieldsReadBy(matcher: object): ReadonlySet<string> | undefined {
  return fieldsRead.get(matcher);
}
