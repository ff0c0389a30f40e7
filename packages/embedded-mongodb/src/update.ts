// Applying update specifications: operator documents, replacements and pipelines, plus upsert seeds.
// Operators run in mingo; what mingo does not do like the server (typed arithmetic, BSON-order $min/$max,
// type errors, _id immutability, path conflicts) is handled here first.
import { Timestamp } from 'bson';
import { update as mingoUpdate } from 'mingo';
import type { AnyObject } from 'mingo/types/types';
import { bsonTypeOf, cloneDeep, Doc, isNumeric, isPlainObject, newObjectId, toNumber } from './bson';
import { CommandError, ErrorCode, failedToParse } from './errors';
import { add, multiply, zeroLike } from './numeric';
import { EvalOptions, mingoOptions, rewriteFilter, runMingoPipeline } from './query';
import {
  clonedViewOf,
  compareValues,
  formatValue,
  getPath,
  keyOf,
  toMingoValue,
  retype,
  valuesEqual,
} from './values';

const OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$push',
  '$addToSet',
  '$pop',
  '$pull',
  '$pullAll',
  '$currentDate',
  '$bit',
  '$setOnInsert',
]);
const ARRAY_OPERATORS = new Set(['$push', '$addToSet', '$pop', '$pull', '$pullAll']);
const PIPELINE_STAGES = new Set(['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith']);

export interface UpdateOptions extends EvalOptions {
  filter?: Doc;
  arrayFilters?: Doc[];
  /** The document is being created by an upsert ($setOnInsert applies, _id may be set). */
  isInsert?: boolean;
  /** Produces the next cluster time, for $currentDate: {$type: 'timestamp'}. */
  now?: () => Timestamp;
}

export type UpdateKind = 'operators' | 'replacement' | 'pipeline';

export function updateKind(update: unknown): UpdateKind {
  if (Array.isArray(update)) return 'pipeline';
  if (!isPlainObject(update)) {
    throw new CommandError(ErrorCode.FailedToParse, 'Update argument must be either an object or an array');
  }
  const keys = Object.keys(update);
  if (keys.length > 0 && keys[0].startsWith('$')) return 'operators';
  return 'replacement';
}

/** Puts _id first, as the server stores it. */
export function idFirst(doc: Doc): Doc {
  const keys = Object.keys(doc);
  if (keys.length === 0 || keys[0] === '_id' || !('_id' in doc)) return doc;
  const ordered: Doc = { _id: doc._id };
  for (const key of keys) if (key !== '_id') ordered[key] = doc[key];
  return ordered;
}

function checkFieldNames(doc: Doc, where: string): void {
  for (const key of Object.keys(doc)) {
    if (key.startsWith('$')) {
      throw new CommandError(
        ErrorCode.DollarPrefixedFieldName,
        `The dollar ($) prefixed field '${key}' in '${key}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`,
      );
    }
    if (key === '')
      throw new CommandError(ErrorCode.EmptyFieldName, `An empty field name is not valid in ${where}`);
  }
}

