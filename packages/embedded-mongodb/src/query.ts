// The bridge to mingo: filters, aggregation pipelines and expressions run there, on document views
// (see values.ts). Where mingo differs from MongoDB, queries and pipelines are rewritten to use engine
// operators instead (mingo lets built-in operators win over custom ones with the same name, so they get
// names of their own): `$eq` (BSON equality: field order matters, numbers compare across types),
// `$type` (must see the stored BSON types), the `$sort` stage (BSON cross-type order) and `$count`
// (no document for empty input).
import { ObjectId } from 'bson';
import { Aggregator, Context, Query } from 'mingo';
import { evalExpr } from 'mingo/core';
import type { Iterator } from 'mingo/types/lazy';
import type { AnyObject, CollationSpec, JsonSchemaValidator, Options } from 'mingo/types/types';
import { bsonTypeOf, Doc, isBsonRegExp, isPlainObject, typeAlias } from './bson';
import { CommandError, ErrorCode } from './errors';
import { jsonSchemaValidator } from './jsonSchema';
import { keyOf, originalOf, parseSort, pathValues, sortDocuments, toMingoValue, viewOf } from './values';
import { noteFieldsRead } from './storage/filter-fields';

const NUMERIC_TYPES = new Set(['int', 'long', 'double', 'decimal']);

function matchesType(value: unknown, wanted: (string | undefined)[]): boolean {
  const type = bsonTypeOf(value);
  return wanted.includes(type) || (wanted.includes('number') && NUMERIC_TYPES.has(type));
}

function typeOperator(selector: string, value: unknown, _options: Options): (obj: AnyObject) => boolean {
  const specs = Array.isArray(value) ? value : [value];
  const wanted = specs.map(typeAlias);
  if (wanted.some((w) => w === undefined)) {
    throw new CommandError(
      ErrorCode.BadValue,
      `Unknown type name alias: ${String(specs[wanted.indexOf(undefined)])}`,
    );
  }
  const parts = selector.split('.');
  return (obj) => {
    for (const found of pathValues(originalOf(obj), parts)) {
      if (matchesType(found, wanted)) return true;
      if (Array.isArray(found) && found.some((element) => matchesType(element, wanted))) return true;
    }
    return false;
  };
}

/** Whether any value a query path reaches passes `test` (missing values are passed as undefined). */
function anyLeaf(
  value: unknown,
  parts: readonly string[],
  index: number,
  test: (leaf: unknown) => boolean,
): boolean {
  if (index === parts.length) return test(value);
  const part = parts[index];
  if (Array.isArray(value)) {
    if (/^\d+$/.test(part) && anyLeaf(value[Number(part)], parts, index + 1, test)) return true;
    for (const element of value) {
      if (isPlainObject(element) && anyLeaf(element, parts, index, test)) return true;
    }
    return false;
  }
  if (isPlainObject(value)) {
    const next = Object.prototype.hasOwnProperty.call(value, part) ? value[part] : undefined;
    return anyLeaf(next, parts, index + 1, test);
  }
  return test(undefined);
}

function eqOperator(selector: string, value: unknown, _options?: Options): (obj: AnyObject) => boolean {
  const parts = selector.split('.');
  if (value === null || value === undefined) {
    const isNull = (x: unknown) => x === null || x === undefined;
    return (obj) =>
      anyLeaf(obj, parts, 0, (leaf) => isNull(leaf) || (Array.isArray(leaf) && leaf.some(isNull)));
  }
  const wanted = keyOf(value);
  const equal = (x: unknown) => keyOf(x) === wanted;
  return (obj) => anyLeaf(obj, parts, 0, (leaf) => equal(leaf) || (Array.isArray(leaf) && leaf.some(equal)));
}

/** A fast test's answer: undefined when only mingo can tell (the document holds an unusual value). */
type FastTest = (doc: AnyObject) => boolean | undefined;

/**
 * Filters made only of `field: literal` equalities (the most common kind), `$in` of literals and ranges
 * of numbers are matched here directly: building a mingo Query costs more than testing a few documents.
 */
