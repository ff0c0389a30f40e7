// The error labels the server attaches to a failed command's reply (MongoDB's error_labels.cpp): drivers
// decide from them whether to retry a write or a whole transaction.
import { Doc, toInteger } from '../bson';
import { TRANSIENT_TRANSACTION_ERROR } from '../errors';

export const RETRYABLE_WRITE_ERROR = 'RetryableWriteError';

/** MongoDB's RetriableError category: the operation may succeed if sent again. */
const RETRIABLE_CODES = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  89, // NetworkTimeout
  91, // ShutdownInProgress
  134, // ReadConcernMajorityNotAvailableYet
  189, // PrimarySteppedDown
  262, // ExceededTimeLimit
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

/** Errors after which the whole transaction can be run again with no lasting effect. */
const TRANSIENT_TRANSACTION_CODES = new Set([
  24, // LockTimeout
  63, // StaleShardVersion
  112, // WriteConflict
  150, // StaleEpoch
  239, // SnapshotTooOld
  246, // SnapshotUnavailable
  249, // StaleDbVersion
  267, // PreparedTransactionInProgress
  13388, // StaleConfig
]);

const NO_SUCH_TRANSACTION = 251;

/** Errors after which a change stream can be resumed from its last token (besides retriable ones). */
const RESUMABLE_CHANGE_STREAM_CODES = new Set([
  63, // StaleShardVersion
  133, // FailedToSatisfyReadPreference
  150, // StaleEpoch
  234, // RetryChangeStream
  13388, // StaleConfig
]);

export const RESUMABLE_CHANGE_STREAM_ERROR = 'ResumableChangeStreamError';

/** Whether a change stream that failed with `code` can be resumed from its last token. */
export function isResumableChangeStreamCode(code: number | undefined): boolean {
  return code !== undefined && (isRetriableCode(code) || RESUMABLE_CHANGE_STREAM_CODES.has(code));
}

export function isRetriableCode(code: number | undefined): boolean {
  return code !== undefined && RETRIABLE_CODES.has(code);
}

/**
 * The labels for a command (`changeStream`: one that opens or continues a change stream) that failed with `code` (undefined when it succeeded) and/or whose reply carries
 * a write concern error with `writeConcernCode`.
 */
export function serverErrorLabels(
  body: Doc,
  commandName: string,
  code: number | undefined,
  writeConcernCode: number | undefined,
  changeStream = false,
): string[] {
  const labels: string[] = [];
  if (changeStream && writeConcernCode === undefined && isResumableChangeStreamCode(code)) {
    labels.push(RESUMABLE_CHANGE_STREAM_ERROR);
  }
  const hasTxnNumber = body.txnNumber !== undefined && toInteger(body.txnNumber) !== undefined;
  const inTransaction = hasTxnNumber && body.autocommit !== undefined;
  const commitOrAbort = commandName === 'commitTransaction' || commandName === 'abortTransaction';
  if (code !== undefined && inTransaction) {
    const transient = commitOrAbort
      ? TRANSIENT_TRANSACTION_CODES.has(code) ||
        (code === NO_SUCH_TRANSACTION && writeConcernCode === undefined)
      : TRANSIENT_TRANSACTION_CODES.has(code) || isRetriableCode(code) || code === NO_SUCH_TRANSACTION;
    if (transient) labels.push(TRANSIENT_TRANSACTION_ERROR);
  }
  const retryableWrite = hasTxnNumber && body.autocommit === undefined;
  if (
    (retryableWrite || (inTransaction && commitOrAbort)) &&
    (isRetriableCode(code) || isRetriableCode(writeConcernCode))
  ) {
    labels.push(RETRYABLE_WRITE_ERROR);
  }
  return labels;
}