/** Rejects malformed updates before anything is matched (the server parses them first). */
export function validateUpdate(update: unknown, multi: boolean): void {
  const kind = updateKind(update);
  if (kind === 'replacement') {
    if (multi) throw failedToParse('multi update is not supported for replacement-style update');
    checkFieldNames(update as Doc, 'a replacement document');
    return;
  }
  if (kind === 'pipeline') return;
  const paths: string[] = [];
  for (const [op, arg] of Object.entries(update as Doc)) {
    if (!OPERATORS.has(op)) {
      throw failedToParse(
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    if (!isPlainObject(arg)) {
      throw failedToParse(
        `Modifiers operate on fields but we found type ${bsonTypeOf(arg)} instead. For example: {$mod: {<field>: ...}} not {${op}: ${formatValue(arg)}}`,
      );
    }
    for (const [path, value] of Object.entries(arg)) {
      paths.push(path);
      if (op === '$rename' && typeof value === 'string') paths.push(value);
    }
  }
  checkConflicts(paths);
}

/** Applies an update to a stored document and returns the new version (the input is not modified). */
export function applyUpdate(doc: Doc, update: unknown, options: UpdateOptions = {}): Doc {
  switch (updateKind(update)) {
    case 'pipeline':
      return applyPipeline(doc, update as unknown[], options);
    case 'replacement':
      return applyReplacement(doc, update as Doc, options);
    case 'operators':
      return applyOperators(doc, update as Doc, options);
  }
}

function applyReplacement(doc: Doc, replacement: Doc, options: UpdateOptions): Doc {
  checkFieldNames(replacement, 'a replacement document');
  if ('_id' in replacement && '_id' in doc && !valuesEqual(replacement._id, doc._id) && !options.isInsert) {
    throw immutableIdAltered(replacement._id);
  }
  const result: Doc = '_id' in doc ? { _id: doc._id } : {};
  for (const [key, value] of Object.entries(replacement))
    if (key !== '_id' || !('_id' in result)) result[key] = value;
  if ('_id' in replacement && options.isInsert) result._id = replacement._id;
  return idFirst(cloneDeep(result));
}

function immutableIdAltered(id: unknown): CommandError {
  return new CommandError(
    ErrorCode.ImmutableField,
    `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(id)}`,
  );
}

function applyPipeline(doc: Doc, pipeline: unknown[], options: UpdateOptions): Doc {
  for (const stage of pipeline) {
    const name = isPlainObject(stage) ? Object.keys(stage)[0] : undefined;
    if (!name || !PIPELINE_STAGES.has(name)) {
      throw new CommandError(
        ErrorCode.InvalidOptions,
        `${name ?? 'this stage'} is not allowed to be used within an update`,
      );
    }
  }
  const [result] = runMingoPipeline(
    [clonedViewOf(doc)],
    pipeline.map((s) => toMingoValue(s) as Doc),
    options,
  );
  if (!isPlainObject(result))
    throw new CommandError(ErrorCode.InternalError, 'update pipeline produced no document');
  if ('_id' in doc && !options.isInsert) {
    if (!('_id' in result)) result._id = doc._id;
    else if (!valuesEqual(result._id, doc._id)) throw immutableIdAltered(result._id);
    else result._id = doc._id;
  }
  return idFirst(retype(result, doc) as Doc);
}

function isPositional(path: string): boolean {
  return path.split('.').some((part) => part === '$' || part === '$[]' || /^\$\[.*\]$/.test(part));
}

/** The server's conflict rule: no two updated paths may be equal or one a prefix of the other. */
function checkConflicts(paths: string[]): void {
  const sorted = [...paths].sort();
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1];
    const current = sorted[i];
    if (current === previous || current.startsWith(previous + '.')) {
      throw new CommandError(
        ErrorCode.ConflictingUpdateOperators,
        `Updating the path '${current}' would create a conflict at '${previous}'`,
      );
    }
  }
}

function describeDocId(doc: Doc): string {
  return '_id' in doc ? `{_id: ${formatValue(doc._id)}}` : '{}';
}

