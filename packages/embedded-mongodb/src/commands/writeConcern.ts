// Write concerns on a one-member replica set: w: 0, 1 and 'majority' are met once the write is journaled;
// more members, or a tag set, cannot be met — reported as MongoDB reports it, in the reply's
// writeConcernError (the write itself is applied), rather than silently treated as w: 1.
import { Doc, isPlainObject, toInteger } from '../bson';
import { ErrorCode } from '../errors';

/** Commands that take a write concern. */
const WRITE_CONCERN_COMMANDS = new Set([
  'insert',
  'update',
  'delete',
  'findAndModify',
  'findandmodify',
  'commitTransaction',
  'abortTransaction',
  'create',
  'drop',
  'dropDatabase',
  'createIndexes',
  'dropIndexes',
  'deleteIndexes',
  'renameCollection',
  'collMod',
]);

/** Whether the command's reply reports on its write concern (as a write concern error when unmet). */
export function waitsForWriteConcern(name: string, body: Doc): boolean {
  if (WRITE_CONCERN_COMMANDS.has(name)) return true;
  if (name !== 'aggregate' || !Array.isArray(body.pipeline)) return false;
  const last: unknown = body.pipeline[body.pipeline.length - 1];
  return isPlainObject(last) && ('$out' in last || '$merge' in last);
}

/** The write concern error a one-member replica set reports for `writeConcern`, if it cannot be met. */
export function unmetWriteConcern(writeConcern: unknown): Doc | undefined {
  if (!isPlainObject(writeConcern) || writeConcern.w === undefined) return undefined;
  const w = writeConcern.w;
  const errInfo = { writeConcern: { ...writeConcern, provenance: 'clientSupplied' } };
  if (typeof w === 'string') {
    if (w === 'majority') return undefined;
    return {
      code: ErrorCode.UnknownReplWriteConcern,
      codeName: 'UnknownReplWriteConcern',
      errmsg: `No write concern mode named '${w}' found in replica set configuration`,
      errInfo,
    };
  }
  const members = toInteger(w);
  if (members === undefined || members <= 1) return undefined;
  return {
    code: ErrorCode.UnsatisfiableWriteConcern,
    codeName: 'UnsatisfiableWriteConcern',
    errmsg: 'Not enough data-bearing nodes',
    errInfo,
  };
}