function plainEqualities(filter: Doc): FastTest[] | undefined {
  const tests: FastTest[] = [];
  for (const [field, value] of Object.entries(filter)) {
    if (field.startsWith('$') || value instanceof RegExp || isBsonRegExp(value)) return undefined;
    if (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'))) {
      const operatorTest = plainIn(field, value) ?? numberRange(field, value);
      if (!operatorTest) return undefined;
      tests.push(operatorTest);
      continue;
    }
    tests.push(eqOperator(field, value));
  }
  return tests;
}

const RANGE_OPERATORS: Record<string, (value: number, bound: number) => boolean> = {
  $gt: (value, bound) => value > bound,
  $gte: (value, bound) => value >= bound,
  $lt: (value, bound) => value < bound,
  $lte: (value, bound) => value <= bound,
};

/**
 * `field: { $gt/$gte/$lt/$lte: number, … }` (how a page of an interview's entries is asked for by
 * position). Each operator may be met by a different array element, as in MongoDB; values of other types
 * never match a number's range. NaN and numbers kept in BSON wrappers (Long, Decimal128, …) are left to
 * mingo, which knows their order.
 */
function numberRange(field: string, condition: Doc): FastTest | undefined {
  const checks: ((value: number) => boolean)[] = [];
  for (const [operator, bound] of Object.entries(condition)) {
    const compare = RANGE_OPERATORS[operator];
    if (!compare || typeof bound !== 'number' || Number.isNaN(bound)) return undefined;
    checks.push((value) => compare(value, bound));
  }
  if (checks.length === 0) return undefined;
  const parts = field.split('.');
  return (obj) => {
    let undecided = false;
    const meets = (check: (value: number) => boolean) => (value: unknown) => {
      if (typeof value === 'number' && !Number.isNaN(value)) return check(value);
      if (typeof value === 'number' || typeof value === 'bigint' || bracketIsNumber(value)) undecided = true;
      return false;
    };
    const matched = checks.every((check) => {
      const test = meets(check);
      return anyLeaf(obj, parts, 0, (leaf) => test(leaf) || (Array.isArray(leaf) && leaf.some(test)));
    });
    if (matched) return true;
    return undecided ? undefined : false;
  };
}

function bracketIsNumber(value: unknown): boolean {
  const type = bsonTypeOf(value);
  return NUMERIC_TYPES.has(type);
}

/**
 * `field: { $in: [literals] }` (what DataLoader batches send) as a set lookup: with no null, array,
 * regex or operator among the values, $in is exactly "equals one of them".
 */
function plainIn(field: string, condition: Doc): ((doc: AnyObject) => boolean) | undefined {
  const values = condition.$in;
  if (Object.keys(condition).length !== 1 || !Array.isArray(values)) return undefined;
  const wanted = new Set<string>();
  for (const value of values) {
    if (value === null || value === undefined || Array.isArray(value)) return undefined;
    if (value instanceof RegExp || isBsonRegExp(value)) return undefined;
    if (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'))) return undefined;
    wanted.add(keyOf(value));
  }
  const parts = field.split('.');
  const equal = (x: unknown) => wanted.has(keyOf(x));
  return (obj) => anyLeaf(obj, parts, 0, (leaf) => equal(leaf) || (Array.isArray(leaf) && leaf.some(equal)));
}

function sortStage(coll: Iterator, expr: AnyObject, options: Options): Iterator {
  const spec = parseSort(expr);
  if (!spec) throw new CommandError(ErrorCode.Location15976, '$sort stage must have at least one sort key');
  const collator = collatorFor(options.collation);
  const sortAll = (items: unknown[]) => sortDocuments(items as Doc[], spec, collator).values();
  return coll.transform(sortAll as unknown as Parameters<Iterator['transform']>[0]);
}

/** `$toString` that also converts ObjectIds (to their hex string), as the server does. */
function toStringExpression(obj: AnyObject, expr: unknown, options: Options): unknown {
  const value = evalExpr(obj, expr, options);
  if (value === null || value === undefined) return null;
  if (value instanceof ObjectId) return value.toHexString();
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && !(value instanceof RegExp)) {
    throw new CommandError(
      ErrorCode.ConversionFailure,
      `Unsupported conversion from ${bsonTypeOf(value)} to string`,
    );
  }
  return String(value);
}

