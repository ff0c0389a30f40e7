import type { ObjectId } from 'mongodb';

/** Bookkeeping fields every editable document carries. */
export interface VersionedFields {
  version: number;
  createdAt: Date;
  updatedAt: Date;
  updatedBy: ObjectId | null;
}

export function newVersionedFields(userId: ObjectId | null, now = new Date()): VersionedFields {
  return { version: 1, createdAt: now, updatedAt: now, updatedBy: userId };
}

/** The fields of `patch` whose values differ from `current`, as before/after pairs for a revision. */
export function changedFields<T extends object>(
  current: T,
  patch: Partial<T>,
): { before: Partial<T>; after: Partial<T> } {
  const before: Partial<T> = {};
  const after: Partial<T> = {};
  for (const key of Object.keys(patch) as (keyof T)[]) {
    const next = patch[key];
    if (next === undefined) continue;
    if (!sameValue(current[key], next)) {
      before[key] = current[key];
      after[key] = next;
    }
  }
  return { before, after };
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (typeof a === 'object' && typeof b === 'object') {
    const aId = (a as { toHexString?: () => string }).toHexString?.();
    const bId = (b as { toHexString?: () => string }).toHexString?.();
    if (aId !== undefined && bId !== undefined) return aId === bId;
    return JSON.stringify(a) === JSON.stringify(b);
  }
  return false;
}
