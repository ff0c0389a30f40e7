// Counting through an index. When an index scan's bounds say everything the filter asks (every condition
// is an equality, $in or range on a field the scan bounds, the index holds no arrays, and the committed
// state is read), the keys in bounds are the answer: they are counted without fetching a document, as
// MongoDB's COUNT_SCAN does. Otherwise the plan's candidates are fetched and matched, with no ordering.
import { ObjectId } from 'bson';
import { CollectionView } from './access';
import { bsonTag, Doc, isPlainObject } from './bson';
import { bracketOf, cartesian, IndexScanPlan, QueryPlan, runPlan, scanInterval } from './planner';
import { Matcher } from './query';
import { compareValues, keyOf } from './values';

export interface PlanCount {
  n: number;
  /** Counted from index keys alone (MongoDB's COUNT_SCAN): no document was fetched. */
  keysOnly: boolean;
  keysExamined: number;
  docsExamined: number;
}

/** A value an index key holds exactly as the filter's equality means it (no null: it also matches missing). */
function isExactPoint(value: unknown): boolean {
  if (typeof value === 'string' || typeof value === 'boolean' || value instanceof Date) return true;
  if (typeof value === 'number') return !Number.isNaN(value);
  if (value instanceof ObjectId) return true;
  const tag = bsonTag(value);
  return tag === 'ObjectId' || tag === 'Int32' || tag === 'Long';
}

function isExactEquality(condition: unknown): boolean {
  if (!isPlainObject(condition)) return isExactPoint(condition);
  const operators = Object.keys(condition);
  if (operators.length !== 1) return false;
  if (operators[0] === '$eq') return isExactPoint(condition.$eq);
  const $in = condition.$in;
  return operators[0] === '$in' && Array.isArray($in) && $in.every(isExactPoint);
}

const LOWER = new Set(['$gt', '$gte']);
const UPPER = new Set(['$lt', '$lte']);

/** A range the planner's bounds hold entirely: at most one lower and one upper bound, each exact. */
function isExactRange(condition: unknown): boolean {
  if (!isPlainObject(condition)) return false;
  const operators = Object.keys(condition);
  const lower = operators.filter((op) => LOWER.has(op));
  const upper = operators.filter((op) => UPPER.has(op));
  if (lower.length > 1 || upper.length > 1 || lower.length + upper.length !== operators.length) return false;
  const values = operators.map((op) => condition[op]);
  if (!values.every(isExactPoint)) return false;
  // Ranges stay within one type bracket; a bound of another bracket would be left unapplied.
  const brackets = new Set(values.map(bracketOf));
  return brackets.size === 1 && !brackets.has(undefined);
}

/** Whether every entry an index scan finds matches the filter, so that counting its keys counts matches. */
export function boundsAreExact(view: CollectionView, plan: IndexScanPlan, filter: Doc | undefined): boolean {
  if (view.extraCandidates !== undefined || plan.index.multikey) return false;
  const fields = plan.index.fieldNames;
  const equalityFields = new Set(fields.slice(0, plan.points.length));
  const rangeField = plan.range && plan.range.prefix === undefined ? fields[plan.points.length] : undefined;
  const partial = plan.index.partialFilter;
  for (const [field, condition] of Object.entries(filter ?? {})) {
    if (equalityFields.has(field) && isExactEquality(condition)) continue;
    if (field === rangeField && isExactRange(condition)) continue;
    // The index holds only documents its partial filter admits: the same condition is met by every entry.
    if (partial && field in partial && keyOf(partial[field]) === keyOf(condition)) continue;
    return false;
  }
  return true;
}

/** Counts what a plan selects, from index keys alone when its bounds are exact. */
export function countPlan(
  view: CollectionView,
  plan: QueryPlan,
  filter: Doc | undefined,
  matcher: Matcher,
): PlanCount {
  if (plan.kind === 'ixscan' && boundsAreExact(view, plan, filter)) {
    return countKeys(plan);
  }
  const run = runPlan(view, plan, matcher, Infinity, false);
  return {
    n: run.docs.length,
    keysOnly: false,
    keysExamined: run.keysExamined,
    docsExamined: run.docsExamined,
  };
}

function countKeys(plan: IndexScanPlan): PlanCount {
  const counter = { keys: 0 };
  let n = 0;
  // Equal points ($in: [1, 1.0]) would visit the same keys twice; without arrays each document has one key.
  const points = plan.points.map((list) => dedupeValues(list));
  for (const prefix of cartesian(points)) {
    for (const _entry of scanInterval(plan, prefix, 1, counter)) n += 1;
  }
  return { n, keysOnly: true, keysExamined: counter.keys, docsExamined: 0 };
}

function dedupeValues(values: unknown[]): unknown[] {
  const sorted = [...values].sort(compareValues);
  return sorted.filter((value, i) => i === 0 || compareValues(value, sorted[i - 1]) !== 0);
}
