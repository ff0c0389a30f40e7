// Read commands: find, count, distinct (and the query helper the write commands share).
import { CollectionView } from '../access';
import { Doc, isPlainObject, toNumber, truthy } from '../bson';
import { DEFAULT_FIRST_BATCH, takeBatch } from '../cursors';
import { CommandError, ErrorCode, notImplemented } from '../errors';
import { compileProjection } from '../projection';
import { collatorFor, compileFilter, EvalOptions } from '../query';
import { countPlan, PlanCount } from '../counting';
import { choosePlan, QueryPlan, runPlan } from '../planner';
import { keyOf, parseSort, pathValues, sortDocuments } from '../values';
import { collectionArg, CommandContext, cursorReply, evalOptions, optionalDoc, optionalInt } from './context';

export interface QueryOptions {
  filter?: Doc;
  sort?: Doc;
  skip?: number;
  limit?: number;
  eval?: EvalOptions;
  /** An index name or key pattern the query must use. */
  hint?: unknown;
}

export interface QueryResult {
  docs: Doc[];
  plan: QueryPlan;
  /** The plan's documents were sorted in memory (the index did not give the order). */
  sortedInMemory: boolean;
  keysExamined: number;
  docsExamined: number;
}

/** The documents a query selects, sorted, skipped and limited (stored documents, not copies). */
export function queryDocuments(view: CollectionView, options: QueryOptions): Doc[] {
  return runQuery(view, options).docs;
}

/** queryDocuments, with the plan it used and what that plan examined (for explain). */
export function runQuery(view: CollectionView, options: QueryOptions): QueryResult {
  const matcher = compileFilter(options.filter, options.eval);
  const skip = options.skip ?? 0;
  if (skip < 0) throw new CommandError(ErrorCode.BadValue, 'skip value must be non-negative');
  const limit = options.limit ?? 0;
  const sort = options.sort;
  const sorted = sort !== undefined && Object.keys(sort).length > 0;
  const natural = sorted ? toNumber(sort.$natural) : undefined;
  const spec =
    sorted && natural === undefined
      ? parseSort(Object.fromEntries(Object.entries(sort).filter(([, v]) => !isPlainObject(v))))
      : undefined;
  const plan =
    natural !== undefined
      ? ({ kind: 'collscan' } as const)
      : choosePlan(view, options.filter, spec, options.hint);
  // Without a sort (or with one the index gives), the scan can stop as soon as the page is full.
  const pageEnd = limit > 0 ? skip + limit : Infinity;
  const indexSorts = plan.kind === 'ixscan' && plan.sortDirection !== undefined;
  const run = runPlan(view, plan, matcher, !sorted || indexSorts ? pageEnd : Infinity);
  let docs = run.docs;
  let sortedInMemory = false;
  if (natural !== undefined) {
    if (natural < 0) docs.reverse();
  } else if (spec && !run.sorted) {
    docs = sortDocuments(docs, spec, collatorFor(options.eval?.collation));
    sortedInMemory = true;
  }
  if (skip > 0 || limit > 0) docs = docs.slice(skip, limit > 0 ? skip + limit : undefined);
  return {
    docs,
    plan,
    sortedInMemory,
    keysExamined: run.keysExamined,
    docsExamined: run.docsExamined,
  };
}

/**
 * find options the engine does not apply: refused as MongoDB 7.0 refuses them where it would (tailable
 * cursors need a capped collection, which the engine does not have; maxScan was removed in 4.2), and with
 * NotImplemented otherwise, rather than answered as if they were not there.
 */
function refuseUnappliedFindOptions(ctx: CommandContext, coll: string): void {
  if (truthy(ctx.body.tailable)) {
    throw new CommandError(
      ErrorCode.BadValue,
      `error processing query: ns=${ctx.db}.${coll} :: caused by :: tailable cursor requested on non capped collection`,
    );
  }
  if (ctx.body.maxScan !== undefined) {
    throw new CommandError(ErrorCode.Location40415, "BSON field 'find.maxScan' is an unknown field.");
  }
  for (const option of ['min', 'max', 'returnKey', 'showRecordId']) {
    const value = ctx.body[option];
    if (value === undefined || value === false || (isPlainObject(value) && Object.keys(value).length === 0)) {
      continue;
    }
    throw notImplemented(`find option '${option}'`);
  }
}

export function find(ctx: CommandContext): Doc {
  const coll = collectionArg(ctx);
  refuseUnappliedFindOptions(ctx, coll);
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
  const matched = queryDocuments(view, { filter, sort, skip, limit, eval: options, hint: ctx.body.hint });
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

export interface CountResult extends PlanCount {
  /** How the documents were counted; undefined when the collection's size answered. */
  plan: QueryPlan | undefined;
}

/** How many documents a query selects, after skip and limit (see counting.ts). */
export function countDocuments(view: CollectionView, options: QueryOptions): CountResult {
  const skip = options.skip ?? 0;
  if (skip < 0) throw new CommandError(ErrorCode.BadValue, 'skip value must be non-negative');
  const limit = Math.abs(options.limit ?? 0);
  const filter = options.filter;
  const hinted = options.hint !== undefined && options.hint !== null && options.hint !== '';
  let counted: CountResult;
  if (!hinted && (!filter || Object.keys(filter).length === 0)) {
    counted = { n: view.count(), plan: undefined, keysOnly: true, keysExamined: 0, docsExamined: 0 };
  } else {
    const matcher = compileFilter(filter, options.eval);
    const plan = choosePlan(view, filter, undefined, options.hint);
    counted = { ...countPlan(view, plan, filter, matcher), plan };
  }
  counted.n = Math.max(0, counted.n - skip);
  if (limit > 0) counted.n = Math.min(counted.n, limit);
  return counted;
}

export function count(ctx: CommandContext): Doc {
  const view = ctx.access.collection(ctx.db, collectionArg(ctx));
  const { n } = countDocuments(view, {
    filter: optionalDoc(ctx, 'query'),
    skip: optionalInt(ctx, 'skip'),
    limit: optionalInt(ctx, 'limit'),
    eval: evalOptions(ctx),
    hint: ctx.body.hint,
  });
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
