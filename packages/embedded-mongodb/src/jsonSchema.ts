// $jsonSchema (collection validators and queries): the keywords MongoDB supports, checked against the
// stored BSON types.
import { bsonTypeOf, Doc, isPlainObject, toNumber, typeAlias } from './bson';
import { CommandError, ErrorCode } from './errors';
import { compareValues, keyOf, originalOf } from './values';

type Check = (value: unknown) => boolean;

const NUMERIC = new Set(['int', 'long', 'double', 'decimal']);

function jsonTypeMatches(type: string, value: unknown): boolean {
  const bson = bsonTypeOf(value);
  switch (type) {
    case 'object':
      return bson === 'object';
    case 'array':
      return bson === 'array';
    case 'string':
      return bson === 'string';
    case 'boolean':
      return bson === 'bool';
    case 'null':
      return bson === 'null';
    case 'number':
      return NUMERIC.has(bson);
    case 'integer':
      return bson === 'int' || bson === 'long';
    default:
      throw new CommandError(ErrorCode.BadValue, `$jsonSchema: unknown type '${type}'`);
  }
}

function bsonTypeMatches(type: string, value: unknown): boolean {
  const wanted = typeAlias(type);
  const actual = bsonTypeOf(value);
  return wanted === actual || (wanted === 'number' && NUMERIC.has(actual));
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

function compile(schema: unknown): Check {
  if (!isPlainObject(schema)) throw new CommandError(ErrorCode.TypeMismatch, '$jsonSchema must be an object');
  const checks: Check[] = [];
  const s = schema;
  if (s.bsonType !== undefined) {
    const types = list(s.bsonType).map(String);
    checks.push((v) => types.some((t) => bsonTypeMatches(t, v)));
  }
  if (s.type !== undefined) {
    const types = list(s.type).map(String);
    checks.push((v) => types.some((t) => jsonTypeMatches(t, v)));
  }
  if (Array.isArray(s.enum)) {
    const allowed = new Set(s.enum.map(keyOf));
    checks.push((v) => allowed.has(keyOf(v)));
  }
  const numberLimit = (field: string, ok: (c: number) => boolean, exclusive?: string) => {
    if (s[field] === undefined) return;
    const limit = s[field];
    const strict = exclusive !== undefined && s[exclusive] === true;
    checks.push((v) => {
      if (!NUMERIC.has(bsonTypeOf(v))) return true;
      const c = compareValues(v, limit);
      return strict ? ok(c) && c !== 0 : ok(c);
    });
  };
  numberLimit('minimum', (c) => c >= 0, 'exclusiveMinimum');
  numberLimit('maximum', (c) => c <= 0, 'exclusiveMaximum');
  const sizeLimit = (
    field: string,
    size: (v: unknown) => number | undefined,
    ok: (n: number, limit: number) => boolean,
  ) => {
    const limit = toNumber(s[field]);
    if (limit === undefined) return;
    checks.push((v) => {
      const n = size(v);
      return n === undefined || ok(n, limit);
    });
  };
  const stringLength = (v: unknown) => (typeof v === 'string' ? [...v].length : undefined);
  const arrayLength = (v: unknown) => (Array.isArray(v) ? v.length : undefined);
  const propertyCount = (v: unknown) => (isPlainObject(v) ? Object.keys(v).length : undefined);
  sizeLimit('minLength', stringLength, (n, l) => n >= l);
  sizeLimit('maxLength', stringLength, (n, l) => n <= l);
  sizeLimit('minItems', arrayLength, (n, l) => n >= l);
  sizeLimit('maxItems', arrayLength, (n, l) => n <= l);
  sizeLimit('minProperties', propertyCount, (n, l) => n >= l);
  sizeLimit('maxProperties', propertyCount, (n, l) => n <= l);
  if (typeof s.pattern === 'string') {
    const pattern = new RegExp(s.pattern, 'u');
    checks.push((v) => typeof v !== 'string' || pattern.test(v));
  }
  if (s.uniqueItems === true) {
    checks.push((v) => !Array.isArray(v) || new Set(v.map(keyOf)).size === v.length);
  }
  if (Array.isArray(s.required)) {
    const required = s.required.map(String);
    checks.push((v) => !isPlainObject(v) || required.every((field) => field in v));
  }
  const properties = isPlainObject(s.properties)
    ? Object.entries(s.properties).map(([name, sub]) => [name, compile(sub)] as const)
    : [];
  const patterns = isPlainObject(s.patternProperties)
    ? Object.entries(s.patternProperties).map(
        ([pattern, sub]) => [new RegExp(pattern, 'u'), compile(sub)] as const,
      )
    : [];
  const additional = s.additionalProperties;
  const additionalCheck = isPlainObject(additional) ? compile(additional) : undefined;
  if (properties.length > 0 || patterns.length > 0 || additional !== undefined) {
    const named = new Set(properties.map(([name]) => name));
    checks.push((v) => {
      if (!isPlainObject(v)) return true;
      for (const [name, check] of properties) if (name in v && !check(v[name])) return false;
      for (const [field, value] of Object.entries(v)) {
        const matching = patterns.filter(([pattern]) => pattern.test(field));
        if (matching.some(([, check]) => !check(value))) return false;
        if (named.has(field) || matching.length > 0) continue;
        if (additional === false) return false;
        if (additionalCheck && !additionalCheck(value)) return false;
      }
      return true;
    });
  }
  if (s.items !== undefined) {
    if (Array.isArray(s.items)) {
      const positional = s.items.map(compile);
      const extra = s.additionalItems;
      const extraCheck = isPlainObject(extra) ? compile(extra) : undefined;
      checks.push((v) => {
        if (!Array.isArray(v)) return true;
        for (let i = 0; i < v.length; i++) {
          if (i < positional.length) {
            if (!positional[i](v[i])) return false;
          } else if (extra === false || (extraCheck && !extraCheck(v[i]))) {
            return false;
          }
        }
        return true;
      });
    } else {
      const each = compile(s.items);
      checks.push((v) => !Array.isArray(v) || v.every(each));
    }
  }
  if (Array.isArray(s.allOf)) {
    const all = s.allOf.map(compile);
    checks.push((v) => all.every((check) => check(v)));
  }
  if (Array.isArray(s.anyOf)) {
    const any = s.anyOf.map(compile);
    checks.push((v) => any.some((check) => check(v)));
  }
  if (Array.isArray(s.oneOf)) {
    const one = s.oneOf.map(compile);
    checks.push((v) => one.filter((check) => check(v)).length === 1);
  }
  if (s.not !== undefined) {
    const not = compile(s.not);
    checks.push((v) => !not(v));
  }
  return (value) => checks.every((check) => check(value));
}

/** mingo's jsonSchemaValidator hook: compiles a schema into a predicate on (views of) documents. */
export function jsonSchemaValidator(schema: Doc): (doc: unknown) => boolean {
  const check = compile(schema);
  return (doc) => check(originalOf(doc));
}
