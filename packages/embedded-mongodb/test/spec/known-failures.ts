/**
 * Unified spec tests that cannot pass here, with why. Keys: "<folder>/<file>" for a whole file, or
 * "<folder>/<file>/<test description>".
 *
 * ENGINE_DIFFERENCES: what the embedded engine does not do as MongoDB does (mostly features it refuses with
 * MongoDB's NotImplemented error). They run as `test.failing`: they never count as passed, and the suite flags
 * any that starts passing so it can be taken off the list. Against a real MongoDB they run as normal tests.
 *
 * NOT_RUNNABLE: tests that need a deployment other than one replica-set member, or that the Node driver (7.x)
 * answers differently from the spec's expectation whatever the server; they are skipped with the reason.
 */
const ENGINE_DIFFERENCES: Record<string, string> = {};
const COLLATION = 'refuses collation (NotImplemented)';
for (const file of [
  'aggregate-collation.json',
  'bulkWrite-collation.json',
  'count-collation.json',
  'deleteMany-collation.json',
  'deleteOne-collation.json',
  'distinct-collation.json',
  'find-collation.json',
  'findOneAndDelete-collation.json',
  'findOneAndReplace-collation.json',
  'findOneAndUpdate-collation.json',
  'replaceOne-collation.json',
  'updateMany-collation.json',
  'updateOne-collation.json',
]) {
  ENGINE_DIFFERENCES[`crud/${file}`] = COLLATION;
}
Object.assign(ENGINE_DIFFERENCES, {
  'crud/estimatedDocumentCount.json/estimatedDocumentCount works correctly on views': 'refuses views',
});

function tests(folderAndFile: string, descriptions: string[], reason: string): void {
  for (const description of descriptions) ENGINE_DIFFERENCES[`${folderAndFile}/${description}`] = reason;
}
tests(
  'change-streams/change-streams-showExpandedEvents.json',
  ['when showExpandedEvents is true, create events on views are reported'],
  'refuses views (CommandNotSupportedOnView)',
);

const DRIVER_WTIMEOUT =
  'the Node driver (7.x) adds wtimeout: 10000 to commitTransaction’s write concern; the spec expects none';
const NOT_RUNNABLE: Record<string, string> = {
  ...Object.fromEntries(
    ['insertOne', 'insertMany', 'bulkWrite'].map((how) => [
      `crud/create-null-ids.json/inserting _id with type null via ${how}`,
      'the Node driver (7.x) replaces `_id: null` with a new ObjectId before sending the document',
    ]),
  ),
  'crud/bypassDocumentValidation.json':
    'the Node driver (7.x) omits bypassDocumentValidation: false; the spec expects it sent',
  'transactions/run-command.json/run command with secondary read preference in client option and primary read preference in transaction options':
    'needs a secondary (one replica-set member here)',
  'transactions/transaction-options.json/readPreference inherited from client':
    'needs a secondary (one replica-set member here)',
  'transactions/delete.json/collection writeConcern ignored for delete': DRIVER_WTIMEOUT,
  'transactions/findOneAndDelete.json/collection writeConcern ignored for findOneAndDelete': DRIVER_WTIMEOUT,
  'transactions/findOneAndReplace.json/collection writeConcern ignored for findOneAndReplace':
    DRIVER_WTIMEOUT,
  'transactions/findOneAndUpdate.json/collection writeConcern ignored for findOneAndUpdate': DRIVER_WTIMEOUT,
  'transactions/insert.json/collection writeConcern ignored for insert': DRIVER_WTIMEOUT,
  'transactions/update.json/collections writeConcern ignored for update': DRIVER_WTIMEOUT,
  'transactions/transaction-options.json/transaction options inherited from defaultTransactionOptions':
    DRIVER_WTIMEOUT,
  'transactions/transaction-options.json/startTransaction options override defaults': DRIVER_WTIMEOUT,
  'transactions/transaction-options.json/transaction options inherited from client': DRIVER_WTIMEOUT,
  'transactions/transaction-options.json/defaultTransactionOptions override client options': DRIVER_WTIMEOUT,
  'transactions/transaction-options.json/readConcern local in defaultTransactionOptions': DRIVER_WTIMEOUT,
  'transactions/transaction-options.json/client writeConcern ignored for bulk': DRIVER_WTIMEOUT,
  'transactions/write-concern.json/commit with majority': DRIVER_WTIMEOUT,
  'transactions/write-concern.json/abort with majority': DRIVER_WTIMEOUT,
};
for (const [file, descriptions] of Object.entries({
  'error-labels-errorLabels.json': [
    'add RetryableWriteError and UnknownTransactionCommitResult labels to writeConcernError ShutdownInProgress',
  ],
  'error-labels.json': [
    'add UnknownTransactionCommitResult label to writeConcernError WriteConcernTimeout',
    'add UnknownTransactionCommitResult label to writeConcernError WriteConcernTimeout with wtimeout',
    'omit UnknownTransactionCommitResult label from writeConcernError UnsatisfiableWriteConcern',
    'omit UnknownTransactionCommitResult label from writeConcernError UnknownReplWriteConcern',
    'add UnknownTransactionCommitResult label to MaxTimeMSExpired',
    'add UnknownTransactionCommitResult label to writeConcernError MaxTimeMSExpired',
  ],
  'retryable-abort-errorLabels.json': [
    'InterruptedAtShutdown',
    'InterruptedDueToReplStateChange',
    'PrimarySteppedDown',
    'ShutdownInProgress',
  ].map((code) => `abortTransaction succeeds after WriteConcernError ${code}`),
  'retryable-abort.json': ['abortTransaction does not retry after WriteConcernError Interrupted'],
  'retryable-commit-errorLabels.json': [
    'InterruptedAtShutdown',
    'InterruptedDueToReplStateChange',
    'PrimarySteppedDown',
    'ShutdownInProgress',
  ].map((code) => `commitTransaction succeeds after WriteConcernError ${code}`),
  'retryable-commit.json': ['commitTransaction is not retried after UnsatisfiableWriteConcern error'],
})) {
  for (const description of descriptions)
    NOT_RUNNABLE[`transactions/${file}/${description}`] = DRIVER_WTIMEOUT;
}

