// The fields each command takes, as MongoDB 7.0's command parsers (its IDL files) define them: a field a command does not
// know is refused as the server refuses it (40415), and one MongoDB knows but the engine does not apply is
// refused with NotImplemented, so that neither is answered as if it had not been sent.
import { Doc } from '../bson';
import { CommandError, ErrorCode, notImplemented } from '../errors';

/** Fields every command accepts (MongoDB's generic arguments); the engine applies those it needs. */
export const GENERIC_ARGUMENTS: ReadonlySet<string> = new Set([
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
  '$db',
  'maxTimeMS',
  'readConcern',
  'writeConcern',
  'lsid',
  'clientOperationKey',
  'txnNumber',
  'autocommit',
  'startTransaction',
  'stmtId',
  'comment',
  '$readPreference',
  '$clusterTime',
  '$audit',
  '$client',
  '$configServerState',
  'allowImplicitCollectionCreation',
  '$oplogQueryData',
  '$queryOptions',
  '$replData',
  'databaseVersion',
  'shardVersion',
  'tracking_info',
  'coordinator',
  'maxTimeMSOpOnly',
  '$configTime',
  '$topologyTime',
  'txnRetryCounter',
  'mayBypassWriteBlocking',
  '$tenant',
  'expectPrefix',
]);

interface CommandFields {
  /** Fields the engine applies, or may ignore without answering differently from MongoDB. */
  accepted: readonly string[];
  /** Fields MongoDB takes that the engine does not apply: refused with NotImplemented. */
  notApplied?: readonly string[];
}

/**
 * Fields MongoDB 7.0 takes only from its own routers and shards, or for Queryable Encryption and collection
 * UUID checks: the engine applies none of them.
 */
const INTERNAL_OR_UNAPPLIED = ['encryptionInformation', 'collectionUUID', 'isTimeseriesNamespace'];

const WRITE_BASE = ['ordered', 'bypassDocumentValidation', 'stmtIds'];
const WRITE_NOT_APPLIED = ['runtimeConstants', 'bypassEmptyTsReplacement', ...INTERNAL_OR_UNAPPLIED];

const COMMAND_FIELDS: Record<string, CommandFields> = {
  find: {
    accepted: [
      'filter',
      'projection',
      'sort',
      'hint',
      'skip',
      'limit',
      'batchSize',
      'singleBatch',
      'let',
      'collation',
      // Checked by the handler: refused where MongoDB refuses them, NotImplemented otherwise.
      'max',
      'min',
      'returnKey',
      'showRecordId',
      'tailable',
      'awaitData',
      'noCursorTimeout',
      // No effect on one member holding everything in memory.
      'oplogReplay',
      'allowPartialResults',
      'allowDiskUse',
      'readOnce',
      'allowSpeculativeMajorityRead',
      'term',
      'mirrored',
      'sampleId',
    ],
    notApplied: [
      '$_requestResumeToken',
      '$_resumeAfter',
      '$_startAt',
      'runtimeConstants',
      ...INTERNAL_OR_UNAPPLIED,
    ],
  },
  aggregate: {
    accepted: [
      'pipeline',
      'explain',
      'allowDiskUse',
      'cursor',
      'bypassDocumentValidation',
      'collation',
      'hint',
      'let',
      'sampleId',
    ],
    notApplied: [
      'exchange',
      'runtimeConstants',
      'needsMerge',
      'fromMongos',
      '$_requestReshardingResumeToken',
      'isMapReduceCommand',
      '$_passthroughToShard',
      '$_generateV2ResumeTokens',
      '$_externalDataSources',
      '$_isClusterQueryWithoutShardKeyCmd',
      ...INTERNAL_OR_UNAPPLIED,
    ],
  },
  insert: { accepted: ['documents', ...WRITE_BASE], notApplied: WRITE_NOT_APPLIED },
  update: { accepted: ['updates', 'let', ...WRITE_BASE], notApplied: WRITE_NOT_APPLIED },
  delete: { accepted: ['deletes', 'let', ...WRITE_BASE], notApplied: WRITE_NOT_APPLIED },
  findAndModify: {
    accepted: [
      'query',
      'fields',
      'sort',
      'remove',
      'update',
      'new',
      'upsert',
      'bypassDocumentValidation',
      'collation',
      'arrayFilters',
      'hint',
      'let',
      'batchSize',
      'singleBatch',
      'sampleId',
    ],
    notApplied: [
      '$_originalQuery',
      '$_originalCollation',
      '$_allowShardKeyUpdatesWithoutFullShardKeyInQuery',
      ...WRITE_NOT_APPLIED,
    ],
  },
  count: {
    accepted: ['query', 'limit', 'skip', 'hint', 'collation', 'fields', 'mirrored', 'sampleId'],
    notApplied: INTERNAL_OR_UNAPPLIED,
  },
  distinct: {
    // hint arrived in MongoDB 7.1; the engine applies it, as later servers do.
    accepted: ['key', 'query', 'collation', 'hint', 'mirrored', 'sampleId'],
    notApplied: INTERNAL_OR_UNAPPLIED,
  },
  getMore: { accepted: ['collection', 'batchSize', 'term', 'lastKnownCommittedOpTime'] },
  killCursors: { accepted: ['cursors'] },
  createIndexes: {
    // One member: every commit quorum is met when the build is.
    accepted: ['v', 'indexes', 'commitQuorum', 'returnOnStart'],
    notApplied: ['ignoreUnknownIndexOptions', ...INTERNAL_OR_UNAPPLIED],
  },
  listIndexes: {
    accepted: ['cursor', 'includeBuildUUIDs', 'includeIndexBuildInfo'],
    notApplied: INTERNAL_OR_UNAPPLIED,
  },
  dropIndexes: { accepted: ['index'], notApplied: INTERNAL_OR_UNAPPLIED },
  drop: { accepted: [], notApplied: INTERNAL_OR_UNAPPLIED },
  listCollections: {
    accepted: ['filter', 'nameOnly', 'authorizedCollections', 'cursor', 'includePendingDrops'],
  },
  create: {
    // The handler refuses the kinds of collection it does not implement (capped, views, time series, …).
    accepted: [
      'capped',
      'size',
      'max',
      'storageEngine',
      'validator',
      'validationLevel',
      'validationAction',
      'indexOptionDefaults',
      'viewOn',
      'pipeline',
      'collation',
      'changeStreamPreAndPostImages',
      'timeseries',
      'clusteredIndex',
      'expireAfterSeconds',
      'encryptedFields',
      'idIndex',
      'autoIndexId',
      'temp',
      'flags',
    ],
  },
  explain: { accepted: ['verbosity'] },
  commitTransaction: { accepted: ['recoveryToken'], notApplied: ['commitTimestamp'] },
  abortTransaction: { accepted: ['recoveryToken'] },
  endSessions: { accepted: [] },
};
COMMAND_FIELDS.findandmodify = COMMAND_FIELDS.findAndModify;
COMMAND_FIELDS.deleteIndexes = COMMAND_FIELDS.dropIndexes;

