// Databases and collections: create, drop, dropDatabase, renameCollection, collMod, listDatabases,
// listCollections, and the size statistics (collStats, dbStats, $collStats).
import { bsonSize, Doc, isPlainObject, truthy } from '../bson';
import { checkCollation, CommandError, ErrorCode, namespaceNotFound, notImplemented } from '../errors';
import { compileFilter } from '../query';
import { CollectionState } from '../storage/collection';
import { idIndexSpec } from '../storage/indexes';
import {
  CommandContext,
  collectionArg,
  cursorReply,
  validCollectionName,
  validDatabaseName,
} from './context';
import { GENERIC_ARGUMENTS } from './fields';

function notInTransaction(ctx: CommandContext): void {
  if (ctx.txn) {
    throw new CommandError(
      ErrorCode.OperationNotSupportedInTransaction,
      `Cannot run '${ctx.name}' in a multi-document transaction.`,
    );
  }
}

/** Kinds of collection the engine does not implement: refused rather than made a plain collection. */
const UNSUPPORTED_COLLECTION_KINDS: Record<string, string> = {
  capped: 'capped collections',
  timeseries: 'time series collections',
  clusteredIndex: 'clustered collections',
  expireAfterSeconds: 'expireAfterSeconds on a collection (time series or clustered)',
  encryptedFields: 'Queryable Encryption (encryptedFields)',
};

function refuseUnsupportedKinds(options: Doc): void {
  for (const [option, what] of Object.entries(UNSUPPORTED_COLLECTION_KINDS)) {
    const value = options[option];
    if (value === undefined || value === null || (option === 'capped' && !truthy(value))) continue;
    throw notImplemented(what);
  }
}

/** collMod fields the engine applies; any other collMod option is refused, not ignored. */
const COLLMOD_FIELDS = new Set([
  'collMod',
  'validator',
  'validationLevel',
  'validationAction',
  'changeStreamPreAndPostImages',
  'index',
  ...GENERIC_ARGUMENTS,
]);

/** `changeStreamPreAndPostImages: { enabled: <bool> }`, checked as MongoDB's parser checks it. */
function checkPreAndPostImages(setting: unknown): void {
  if (setting === undefined) return;
  if (!isPlainObject(setting)) {
    throw new CommandError(
      ErrorCode.TypeMismatch,
      "BSON field 'changeStreamPreAndPostImages' is the wrong type, expected type 'object'",
    );
  }
  if (typeof setting.enabled !== 'boolean') {
    throw new CommandError(
      ErrorCode.Location40414,
      "BSON field 'changeStreamPreAndPostImages.enabled' is missing but a required field",
    );
  }
}

export async function create(ctx: CommandContext): Promise<Doc> {
  const coll = collectionArg(ctx);
  validDatabaseName(ctx.db);
  const options: Doc = {};
  for (const [key, value] of Object.entries(ctx.body)) {
    if (key !== 'create' && !GENERIC_ARGUMENTS.has(key)) options[key] = value;
  }
  if (options.viewOn !== undefined) {
    throw new CommandError(
      ErrorCode.CommandNotSupportedOnView,
      'views are not supported by the embedded engine',
    );
  }
  checkCollation(options.collation);
  refuseUnsupportedKinds(options);
  checkPreAndPostImages(options.changeStreamPreAndPostImages);
  if (options.validator !== undefined) {
    if (!isPlainObject(options.validator))
      throw new CommandError(ErrorCode.TypeMismatch, "'validator' must be an object");
    compileFilter(options.validator);
  }
  if (ctx.access.collection(ctx.db, coll).exists) {
    throw new CommandError(ErrorCode.NamespaceExists, `Collection ${ctx.db}.${coll} already exists.`);
  }
  if (ctx.txn) {
    ctx.access.createCollection(ctx.db, coll, options);
    return { ok: 1 };
  }
  const unit = ctx.core.store.begin();
  try {
    unit.createCollection(ctx.db, coll, options);
  } catch (error) {
    unit.rollback();
    throw error;
  }
  await unit.commit();
  return { ok: 1 };
}

export async function drop(ctx: CommandContext): Promise<Doc> {
  notInTransaction(ctx);
  const coll = collectionArg(ctx);
  const state = ctx.core.store.catalog.get(ctx.db, coll);
  if (!state) return { ok: 1 };
  const nIndexesWas = state.indexes.length + 1;
  const unit = ctx.core.store.begin();
  unit.dropCollection(ctx.db, coll);
  await unit.commit();
  return { nIndexesWas, ns: `${ctx.db}.${coll}`, ok: 1 };
}

