// Opening change streams (aggregate with a leading $changeStream) and reading them with getMore.
import { Timestamp } from 'bson';
import { Doc, isPlainObject, toInteger, truthy } from '../bson';
import {
  ChangeStreamCursor,
  checkStreamStages,
  decodeToken,
  historyLost,
  Position,
  Scope,
} from '../changeStreams';
import { Cursor, DEFAULT_FIRST_BATCH } from '../cursors';
import { CommandError, ErrorCode } from '../errors';
import { CommandContext, cursorReply, evalOptions } from './context';

/** How long a getMore on a change stream waits for events when the client gives no maxTimeMS. */
const DEFAULT_AWAIT_MS = 1000;

export function startChangeStream(ctx: CommandContext, coll: string | undefined, stages: Doc[]): Doc {
  if (ctx.txn) {
    throw new CommandError(
      ErrorCode.OperationNotSupportedInTransaction,
      'Cannot run $changeStream in a transaction',
    );
  }
  const spec = stages[0].$changeStream;
  if (!isPlainObject(spec)) {
    throw new CommandError(ErrorCode.TypeMismatch, 'the $changeStream stage takes an object');
  }
  const allForCluster = truthy(spec.allChangesForCluster);
  let scope: Scope;
  if (allForCluster) {
    if (ctx.db !== 'admin' || coll !== undefined) {
      throw new CommandError(
        ErrorCode.InvalidOptions,
        "A $changeStream with 'allChangesForCluster:true' may only be opened on the 'admin' database, and with no collection name",
      );
    }
    scope = { kind: 'cluster' };
  } else if (coll === undefined) {
    if (ctx.db === 'admin') {
      throw new CommandError(
        ErrorCode.InvalidNamespace,
        '$changeStream may not be opened on the internal admin database; use allChangesForCluster: true',
      );
    }
    scope = { kind: 'database', db: ctx.db };
  } else {
    scope = { kind: 'collection', db: ctx.db, coll };
  }
  checkChoice('fullDocument', spec.fullDocument, ['default', 'updateLookup', 'whenAvailable', 'required']);
  checkChoice('fullDocumentBeforeChange', spec.fullDocumentBeforeChange, [
    'off',
    'whenAvailable',
    'required',
  ]);
  const post = stages.slice(1);
  checkStreamStages(post);

  const { store } = ctx.core;
  const log = ctx.core.changes;
  let position: Position = { lsn: store.visibleLsn, index: 0xffffffff, sub: 0 };
  let minTime: Timestamp | undefined;
  const token = spec.resumeAfter ?? spec.startAfter;
  if (spec.resumeAfter !== undefined && spec.startAfter !== undefined) {
    throw new CommandError(
      ErrorCode.BadValue,
      'Do not specify both startAfter and resumeAfter in a $changeStream stage',
    );
  }
  if (token !== undefined) {
    position = decodeToken(token);
    if (spec.resumeAfter !== undefined && position.sub === 1) {
      throw new CommandError(
        ErrorCode.InvalidResumeToken,
        'Attempting to resume a change stream using an invalidate event; use startAfter instead',
      );
    }
    if (position.lsn > store.lsn) throw historyLost();
    if (log.lostAfter(position) || position.lsn < store.startupLsn) throw historyLost();
  } else if (spec.startAtOperationTime !== undefined) {
    if (!(spec.startAtOperationTime instanceof Timestamp)) {
      throw new CommandError(ErrorCode.TypeMismatch, "'startAtOperationTime' must be a Timestamp");
    }
    minTime = spec.startAtOperationTime;
    if (log.lostSince(minTime)) throw historyLost();
    position = { lsn: store.startupLsn, index: 0xffffffff, sub: 0 };
  }

  const stream = new ChangeStreamCursor(
    log,
    store,
    {
      scope,
      fullDocument: typeof spec.fullDocument === 'string' ? spec.fullDocument : 'default',
      fullDocumentBeforeChange:
        typeof spec.fullDocumentBeforeChange === 'string' ? spec.fullDocumentBeforeChange : 'off',
      showExpandedEvents: truthy(spec.showExpandedEvents),
      pipeline: post,
      eval: evalOptions(ctx),
    },
    position,
    minTime,
  );
  const cursorSpec = isPlainObject(ctx.body.cursor) ? ctx.body.cursor : {};
  const batchSize = toInteger(cursorSpec.batchSize) ?? DEFAULT_FIRST_BATCH;
  let first: Doc[];
  try {
    first = batchSize === 0 ? [] : stream.read(batchSize);
  } catch (error) {
    stream.close();
    throw error;
  }
  const ns = coll === undefined ? `${ctx.db}.$cmd.aggregate` : `${ctx.db}.${coll}`;
  if (stream.invalidated) {
    stream.close();
    return cursorReply(ns, 0, first, true, { postBatchResumeToken: stream.resumeToken() });
  }
  const cursor = ctx.core.cursors.open(ns, ctx.session?.key, { stream });
  return cursorReply(ns, cursor.id, first, true, { postBatchResumeToken: stream.resumeToken() });
}

/** getMore on a change stream: returns what is there, or waits up to maxTimeMS for something. */
export async function readChangeStream(
  ctx: CommandContext,
  cursor: Cursor,
  stream: ChangeStreamCursor,
): Promise<Doc> {
  // As MongoDB's getMore, no count unless the client asks for one: a stream behind a bulk write catches up in
  // a few rounds, not one per 101 events. Bounded by size instead (see STREAM_BATCH_BYTES).
  const batchSize = toInteger(ctx.body.batchSize) || Number.POSITIVE_INFINITY;
  const maxTime = toInteger(ctx.body.maxTimeMS) ?? DEFAULT_AWAIT_MS;
  const deadline = Date.now() + maxTime;
  let batch: Doc[];
  try {
    batch = stream.read(batchSize);
    while (batch.length === 0 && !stream.invalidated && !ctx.core.closing) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      await ctx.core.changes.waitForChange(remaining);
      batch = stream.read(batchSize);
    }
  } catch (error) {
    // As MongoDB does, a getMore that fails kills its cursor (a stream that lost its history cannot go on).
    ctx.core.cursors.kill(cursor.id);
    throw error;
  }
  cursor.lastUsed = Date.now();
  const done = stream.invalidated;
  if (done) ctx.core.cursors.kill(cursor.id);
  return cursorReply(cursor.ns, done ? 0 : cursor.id, batch, false, {
    postBatchResumeToken: stream.resumeToken(),
  });
}

function checkChoice(field: string, value: unknown, allowed: string[]): void {
  if (value === undefined || (typeof value === 'string' && allowed.includes(value))) return;
  throw new CommandError(
    ErrorCode.BadValue,
    `Enumeration value '${String(value)}' for field '$changeStream.${field}' is not a valid value.`,
  );
}
