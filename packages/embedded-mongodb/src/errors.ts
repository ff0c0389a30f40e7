// Server error codes and the error type every command layer failure is expressed with.

export const ErrorCode = {
  InternalError: 1,
  BadValue: 2,
  NoSuchKey: 4,
  Unauthorized: 13,
  FailedToParse: 9,
  TypeMismatch: 14,
  AuthenticationFailed: 18,
  IllegalOperation: 20,
  InvalidBSON: 22,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  MaxTimeMSExpired: 50,
  DollarPrefixedFieldName: 52,
  InvalidIdField: 53,
  NotSingleValueField: 54,
  EmptyFieldName: 56,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  ShutdownInProgress: 91,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  WriteConflict: 112,
  ConflictingOperationInProgress: 117,
  DocumentValidationFailure: 121,
  InvalidIndexSpecificationOption: 197,
  CommandFailed: 125,
  CommandNotSupportedOnView: 166,
  InvalidPipelineOperator: 168,
  ConversionFailure: 241,
  TransactionTooOld: 225,
  NoSuchTransaction: 251,
  TransactionCommitted: 256,
  InvalidResumeToken: 260,
  OperationNotSupportedInTransaction: 263,
  ChangeStreamFatalError: 280,
  ChangeStreamHistoryLost: 286,
  UnsupportedOpQueryCommand: 352,
  Location17419: 17419,
  DuplicateKey: 11000,
  Location31250: 31250,
  Location31253: 31253,
  Location31254: 31254,
  Location40324: 40324,
  Location40414: 40414,
  Location40415: 40415,
  Location40323: 40323,
  Location40602: 40602,
  MergeStageNoMatchingDocument: 13113,
  Location15976: 15976,
  Location40156: 40156,
  Location51246: 51246,
  BSONObjectTooLarge: 10334,
  OutOfDiskSpace: 14031,
  NotImplemented: 238,
  NoMatchingDocument: 47,
  SnapshotTooOld: 239,
  UnknownReplWriteConcern: 79,
  UnsatisfiableWriteConcern: 100,
  FailCommandCloseConnection: 50985,
} as const;

const CODE_NAMES = new Map<number, string>([
  [1, 'InternalError'],
  [2, 'BadValue'],
  [4, 'NoSuchKey'],
  [13, 'Unauthorized'],
  [9, 'FailedToParse'],
  [14, 'TypeMismatch'],
  [18, 'AuthenticationFailed'],
  [20, 'IllegalOperation'],
  [22, 'InvalidBSON'],
  [26, 'NamespaceNotFound'],
  [27, 'IndexNotFound'],
  [28, 'PathNotViable'],
  [40, 'ConflictingUpdateOperators'],
  [43, 'CursorNotFound'],
  [48, 'NamespaceExists'],
  [50, 'MaxTimeMSExpired'],
  [52, 'DollarPrefixedFieldName'],
  [53, 'InvalidIdField'],
  [54, 'NotSingleValueField'],
  [56, 'EmptyFieldName'],
  [59, 'CommandNotFound'],
  [66, 'ImmutableField'],
  [67, 'CannotCreateIndex'],
  [72, 'InvalidOptions'],
  [73, 'InvalidNamespace'],
  [91, 'ShutdownInProgress'],
  [85, 'IndexOptionsConflict'],
  [86, 'IndexKeySpecsConflict'],
  [112, 'WriteConflict'],
  [117, 'ConflictingOperationInProgress'],
  [121, 'DocumentValidationFailure'],
  [197, 'InvalidIndexSpecificationOption'],
  [125, 'CommandFailed'],
  [166, 'CommandNotSupportedOnView'],
  [168, 'InvalidPipelineOperator'],
  [241, 'ConversionFailure'],
  [225, 'TransactionTooOld'],
  [251, 'NoSuchTransaction'],
  [256, 'TransactionCommitted'],
  [260, 'InvalidResumeToken'],
  [263, 'OperationNotSupportedInTransaction'],
  [280, 'ChangeStreamFatalError'],
  [286, 'ChangeStreamHistoryLost'],
  [352, 'UnsupportedOpQueryCommand'],
  [10334, 'BSONObjectTooLarge'],
  [11000, 'DuplicateKey'],
  [14031, 'OutOfDiskSpace'],
  [238, 'NotImplemented'],
  [47, 'NoMatchingDocument'],
  [79, 'UnknownReplWriteConcern'],
  [100, 'UnsatisfiableWriteConcern'],
  [6, 'HostUnreachable'],
  [7, 'HostNotFound'],
  [24, 'LockTimeout'],
  [64, 'WriteConcernFailed'],
  [89, 'NetworkTimeout'],
  [134, 'ReadConcernMajorityNotAvailableYet'],
  [189, 'PrimarySteppedDown'],
  [262, 'ExceededTimeLimit'],
  [9001, 'SocketException'],
  [10107, 'NotWritablePrimary'],
  [11600, 'InterruptedAtShutdown'],
  [11602, 'InterruptedDueToReplStateChange'],
  [13435, 'NotPrimaryNoSecondaryOk'],
  [13436, 'NotPrimaryOrSecondary'],
  [11601, 'Interrupted'],
  [63, 'StaleShardVersion'],
  [133, 'FailedToSatisfyReadPreference'],
  [150, 'StaleEpoch'],
  [234, 'RetryChangeStream'],
  [237, 'CursorKilled'],
  [136, 'CappedPositionLost'],
  [13388, 'StaleConfig'],
  [239, 'SnapshotTooOld'],
  [246, 'SnapshotUnavailable'],
  [267, 'PreparedTransactionInProgress'],
  [13113, 'MergeStageNoMatchingDocument'],
]);