export async function dropDatabase(ctx: CommandContext): Promise<Doc> {
  notInTransaction(ctx);
  const unit = ctx.core.store.begin();
  if (ctx.core.store.catalog.collections(ctx.db).length > 0) unit.dropDatabase(ctx.db);
  await unit.commit();
  return { dropped: ctx.db, ok: 1 };
}

function splitNamespace(value: unknown, field: string): { db: string; coll: string } {
  if (typeof value !== 'string' || !value.includes('.')) {
    throw new CommandError(ErrorCode.InvalidNamespace, `Invalid ${field} namespace: ${String(value)}`);
  }
  const dot = value.indexOf('.');
  const db = validDatabaseName(value.slice(0, dot));
  return { db, coll: validCollectionName(db, value.slice(dot + 1)) };
}

export async function renameCollection(ctx: CommandContext): Promise<Doc> {
  notInTransaction(ctx);
  const from = splitNamespace(ctx.body.renameCollection, 'source');
  const to = splitNamespace(ctx.body.to, 'target');
  const { catalog } = ctx.core.store;
  if (!catalog.get(from.db, from.coll)) {
    throw new CommandError(
      ErrorCode.NamespaceNotFound,
      `Source collection ${from.db}.${from.coll} does not exist`,
    );
  }
  if (from.db === to.db && from.coll === to.coll) {
    throw new CommandError(ErrorCode.IllegalOperation, "Can't rename a collection to itself");
  }
  const targetExists = catalog.get(to.db, to.coll) !== undefined;
  if (targetExists && !truthy(ctx.body.dropTarget)) {
    throw new CommandError(ErrorCode.NamespaceExists, 'target namespace exists');
  }
  const unit = ctx.core.store.begin();
  if (targetExists) unit.dropCollection(to.db, to.coll);
  unit.renameCollection(from.db, from.coll, to.db, to.coll);
  await unit.commit();
  return { ok: 1 };
}

export async function collMod(ctx: CommandContext): Promise<Doc> {
  notInTransaction(ctx);
  const coll = collectionArg(ctx);
  const state = ctx.core.store.catalog.get(ctx.db, coll);
  if (!state) throw namespaceNotFound(`${ctx.db}.${coll}`);
  checkPreAndPostImages(ctx.body.changeStreamPreAndPostImages);
  const unsupported = Object.keys(ctx.body).find((field) => !COLLMOD_FIELDS.has(field));
  if (unsupported !== undefined) throw notImplemented(`collMod option '${unsupported}'`);
  const options = { ...state.options };
  for (const field of ['validator', 'validationLevel', 'validationAction', 'changeStreamPreAndPostImages']) {
    if (ctx.body[field] !== undefined) options[field] = ctx.body[field];
  }
  if (isPlainObject(options.validator)) compileFilter(options.validator);
  const reply: Doc = {};
  const unit = ctx.core.store.begin();
  try {
    // The modify event describes the command's changes (MongoDB: its fields other than collMod itself).
    const description = Object.fromEntries(
      Object.entries(ctx.body).filter(([field]) => field !== 'collMod' && !GENERIC_ARGUMENTS.has(field)),
    );
    unit.setOptions(ctx.db, coll, options, description);
    const indexChange = ctx.body.index;
    if (isPlainObject(indexChange)) {
      const unsupportedChange = Object.keys(indexChange).find(
        (field) => !['name', 'keyPattern', 'expireAfterSeconds', 'hidden'].includes(field),
      );
      if (unsupportedChange !== undefined)
        throw notImplemented(`collMod index option '${unsupportedChange}'`);
      const index = state.indexes.find((candidate) =>
        typeof indexChange.name === 'string'
          ? candidate.name === indexChange.name
          : JSON.stringify(candidate.spec.key) === JSON.stringify(indexChange.keyPattern),
      );
      if (!index) throw new CommandError(ErrorCode.IndexNotFound, 'cannot find index for collMod');
      const spec = { ...index.spec };
      for (const field of ['expireAfterSeconds', 'hidden']) {
        if (indexChange[field] !== undefined) {
          reply[`${field}_old`] = spec[field];
          spec[field] = indexChange[field];
          reply[`${field}_new`] = indexChange[field];
        }
      }
      unit.dropIndex(ctx.db, coll, index.name, false);
      unit.createIndex(ctx.db, coll, spec, false);
    }
  } catch (error) {
    unit.rollback();
    throw error;
  }
  await unit.commit();
  reply.ok = 1;
  return reply;
}

/** Approximate data size: measured on up to 1000 documents and extrapolated. */
function dataSize(coll: CollectionState): number {
  const count = coll.docs.size;
  if (count === 0) return 0;
  let measured = 0;
  let bytes = 0;
  for (const doc of coll.docs.values()) {
    bytes += bsonSize(doc);
    measured += 1;
    if (measured >= 1000) break;
  }
  return Math.round((bytes / measured) * count);
}

