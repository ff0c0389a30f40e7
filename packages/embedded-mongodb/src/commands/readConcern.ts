// readConcern.atClusterTime: the engine keeps no history of committed versions outside open transactions,
// so it can read "as of" a cluster time only when nothing was written since. Earlier times are refused as
// MongoDB refuses a time older than its history window (SnapshotTooOld), never answered with newer data.
import { Timestamp } from 'bson';
import { isPlainObject } from '../bson';
import type { EngineCore } from '../core';
import { CommandError, ErrorCode } from '../errors';

export function checkReadAtClusterTime(core: EngineCore, readConcern: unknown): void {
  if (!isPlainObject(readConcern) || readConcern.atClusterTime === undefined) return;
  const requested = readConcern.atClusterTime;
  if (!(requested instanceof Timestamp)) {
    throw new CommandError(
      ErrorCode.TypeMismatch,
      "BSON field 'readConcern.atClusterTime' is the wrong type, expected type 'timestamp'",
    );
  }
  if (readConcern.level !== 'snapshot') {
    throw new CommandError(
      ErrorCode.InvalidOptions,
      'readConcern atClusterTime is only valid with readConcern level snapshot',
    );
  }
  const current = core.store.clock.current();
  if (requested.greaterThan(current)) {
    throw new CommandError(
      ErrorCode.InvalidOptions,
      `readConcern atClusterTime value must not be greater than the current clusterTime. Requested clusterTime: ${describe(requested)}; current clusterTime: ${describe(current)}`,
    );
  }
  const lastWrite = lastWriteTime(core) ?? current;
  if (requested.lessThan(lastWrite)) {
    throw new CommandError(
      ErrorCode.SnapshotTooOld,
      `Read timestamp ${describe(requested)} is older than the oldest available timestamp.`,
    );
  }
}

/** The cluster time of the last durable write (undefined when none was made since the start). */
function lastWriteTime(core: EngineCore): Timestamp | undefined {
  const count = core.changes.length;
  return count > 0 ? core.changes.at(count - 1).clusterTime : undefined;
}

function describe(time: Timestamp): string {
  return `Timestamp(${time.t}, ${time.i})`;
}