function toObjectIdExpression(obj: AnyObject, expr: unknown, options: Options): unknown {
  const value = evalExpr(obj, expr, options);
  if (value === null || value === undefined) return null;
  if (value instanceof ObjectId) return value;
  if (typeof value === 'string' && /^[0-9a-fA-F]{24}$/.test(value)) return new ObjectId(value);
  throw new CommandError(
    ErrorCode.ConversionFailure,
    `Failed to parse objectId '${String(value)}' in $convert`,
  );
}

/** The expression `$type`: BSON type names ('objectId', 'long', 'missing', ...). */
function typeExpression(obj: AnyObject, expr: unknown, options: Options): unknown {
  const value = evalExpr(obj, expr, options);
  return value === undefined ? 'missing' : bsonTypeOf(value);
}

const CONTEXT = Context.init({
  query: { $engineType: typeOperator, $engineEq: eqOperator },
  pipeline: { $engineSort: sortStage },
  expression: {
    $engineToString: toStringExpression,
    $engineToObjectId: toObjectIdExpression,
    $engineTypeOf: typeExpression,
  },
});

/** Expression operators replaced by engine versions (see the file comment). */
const EXPRESSION_OVERRIDES: Record<string, string> = {
  $toString: '$engineToString',
  $toObjectId: '$engineToObjectId',
  $type: '$engineTypeOf',
};

/** Renames overridden operators inside aggregation expressions (not inside $literal). */
export function rewriteExpression(expr: unknown): unknown {
  if (Array.isArray(expr)) return expr.map(rewriteExpression);
  if (!isPlainObject(expr)) return expr;
  const out: Doc = {};
  for (const [key, value] of Object.entries(expr)) {
    if (key === '$literal') out[key] = value;
    else out[EXPRESSION_OVERRIDES[key] ?? key] = rewriteExpression(value);
  }
  return out;
}

/** Query-language positions where the rewrite does not apply. */
const OPAQUE_QUERY_KEYS = new Set(['$expr', '$where', '$jsonSchema', '$text', '$comment']);

/** Rewrites a filter to use the engine's $eq and $type (see the file comment). */
export function rewriteFilter(filter: Doc): Doc {
  const out: Doc = {};
  for (const [key, value] of Object.entries(filter)) {
    if ((key === '$and' || key === '$or' || key === '$nor') && Array.isArray(value)) {
      out[key] = value.map((clause) => (isPlainObject(clause) ? rewriteFilter(clause) : clause));
    } else if (key === '$expr') {
      out[key] = rewriteExpression(value);
    } else if (key.startsWith('$') || OPAQUE_QUERY_KEYS.has(key)) {
      out[key] = value;
    } else {
      out[key] = rewriteCondition(value);
    }
  }
  return out;
}

function rewriteCondition(condition: unknown): unknown {
  if (condition instanceof RegExp) return condition;
  if (!isPlainObject(condition) || !Object.keys(condition).some((k) => k.startsWith('$'))) {
    return { $engineEq: condition };
  }
  const out: Doc = {};
  for (const [op, arg] of Object.entries(condition)) {
    switch (op) {
      case '$eq':
        out.$engineEq = arg;
        break;
      case '$type':
        out.$engineType = arg;
        break;
      case '$not':
        out.$not = isPlainObject(arg) ? rewriteCondition(arg) : arg;
        break;
      case '$elemMatch':
        out.$elemMatch = !isPlainObject(arg)
          ? arg
          : Object.keys(arg).some((k) => k.startsWith('$') && !['$and', '$or', '$nor', '$expr'].includes(k))
            ? rewriteCondition(arg)
            : rewriteFilter(arg);
        break;
      default:
        out[op] = arg;
    }
  }
  return out;
}