interface FieldCheck {
  accepted: ReadonlySet<string>;
  notApplied: ReadonlySet<string>;
}

const CHECKS: ReadonlyMap<string, FieldCheck> = new Map(
  Object.entries(COMMAND_FIELDS).map(([name, fields]) => [
    name,
    { accepted: new Set(fields.accepted), notApplied: new Set(fields.notApplied ?? []) },
  ]),
);

/**
 * Refuses a command carrying a field its MongoDB parser does not know (40415, as the server words it) or one
 * the engine does not apply (NotImplemented). Commands not listed take what their handlers read.
 */
export function checkCommandFields(name: string, body: Doc): void {
  const check = CHECKS.get(name);
  if (!check) return;
  let first = true;
  for (const field of Object.keys(body)) {
    // The first field is the command itself.
    if (first) {
      first = false;
      continue;
    }
    if (check.accepted.has(field) || GENERIC_ARGUMENTS.has(field)) continue;
    if (check.notApplied.has(field)) throw notImplemented(`${name} option '${field}'`);
    throw new CommandError(ErrorCode.Location40415, `BSON field '${name}.${field}' is an unknown field.`);
  }
}

/** The fields of one update or delete statement (MongoDB 7.0: no `sort` on updates, which 8.0 added). */
const STATEMENT_FIELDS: Record<'updates' | 'deletes', FieldCheck> = {
  updates: {
    accepted: new Set([
      'q',
      'u',
      'c',
      'arrayFilters',
      'hint',
      'multi',
      'upsert',
      'upsertSupplied',
      'collation',
    ]),
    notApplied: new Set(['sampleId', '$_allowShardKeyUpdatesWithoutFullShardKeyInQuery']),
  },
  deletes: {
    accepted: new Set(['q', 'limit', 'hint', 'collation']),
    notApplied: new Set(['sampleId']),
  },
};

/** Refuses the whole command when one of its statements has a field MongoDB's parser would refuse. */
export function checkStatementFields(command: string, list: 'updates' | 'deletes', statements: Doc[]): void {
  const check = STATEMENT_FIELDS[list];
  for (const statement of statements) {
    for (const field of Object.keys(statement)) {
      if (check.accepted.has(field)) continue;
      if (check.notApplied.has(field)) throw notImplemented(`${command} statement field '${field}'`);
      throw new CommandError(
        ErrorCode.Location40415,
        `BSON field '${command}.${list}.${field}' is an unknown field.`,
      );
    }
  }
}