function applyOperators(doc: Doc, update: Doc, options: UpdateOptions): Doc {
  const modifier: Record<string, Doc> = {};
  const allPaths: string[] = [];
  for (const [op, arg] of Object.entries(update)) {
    if (!OPERATORS.has(op)) {
      throw failedToParse(
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    if (!isPlainObject(arg)) {
      throw failedToParse(
        `Modifiers operate on fields but we found type ${bsonTypeOf(arg)} instead. For example: {$mod: {<field>: ...}} not {${op}: ${formatValue(arg)}}`,
      );
    }
    if (op === '$setOnInsert' && !options.isInsert) {
      for (const path of Object.keys(arg)) allPaths.push(path);
      continue;
    }
    const target = op === '$setOnInsert' ? '$set' : op;
    for (const [path, value] of Object.entries(arg)) {
      if (path === '' || path.split('.').some((part) => part === '')) {
        throw new CommandError(ErrorCode.EmptyFieldName, `An empty update path is not valid.`);
      }
      if (path.startsWith('$')) {
        throw new CommandError(
          ErrorCode.DollarPrefixedFieldName,
          `The dollar ($) prefixed field '${path}' in '${path}' is not valid for storage.`,
        );
      }
      allPaths.push(path);
      if (op === '$rename') {
        if (typeof value !== 'string' || value === '') {
          throw new CommandError(
            ErrorCode.BadValue,
            `The 'to' field for $rename must be a string: ${path}: ${formatValue(value)}`,
          );
        }
        if (value === path) {
          throw new CommandError(
            ErrorCode.BadValue,
            `The source and target field for $rename must differ: ${path}: "${value}"`,
          );
        }
        allPaths.push(value);
      }
      const touchesId =
        path === '_id' ||
        path.startsWith('_id.') ||
        (op === '$rename' && (value === '_id' || String(value).startsWith('_id.')));
      if (touchesId) {
        const settingSameId =
          target === '$set' && path === '_id' && '_id' in doc && valuesEqual(value, doc._id);
        if (settingSameId) continue;
        const settingIdOnInsert =
          options.isInsert === true && target === '$set' && path === '_id' && !('_id' in doc);
        if (!settingIdOnInsert) {
          throw new CommandError(
            ErrorCode.ImmutableField,
            `Performing an update on the path '${path}' would modify the immutable field '_id'`,
          );
        }
      }
      (modifier[target] ??= {})[path] = value;
    }
  }
  checkConflicts(allPaths);

  const result = cloneDeep(doc);
  const direct: Doc = {};
  for (const [op, fields] of Object.entries(modifier)) {
    for (const [path, value] of Object.entries(fields)) {
      if (isPositional(path)) continue;
      if (CREATING_OPERATORS.has(op)) checkViable(result, path);
      const current = getPath(result, path);
      const handled = applyDirect(op, path, current, value, result, options);
      if (handled !== NOT_HANDLED) {
        direct[path] = handled;
        delete fields[path];
      }
    }
    if (Object.keys(fields).length === 0) delete modifier[op];
  }
  if (Object.keys(direct).length > 0) {
    modifier.$set = { ...(modifier.$set ?? {}), ...direct };
  }
  if (Object.keys(modifier).length === 0) return idFirst(result);
  if (Object.keys(modifier).every((op) => op === '$set' || op === '$unset')) {
    const paths = Object.values(modifier).flatMap((fields) => Object.keys(fields));
    if (!paths.some(isPositional)) {
      applySetUnset(result, modifier.$set ?? {}, modifier.$unset ?? {});
      return idFirst(result);
    }
  }

  // $set values and array operands are handed to mingo as given (bson types intact); operands that
  // mingo compares or computes with are converted to plain numbers.
  const prepared: Record<string, Doc> = {};
  for (const [op, fields] of Object.entries(modifier)) {
    prepared[op] =
      op === '$set' || op === '$push' || op === '$addToSet' ? fields : (toMingoValue(fields) as Doc);
  }
  const positional = Object.values(modifier).some((fields) =>
    Object.keys(fields).some((p) => p.split('.').includes('$')),
  );
  const condition =
    positional && options.filter ? (rewriteFilter(toMingoValue(options.filter) as Doc) as AnyObject) : {};
  try {
    mingoUpdate(
      result,
      prepared as Parameters<typeof mingoUpdate>[1],
      options.arrayFilters?.map((f) => rewriteFilter(toMingoValue(f) as Doc) as AnyObject),
      condition,
      { cloneMode: 'deep', queryOptions: mingoOptions(options) },
    );
  } catch (error) {
    if (error instanceof CommandError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (/positional operator/.test(message) || /include the array field/.test(message)) {
      throw new CommandError(
        ErrorCode.BadValue,
        'The positional operator did not find the match needed from the query.',
      );
    }
    if (/array filter|identifier/i.test(message)) throw new CommandError(ErrorCode.BadValue, message);
    if (/conflict/.test(message)) throw new CommandError(ErrorCode.ConflictingUpdateOperators, message);
    throw new CommandError(ErrorCode.BadValue, message);
  }
  if ('_id' in doc && !valuesEqual(result._id, doc._id) && !options.isInsert)
    throw immutableIdAltered(result._id);
  return idFirst(result);
}

/** Field-name order in which the server (5.0+) applies updates: lexicographic, numeric parts by value. */
function comparePaths(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    const na = /^\d+$/.test(pa[i]);
    const nb = /^\d+$/.test(pb[i]);
    if (na && nb) return Number(pa[i]) - Number(pb[i]);
    return pa[i] < pb[i] ? -1 : 1;
  }
  return pa.length - pb.length;
}

/** $set and $unset on plain (non-positional) paths, applied in place to a private copy. */
function applySetUnset(doc: Doc, sets: Doc, unsets: Doc): void {
  const entries: [path: string, value: unknown, unset: boolean][] = [
    ...Object.entries(sets).map(([path, value]): [string, unknown, boolean] => [path, value, false]),
    ...Object.keys(unsets).map((path): [string, unknown, boolean] => [path, undefined, true]),
  ];
  entries.sort((a, b) => comparePaths(a[0], b[0]));
  for (const [path, value, unset] of entries) {
    const parts = path.split('.');
    let current: unknown = doc;
    for (let i = 0; i < parts.length - 1 && current !== undefined; i++) {
      const part = parts[i];
      if (Array.isArray(current)) {
        const index = Number(part);
        if (current[index] === undefined || current[index] === null) {
          if (unset) current = undefined;
          else {
            while (current.length < index) current.push(null);
            current[index] = {};
            current = current[index];
          }
        } else {
          current = current[index];
        }
      } else if (isPlainObject(current)) {
        if (current[part] === undefined || current[part] === null) {
          if (unset) current = undefined;
          else {
            current[part] = {};
            current = current[part];
          }
        } else {
          current = current[part];
        }
      } else {
        current = undefined;
      }
    }
    const last = parts[parts.length - 1];
    if (Array.isArray(current)) {
      const index = Number(last);
      if (unset) {
        if (index < current.length) current[index] = null;
      } else {
        while (current.length < index) current.push(null);
        current[index] = cloneDeep(value);
      }
    } else if (isPlainObject(current)) {
      if (unset) delete current[last];
      else current[last] = cloneDeep(value);
    }
  }
}

const NOT_HANDLED: unique symbol = Symbol('not handled');

/** Operators that create the field when it is missing. */
const CREATING_OPERATORS = new Set([
  '$set',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$currentDate',
  '$push',
  '$addToSet',
]);

/** Fails like the server when a path would have to go through a scalar (or a non-index into an array). */
function checkViable(doc: Doc, path: string): void {
  const parts = path.split('.');
  let current: unknown = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i];
    let next: unknown;
    if (Array.isArray(current)) next = /^\d+$/.test(part) ? current[Number(part)] : undefined;
    else if (isPlainObject(current))
      next = Object.prototype.hasOwnProperty.call(current, part) ? current[part] : undefined;
    if (next === undefined) return;
    const child = parts[i + 1];
    if (isPlainObject(next)) {
      current = next;
      continue;
    }
    if (Array.isArray(next) && /^\d+$/.test(child)) {
      current = next;
      continue;
    }
    throw new CommandError(
      ErrorCode.PathNotViable,
      `Cannot create field '${child}' in element {${part}: ${formatValue(next)}}`,
    );
  }
}