function storageStats(coll: CollectionState | undefined): Doc {
  const count = coll?.docs.size ?? 0;
  const size = coll ? dataSize(coll) : 0;
  const indexNames = coll ? coll.indexSpecs().map((spec) => String(spec.name)) : [];
  const indexSizes: Doc = {};
  for (const name of indexNames) indexSizes[name] = count * 16;
  const totalIndexSize = indexNames.length * count * 16;
  return {
    size,
    count,
    avgObjSize: count > 0 ? Math.round(size / count) : 0,
    storageSize: size,
    freeStorageSize: 0,
    capped: false,
    nindexes: indexNames.length,
    indexDetails: {},
    indexBuilds: [],
    totalIndexSize,
    totalSize: size + totalIndexSize,
    indexSizes,
    scaleFactor: 1,
  };
}

/** The document the $collStats stage produces. */
export function collectionStats(ctx: CommandContext, coll: string, spec: unknown): Doc {
  const state = ctx.core.store.catalog.get(ctx.db, coll);
  if (!state)
    throw new CommandError(ErrorCode.NamespaceNotFound, `Collection [${ctx.db}.${coll}] not found.`);
  const out: Doc = { ns: `${ctx.db}.${coll}`, host: ctx.core.address, localTime: new Date() };
  const options = isPlainObject(spec) ? spec : {};
  if (options.storageStats !== undefined) out.storageStats = storageStats(state);
  if (options.count !== undefined) out.count = state.docs.size;
  if (options.latencyStats !== undefined) {
    const zero = { latency: 0, ops: 0 };
    out.latencyStats = { reads: zero, writes: zero, commands: zero, transactions: zero };
  }
  return out;
}

export function collStats(ctx: CommandContext): Doc {
  const coll = collectionArg(ctx);
  const state = ctx.core.store.catalog.get(ctx.db, coll);
  const stats = storageStats(state);
  return { ns: `${ctx.db}.${coll}`, ...stats, ok: 1 };
}

export function dbStats(ctx: CommandContext): Doc {
  const colls = ctx.core.store.catalog.collections(ctx.db);
  let objects = 0;
  let size = 0;
  let indexes = 0;
  let indexSize = 0;
  for (const coll of colls) {
    const stats = storageStats(coll);
    objects += stats.count as number;
    size += stats.size as number;
    indexes += stats.nindexes as number;
    indexSize += stats.totalIndexSize as number;
  }
  return {
    db: ctx.db,
    collections: colls.length,
    views: 0,
    objects,
    avgObjSize: objects > 0 ? size / objects : 0,
    dataSize: size,
    storageSize: size,
    indexes,
    indexSize,
    totalSize: size + indexSize,
    scaleFactor: 1,
    fsUsedSize: 0,
    fsTotalSize: 0,
    ok: 1,
  };
}

export function listDatabases(ctx: CommandContext): Doc {
  const nameOnly = truthy(ctx.body.nameOnly);
  const filter = isPlainObject(ctx.body.filter) ? compileFilter(ctx.body.filter) : () => true;
  const databases: Doc[] = [];
  let totalSize = 0;
  for (const name of ctx.core.store.catalog.databaseNames().sort()) {
    if (nameOnly) {
      const entry = { name };
      if (filter(entry)) databases.push(entry);
      continue;
    }
    let sizeOnDisk = 0;
    for (const coll of ctx.core.store.catalog.collections(name)) sizeOnDisk += dataSize(coll) + 4096;
    const entry = { name, sizeOnDisk, empty: false };
    if (!filter(entry)) continue;
    totalSize += sizeOnDisk;
    databases.push(entry);
  }
  if (nameOnly) return { databases, ok: 1 };
  return { databases, totalSize, totalSizeMb: Math.floor(totalSize / (1024 * 1024)), ok: 1 };
}

export function listCollections(ctx: CommandContext): Doc {
  const nameOnly = truthy(ctx.body.nameOnly);
  const filter = isPlainObject(ctx.body.filter) ? compileFilter(ctx.body.filter) : () => true;
  const entries: Doc[] = [];
  for (const name of ctx.access.collectionNames(ctx.db).sort()) {
    const view = ctx.access.collection(ctx.db, name);
    const full: Doc = {
      name,
      type: 'collection',
      options: view.options(),
      info: { readOnly: false, ...(view.state ? { uuid: view.state.uuid } : {}) },
      idIndex: idIndexSpec(),
    };
    if (!filter(full)) continue;
    entries.push(nameOnly ? { name, type: 'collection' } : full);
  }
  return cursorReply(`${ctx.db}.$cmd.listCollections`, 0, entries, true);
}