/** Rewrites a pipeline's stages (and nested pipelines) to the engine's operators. */
export function rewritePipeline(stages: unknown[]): Doc[] {
  const out: Doc[] = [];
  for (const stage of stages) {
    if (!isPlainObject(stage)) {
      out.push(stage as Doc);
      continue;
    }
    const [name] = Object.keys(stage);
    const spec = stage[name];
    switch (name) {
      case '$match':
        out.push({ $match: isPlainObject(spec) ? rewriteFilter(spec) : spec });
        break;
      case '$sort':
        out.push({ $engineSort: spec });
        break;
      case '$count':
        if (typeof spec !== 'string' || spec.length === 0 || spec.startsWith('$') || spec.includes('.')) {
          throw new CommandError(
            ErrorCode.Location40156,
            'the count field must be a non-empty string without $ or .',
          );
        }
        out.push({ $group: { _id: null, [spec]: { $sum: 1 } } }, { $project: { _id: 0 } });
        break;
      case '$lookup':
      case '$unionWith':
        out.push(
          isPlainObject(spec) && Array.isArray(spec.pipeline)
            ? {
                [name]: {
                  ...spec,
                  ...(spec.let === undefined ? {} : { let: rewriteExpression(spec.let) }),
                  pipeline: rewritePipeline(spec.pipeline),
                },
              }
            : stage,
        );
        break;
      case '$facet':
        out.push(
          isPlainObject(spec)
            ? {
                $facet: Object.fromEntries(
                  Object.entries(spec).map(([k, v]) => [k, Array.isArray(v) ? rewritePipeline(v) : v]),
                ),
              }
            : stage,
        );
        break;
      case '$graphLookup':
      case '$geoNear':
      case '$documents':
        out.push(stage);
        break;
      default:
        out.push(rewriteExpression(stage) as Doc);
    }
  }
  return out;
}

export function collatorFor(spec: unknown): Intl.Collator | undefined {
  if (!isPlainObject(spec) || typeof spec.locale !== 'string' || spec.locale === 'simple') return undefined;
  const collation = spec as unknown as CollationSpec;
  const sensitivity = collation.strength === 1 ? 'base' : collation.strength === 2 ? 'accent' : 'variant';
  return new Intl.Collator(collation.locale, {
    sensitivity,
    numeric: collation.numericOrdering === true,
    caseFirst:
      collation.caseFirst === 'upper' || collation.caseFirst === 'lower' ? collation.caseFirst : 'false',
  });
}

export interface EvalOptions {
  collation?: unknown;
  variables?: Doc;
  /** Resolves other collections of the same database, for $lookup, $graphLookup and $unionWith. */
  collectionResolver?: (name: string) => Doc[];
}

export function mingoOptions(options: EvalOptions = {}): Partial<Options> {
  const collation = isPlainObject(options.collation)
    ? (options.collation as unknown as CollationSpec)
    : undefined;
  return {
    context: CONTEXT,
    scriptEnabled: true,
    jsonSchemaValidator: jsonSchemaValidator as unknown as JsonSchemaValidator,
    ...(collation ? { collation } : {}),
    ...(options.variables ? { variables: toMingoValue(options.variables) as AnyObject } : {}),
    ...(options.collectionResolver ? { collectionResolver: options.collectionResolver } : {}),
  };
}

export type Matcher = (doc: Doc) => boolean;

/** Compiles a query filter; the returned predicate takes stored documents. */
export function compileFilter(filter: unknown, options: EvalOptions = {}): Matcher {
  return noteFieldsRead(compileFilterFunction(filter, options), filter);
}