/**
 * Computes operators whose semantics depend on BSON types directly, turning them into a $set of the
 * result; also raises the type errors mingo would silently ignore. Returns NOT_HANDLED to leave an
 * operator to mingo.
 */
function applyDirect(
  op: string,
  path: string,
  current: unknown,
  value: unknown,
  doc: Doc,
  options: UpdateOptions,
): unknown {
  switch (op) {
    case '$inc':
    case '$mul': {
      const verb = op === '$inc' ? 'increment' : 'multiply';
      if (!isNumeric(value)) {
        throw new CommandError(
          ErrorCode.TypeMismatch,
          `Cannot ${verb} with non-numeric argument: {${path}: ${formatValue(value)}}`,
        );
      }
      if (current !== undefined && !isNumeric(current)) {
        throw new CommandError(
          ErrorCode.TypeMismatch,
          `Cannot apply ${op} to a value of non-numeric type. ${describeDocId(doc)} has the field '${path.split('.').pop()}' of non-numeric type ${bsonTypeOf(current)}`,
        );
      }
      if (current === undefined) return op === '$inc' ? add(0, value) : zeroLike(value);
      return op === '$inc' ? add(current, value) : multiply(current, value);
    }
    case '$min':
    case '$max': {
      if (current === undefined) return value;
      const c = compareValues(value, current);
      const replace = op === '$min' ? c < 0 : c > 0;
      return replace ? value : current;
    }
    case '$currentDate': {
      const wantsTimestamp = isPlainObject(value) && value.$type === 'timestamp';
      if (isPlainObject(value) && value.$type !== 'timestamp' && value.$type !== 'date') {
        throw new CommandError(
          ErrorCode.BadValue,
          "The '$type' string field is required to be 'date' or 'timestamp'",
        );
      }
      if (!isPlainObject(value) && typeof value !== 'boolean') {
        throw new CommandError(
          ErrorCode.BadValue,
          `${path} is not valid type for $currentDate. Please use a boolean ('true') or a $type expression ({$type: 'timestamp/date'}).`,
        );
      }
      return wantsTimestamp
        ? (options.now?.() ?? new Timestamp({ t: Math.floor(Date.now() / 1000), i: 1 }))
        : new Date();
    }
    default:
      if (ARRAY_OPERATORS.has(op) && current !== undefined && !Array.isArray(current)) {
        if (op === '$pop' || op === '$pull' || op === '$pullAll') {
          throw new CommandError(ErrorCode.BadValue, `Cannot apply ${op} to a non-array value`);
        }
        throw new CommandError(
          ErrorCode.BadValue,
          `The field '${path}' must be an array but is of type ${bsonTypeOf(current)} in document ${describeDocId(doc)}`,
        );
      }
      if (op === '$pop' && toNumber(value) !== 1 && toNumber(value) !== -1) {
        throw new CommandError(ErrorCode.FailedToParse, `$pop expects 1 or -1, found: ${formatValue(value)}`);
      }
      return NOT_HANDLED;
  }
}

