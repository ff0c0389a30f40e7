// The pipelines that only count what a leading $match selects: `$count`, or a `$group` on a constant
// summing 1 (what the drivers' countDocuments sends), after any $skip and $limit. They are answered by
// counting (through index keys when the bounds allow) instead of feeding every document to the pipeline.
import { bsonTag, Doc, isPlainObject, toNumber } from '../bson';

export interface CountingStages {
  /** How many stages after the $match the count answers. */
  stages: number;
  /** The documents those stages output for `n` matches (none for zero, as MongoDB's $group and $count). */
  output(n: number): Doc[];
}

function isFieldName(name: unknown): name is string {
  return typeof name === 'string' && name.length > 0 && !name.startsWith('$') && !name.includes('.');
}

function isConstantGroupId(id: unknown): boolean {
  if (id === null || typeof id === 'boolean') return true;
  if (typeof id === 'number') return Number.isFinite(id);
  return typeof id === 'string' && !id.startsWith('$');
}

function isOne(value: unknown): boolean {
  return value === 1 || (bsonTag(value) === 'Int32' && toNumber(value) === 1);
}

function countStage(stage: unknown): ((n: number) => Doc) | undefined {
  if (!isPlainObject(stage)) return undefined;
  if ('$count' in stage && Object.keys(stage).length === 1) {
    const field = stage.$count;
    return isFieldName(field) ? (n) => ({ [field]: n }) : undefined;
  }
  const group = stage.$group;
  if (!isPlainObject(group) || Object.keys(stage).length !== 1) return undefined;
  const fields = Object.keys(group).filter((name) => name !== '_id');
  if (!('_id' in group) || fields.length !== 1 || !isConstantGroupId(group._id)) return undefined;
  const [field] = fields;
  const accumulator = group[field];
  if (!isFieldName(field) || !isPlainObject(accumulator) || Object.keys(accumulator).length !== 1) {
    return undefined;
  }
  if (!isOne(accumulator.$sum)) return undefined;
  return (n) => ({ _id: group._id, [field]: n });
}

/** The count the stages after a leading $match compute, when that is all they do before any other stage. */
export function countingStages(afterMatch: unknown[]): CountingStages | undefined {
  const steps: ((n: number) => number)[] = [];
  for (let i = 0; i < afterMatch.length; i++) {
    const stage = afterMatch[i];
    if (!isPlainObject(stage) || Object.keys(stage).length !== 1) return undefined;
    const amount = '$skip' in stage ? stage.$skip : '$limit' in stage ? stage.$limit : undefined;
    if (amount !== undefined) {
      const k = toNumber(amount);
      // Anything else is left to the pipeline, which reports MongoDB's error for it.
      if (k === undefined || !Number.isInteger(k) || k < 0 || ('$limit' in stage && k === 0))
        return undefined;
      steps.push('$skip' in stage ? (n) => Math.max(0, n - k) : (n) => Math.min(n, k));
      continue;
    }
    const result = countStage(stage);
    if (!result) return undefined;
    return {
      stages: i + 1,
      output: (matched) => {
        const n = steps.reduce((count, step) => step(count), matched);
        return n > 0 ? [result(n)] : [];
      },
    };
  }
  return undefined;
}