function compileFilterFunction(filter: unknown, options: EvalOptions): Matcher {
  if (filter === undefined || filter === null) return () => true;
  if (!isPlainObject(filter)) throw new CommandError(ErrorCode.TypeMismatch, 'filter must be an object');
  if (Object.keys(filter).length === 0) return () => true;
  const fastTests = plainEqualities(filter);
  if (fastTests) {
    let mingoMatcher: Matcher | undefined;
    return (doc) => {
      for (const test of fastTests) {
        const verdict = test(doc);
        if (verdict === false) return false;
        if (verdict === undefined) return (mingoMatcher ??= compileMingoFilter(filter, options))(doc);
      }
      return true;
    };
  }
  return compileMingoFilter(filter, options);
}

function compileMingoFilter(filter: Doc, options: EvalOptions): Matcher {
  let query: Query;
  try {
    query = new Query(rewriteFilter(toMingoValue(filter) as Doc) as AnyObject, mingoOptions(options));
  } catch (error) {
    throw asQueryError(error);
  }
  return (doc) => {
    try {
      return query.test(viewOf(doc));
    } catch (error) {
      throw asQueryError(error);
    }
  };
}

function asQueryError(error: unknown): CommandError {
  if (error instanceof CommandError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const operator = /unknown (?:top level |query )?operator:? (\$\w+)/.exec(message);
  if (operator) return new CommandError(ErrorCode.BadValue, `unknown operator: ${operator[1]}`);
  return new CommandError(ErrorCode.BadValue, message);
}

/** Runs an aggregation pipeline through mingo over already prepared (view) documents. */
export function runMingoPipeline(docs: Doc[], pipeline: Doc[], options: EvalOptions = {}): Doc[] {
  return compilePipeline(pipeline, options)(docs);
}

/** The pipeline made ready once, to run over any number of document sets (a change stream's, event by event). */
export function compilePipeline(pipeline: Doc[], options: EvalOptions = {}): (docs: Doc[]) => Doc[] {
  let aggregator: Aggregator;
  try {
    aggregator = new Aggregator(
      rewritePipeline(toMingoValue(pipeline) as unknown[]) as AnyObject[],
      mingoOptions(options),
    );
  } catch (error) {
    throw asPipelineError(error);
  }
  return (docs) => {
    try {
      return aggregator.run<Doc>(docs);
    } catch (error) {
      throw asPipelineError(error);
    }
  };
}

function asPipelineError(error: unknown): CommandError {
  if (error instanceof CommandError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const stage = /unregistered pipeline operator (\$\w+)/.exec(message);
  if (stage) {
    return new CommandError(ErrorCode.Location40324, `Unrecognized pipeline stage name: '${stage[1]}'`);
  }
  const expression =
    /(?:accumulator|operator) '(\$\w+)' is not registered|unknown expression operator:? '?(\$\w+)/.exec(
      message,
    );
  if (expression) {
    return new CommandError(
      ErrorCode.InvalidPipelineOperator,
      `Unrecognized expression '${expression[1] ?? expression[2]}'`,
    );
  }
  return asQueryError(error);
}

/**
 * A command's `let` variables: each value is an expression, evaluated once before the command runs, with
 * no current document (so `{ $literal: '$x' }` is the string '$x' and `{ $rand: {} }` a number).
 */
export function evaluateLetVariables(variables: Doc): Doc {
  if (Object.keys(variables).length === 0) return {};
  const [evaluated] = runMingoPipeline([{}], [{ $replaceWith: variables }]);
  return evaluated ?? {};
}

/** Evaluates aggregation expressions for a batch of documents (computed projection fields). */
export function evaluateExpressions(
  docs: Doc[],
  fields: Record<string, unknown>,
  options: EvalOptions = {},
): Doc[] {
  const project: Doc = { _id: 0 };
  const names = Object.keys(fields);
  names.forEach((name, i) => (project[`f${i}`] = toMingoValue(fields[name])));
  const results = runMingoPipeline(
    docs.map((doc) => viewOf(doc)),
    [{ $project: project }],
    options,
  );
  return results.map((row) => {
    const out: Doc = {};
    names.forEach((name, i) => {
      if (`f${i}` in row) out[name] = row[`f${i}`];
    });
    return out;
  });
}
