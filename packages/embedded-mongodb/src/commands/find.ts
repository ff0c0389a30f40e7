// Read commands: find, count, distinct (and the query helper the write commands share).
import { CollectionView } from '../access';
import { Doc, isPlainObject, toNumber, truthy } from '../bson';
import { DEFAULT_FIRST_BATCH, takeBatch } from '../cursors';
import { CommandError, ErrorCode } from '../errors';
import { compileProjection } from '../projection';
import { collatorFor, compileFilter, EvalOptions } from '../query';
import { keyOf, parseSort, pathValues, sortDocuments } from '../values';
import { collectionArg, CommandContext, cursorReply, evalOptions, optionalDoc, optionalInt } from './context';

export interface QueryOptions {
  filter?: Doc;
  sort?: Doc;
  skip?: number;
  limit?: number;
  eval?: EvalOptions;
}

/** A top-level field compared for plain equality to a scalar or document (usable for a direct lookup). */
function equalityOn(filter: Doc | undefined, field: string): { value: unknown } | undefined {
  if (!filter || !Object.prototype.hasOwnProperty.call(filter, field)) return undefined;
  const value = filter[field];
  if (value === null || value === undefined || value instanceof RegExp || Array.isArray(value))
    return undefined;
  if (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'))) return undefined;
  return { value };
}

/** Candidate documents: a direct lookup by _id or a unique index when the filter allows, else a scan. */
function candidates(view: CollectionView, filter: Doc | undefined): Iterable<Doc> {
  const byId = equalityOn(filter, '_id');
  if (byId) {
    const doc = view.get(byId.value);
    return doc ? [doc] : [];
  }
  if (filter) {
    for (const field of Object.keys(filter)) {
      if (field.startsWith('$')) continue;
      const equal = equalityOn(filter, field);
      const found = equal && view.lookupUnique(field, equal.value);
      if (found) return found;
    }
  }
  return view.scan();
}

/** The documents a query selects, sorted, skipped and limited (stored documents, not copies). */
export function queryDocuments(view: CollectionView, options: QueryOptions): Doc[] {
  const matcher = compileFilter(options.filter, options.eval);
  const sorted = options.sort !== undefined && Object.keys(options.sort).length > 0;
  const skip = options.skip ?? 0;
  if (skip < 0) throw new CommandError(ErrorCode.BadValue, 'skip value must be non-negative');
  const limit = options.limit ?? 0;
  // Without a sort, scanning can stop as soon as the page is full.
  const enough = !sorted && limit > 0 ? skip + limit : Infinity;
  let docs: Doc[] = [];
  for (const doc of candidates(view, options.filter)) {
    if (!matcher(doc)) continue;
    docs.push(doc);
    if (docs.length >= enough) break;
  }
  const sort = options.sort;
  if (sort && sorted) {
    const natural = toNumber(sort.$natural);
    if (natural !== undefined) {
      if (natural < 0) docs.reverse();
    } else {
      const spec = parseSort(Object.fromEntries(Object.entries(sort).filter(([, v]) => !isPlainObject(v))));
      if (spec) docs = sortDocuments(docs, spec, collatorFor(options.eval?.collation));
    }
  }
  if (skip > 0 || limit > 0) docs = docs.slice(skip, limit > 0 ? skip + limit : undefined);
  return docs;
}

export function find(ctx: CommandContext): Doc {
  const coll = collectionArg(ctx);
  const filter = optionalDoc(ctx, 'filter');
  const sort = optionalDoc(ctx, 'sort');
  let limit = optionalInt(ctx, 'limit');
  const skip = optionalInt(ctx, 'skip');
  const batchSize = optionalInt(ctx, 'batchSize');
  let singleBatch = truthy(ctx.body.singleBatch);
  if (limit !== undefined && limit < 0) {
    limit = -limit;
    singleBatch = true;
  }
  if (batchSize !== undefined && batchSize < 0) {
    throw new CommandError(
      ErrorCode.BadValue,
      `BSON field 'batchSize' value must be >= 0, actual value '${batchSize}'`,
    );
  }
  const options = evalOptions(ctx);
  const projection = compileProjection(ctx.body.projection, filter, options);
  const view = ctx.access.collection(ctx.db, coll);
  const matched = queryDocuments(view, { filter, sort, skip, limit, eval: options });
  const docs = projection ? projection.apply(matched) : matched;
  const ns = `${ctx.db}.${coll}`;
  const first = batchSize === 0 ? [] : takeBatch(docs, 0, batchSize ?? DEFAULT_FIRST_BATCH);
  if (singleBatch || first.length >= docs.length) return cursorReply(ns, 0, first, true);
  const cursor = ctx.core.cursors.open(ns, ctx.session?.key, {
    docs,
    noTimeout: truthy(ctx.body.noCursorTimeout),
  });
  cursor.offset = first.length;
  return cursorReply(ns, cursor.id, first, true);
}

export function count(ctx: CommandContext): Doc {
  const coll = collectionArg(ctx);
  const query = optionalDoc(ctx, 'query');
  const limit = Math.abs(optionalInt(ctx, 'limit') ?? 0);
  const skip = optionalInt(ctx, 'skip');
  const view = ctx.access.collection(ctx.db, coll);
  let n: number;
  if (!query || Object.keys(query).length === 0) {
    n = Math.max(0, view.count() - (skip ?? 0));
    if (limit > 0) n = Math.min(n, limit);
  } else {
    n = queryDocuments(view, { filter: query, skip, limit, eval: evalOptions(ctx) }).length;
  }
  return { n, ok: 1 };
}

export function distinct(ctx: CommandContext): Doc {
  const coll = collectionArg(ctx);
  const key = ctx.body.key;
  if (typeof key !== 'string') {
    throw new CommandError(
      ErrorCode.TypeMismatch,
      "BSON field 'distinct.key' is the wrong type, expected type 'string'",
    );
  }
  if (key === '')
    throw new CommandError(ErrorCode.BadValue, 'FieldPath cannot be constructed with empty string');
  const query = optionalDoc(ctx, 'query');
  const view = ctx.access.collection(ctx.db, coll);
  const docs = queryDocuments(view, { filter: query, eval: evalOptions(ctx) });
  const parts = key.split('.');
  const seen = new Set<string>();
  const values: unknown[] = [];
  const add = (value: unknown) => {
    const k = keyOf(value);
    if (seen.has(k)) return;
    seen.add(k);
    values.push(value);
  };
  for (const doc of docs) {
    for (const value of pathValues(doc, parts)) {
      if (Array.isArray(value)) value.forEach(add);
      else add(value);
    }
  }
  return { values, ok: 1 };
}
