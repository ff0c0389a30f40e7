// getMore and killCursors.
import { Long } from 'bson';
import { Doc, toInteger } from '../bson';
import { cursorKey, takeBatch } from '../cursors';
import { CommandError, ErrorCode } from '../errors';
import { readChangeStream } from './changeStreams';
import { CommandContext, cursorReply } from './context';
import { isResumableChangeStreamCode, RESUMABLE_CHANGE_STREAM_ERROR } from './errorLabels';

export async function getMore(ctx: CommandContext): Promise<Doc> {
  const id = ctx.body.getMore;
  if (cursorKey(id) === undefined) {
    throw new CommandError(
      ErrorCode.TypeMismatch,
      "BSON field 'getMore.getMore' is the wrong type, expected type 'long'",
    );
  }
  const coll = ctx.body.collection;
  if (typeof coll !== 'string') {
    throw new CommandError(
      ErrorCode.TypeMismatch,
      "BSON field 'getMore.collection' is missing but a required field",
    );
  }
  const cursor = ctx.core.cursors.get(id);
  if (!cursor)
    throw new CommandError(ErrorCode.CursorNotFound, `cursor id ${String(cursorKey(id))} not found`);
  if (cursor.ns !== `${ctx.db}.${coll}` && !cursor.ns.endsWith('.$cmd.aggregate')) {
    throw new CommandError(
      ErrorCode.Unauthorized,
      `Requested getMore on namespace '${ctx.db}.${coll}', but cursor belongs to a different namespace ${cursor.ns}`,
    );
  }
  const injected = ctx.core.failPoints?.getMoreError();
  if (injected) {
    // As on the server, a getMore that fails after checking its cursor out leaves the cursor killed.
    ctx.core.cursors.kill(cursor.id);
    if (cursor.stream && isResumableChangeStreamCode(injected.code)) {
      injected.withLabel(RESUMABLE_CHANGE_STREAM_ERROR);
    }
    throw injected;
  }
  if (cursor.stream) return readChangeStream(ctx, cursor, cursor.stream);
  const batchSize = toInteger(ctx.body.batchSize) ?? 0;
  const docs = cursor.docs ?? [];
  const batch = takeBatch(docs, cursor.offset, Math.max(0, batchSize));
  cursor.offset += batch.length;
  const exhausted = cursor.offset >= docs.length;
  if (exhausted) ctx.core.cursors.kill(cursor.id);
  return cursorReply(cursor.ns, exhausted ? 0 : cursor.id, batch, false);
}

export function killCursors(ctx: CommandContext): Doc {
  const ids = ctx.body.cursors;
  if (!Array.isArray(ids)) {
    throw new CommandError(
      ErrorCode.TypeMismatch,
      "BSON field 'killCursors.cursors' is missing but a required field",
    );
  }
  const killed: Long[] = [];
  const notFound: Long[] = [];
  for (const id of ids) {
    const key = cursorKey(id);
    const long = key === undefined ? Long.ZERO : Long.fromString(key);
    (ctx.core.cursors.kill(id) ? killed : notFound).push(long);
  }
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
}