export function codeNameOf(code: number): string {
  return CODE_NAMES.get(code) ?? `Location${code}`;
}

export const TRANSIENT_TRANSACTION_ERROR = 'TransientTransactionError';

/** A failure reported to the client as `{ ok: 0, code, codeName, errmsg, ... }` or as a write error. */
export class CommandError extends Error {
  readonly code: number;
  readonly codeName: string;
  readonly errorLabels: string[];
  /** Extra fields copied into the reply, e.g. keyPattern/keyValue for duplicate keys. */
  readonly details: Record<string, unknown>;

  constructor(
    code: number,
    message: string,
    options: { errorLabels?: string[]; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'CommandError';
    this.code = code;
    this.codeName = codeNameOf(code);
    this.errorLabels = options.errorLabels ?? [];
    this.details = options.details ?? {};
  }

  withLabel(label: string): CommandError {
    if (!this.errorLabels.includes(label)) this.errorLabels.push(label);
    return this;
  }
}

/** An option MongoDB has and the engine does not implement: refused rather than ignored. */
export function notImplemented(what: string): CommandError {
  return new CommandError(ErrorCode.NotImplemented, `${what} is not supported by the embedded engine`);
}

/** Refuses a collation other than the simple (binary) one, the only one the engine compares with. */
export function checkCollation(collation: unknown): void {
  if (collation === undefined || collation === null) return;
  const simple =
    typeof collation === 'object' &&
    !Array.isArray(collation) &&
    (collation as Record<string, unknown>).locale === 'simple';
  if (!simple) throw notImplemented('collation (other than { locale: "simple" })');
}

export function failedToParse(message: string): CommandError {
  return new CommandError(ErrorCode.FailedToParse, message);
}

export function namespaceNotFound(ns: string): CommandError {
  return new CommandError(ErrorCode.NamespaceNotFound, `ns does not exist: ${ns}`);
}

export function writeConflict(): CommandError {
  return new CommandError(
    ErrorCode.WriteConflict,
    'Write conflict during plan execution and yielding is disabled. :: Please retry your operation or multi-document transaction.',
    { errorLabels: [TRANSIENT_TRANSACTION_ERROR] },
  );
}

/** Turns anything thrown while running a command into a CommandError. */
export function toCommandError(error: unknown): CommandError {
  if (error instanceof CommandError) return error;
  if (error instanceof Error) {
    // mingo reports invalid queries, projections and expressions with plain errors.
    if (error.constructor.name === 'MingoError') return new CommandError(ErrorCode.BadValue, error.message);
    if (error instanceof RangeError || error instanceof TypeError) {
      return new CommandError(ErrorCode.BadValue, error.message);
    }
    return new CommandError(ErrorCode.InternalError, error.message);
  }
  return new CommandError(ErrorCode.InternalError, String(error));
}