// Older copies of the spec files (drivers vendor them: Debian's golang-mongodb-mongo-driver-dev ships those of
// 2022) still hold expectations the spec has since revised to what the Node driver (7.x) does.
const REVISED_COLLSTATS =
  'written when drivers counted through $collStats; the spec was revised and the Node driver (7.x) sends count';
for (const description of [
  'estimatedDocumentCount uses $collStats on 4.9.0 or greater',
  'estimatedDocumentCount with maxTimeMS on 4.9.0 or greater',
  'estimatedDocumentCount on non-existent collection on 4.9.0 or greater',
  'estimatedDocumentCount errors correctly on 4.9.0 or greater--command error',
  'estimatedDocumentCount errors correctly on 4.9.0 or greater--socket error',
]) {
  NOT_RUNNABLE[`crud/estimatedDocumentCount.json/${description}`] = REVISED_COLLSTATS;
}
const REVISED_UNACKNOWLEDGED_HINT =
  'expects a client-side error for hint on an unacknowledged write, which the spec since allows (MongoDB 4.4+) ' +
  'and the Node driver (7.x) sends';
for (const what of [
  'bulkWrite-delete',
  'bulkWrite-update',
  'deleteMany',
  'deleteOne',
  'findOneAndDelete',
  'findOneAndReplace',
  'findOneAndUpdate',
  'replaceOne',
  'updateMany',
  'updateOne',
]) {
  // The current files require a server older than 4.4 for these tests, so they are never run here anyway.
  NOT_RUNNABLE[`crud/unacknowledged-${what}-hint-clientError.json`] = REVISED_UNACKNOWLEDGED_HINT;
}

function lookup(list: Record<string, string>, folder: string, fileName: string, description: string) {
  return list[`${folder}/${fileName}/${description}`] ?? list[`${folder}/${fileName}`];
}

/** Why the embedded engine is known to fail this test, or undefined. */
export function knownEngineDifference(
  folder: string,
  fileName: string,
  description: string,
): string | undefined {
  return lookup(ENGINE_DIFFERENCES, folder, fileName, description);
}

/** Why this test cannot be run faithfully with this driver on one replica-set member, or undefined. */
export function notRunnable(folder: string, fileName: string, description: string): string | undefined {
  return lookup(NOT_RUNNABLE, folder, fileName, description);
}