/** The document an upsert inserts: equality fields of the filter, then the update applied to them. */
export function buildUpsertDocument(filter: Doc, update: unknown, options: UpdateOptions = {}): Doc {
  const seed: Doc = {};
  collectEqualities(filter, seed);
  let doc: Doc;
  switch (updateKind(update)) {
    case 'replacement': {
      const replacement = update as Doc;
      checkFieldNames(replacement, 'a replacement document');
      if ('_id' in replacement && '_id' in seed && !valuesEqual(replacement._id, seed._id)) {
        throw immutableIdAltered(replacement._id);
      }
      doc = { ...('_id' in seed ? { _id: seed._id } : {}), ...cloneDeep(replacement) };
      break;
    }
    case 'pipeline':
      doc = applyPipeline(seed, update as unknown[], { ...options, isInsert: true });
      break;
    case 'operators':
      doc = applyOperators(seed, update as Doc, { ...options, isInsert: true });
      break;
  }
  if (!('_id' in doc)) doc = { _id: newObjectId(), ...doc };
  return idFirst(doc);
}

function collectEqualities(filter: Doc, seed: Doc): void {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const clause of value) if (isPlainObject(clause)) collectEqualities(clause, seed);
      continue;
    }
    if (key.startsWith('$')) continue;
    let equal: unknown;
    if (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'))) {
      if (!('$eq' in value)) continue;
      equal = value.$eq;
    } else if (value instanceof RegExp) {
      continue;
    } else {
      equal = value;
    }
    setSeedPath(seed, key, cloneDeep(equal));
  }
}

function setSeedPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let current = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = current[parts[i]];
    if (isPlainObject(next)) {
      current = next;
    } else if (next === undefined) {
      const created: Doc = {};
      current[parts[i]] = created;
      current = created;
    } else {
      return;
    }
  }
  current[parts[parts.length - 1]] = value;
}

/** Whether two stored documents are identical, for nModified. */
export function sameDocument(a: Doc, b: Doc): boolean {
  return keyOf(a) === keyOf(b) && sameTypes(a, b);
}

function sameTypes(a: unknown, b: unknown): boolean {
  if (bsonTypeOf(a) !== bsonTypeOf(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => sameTypes(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => sameTypes(a[k], b[k]));
  }
  return true;
}
