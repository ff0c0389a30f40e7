// Write commands: insert, update, delete (batches with ordered/unordered semantics) and findAndModify.
import { CollectionView } from '../access';
import {
  bsonSize,
  Doc,
  isBsonRegExp,
  isPlainObject,
  MAX_BSON_SIZE,
  newObjectId,
  toInteger,
  truthy,
} from '../bson';
import { checkCollation, CommandError, ErrorCode, failedToParse, toCommandError } from '../errors';
import { compileProjection } from '../projection';
import { compileFilter, evaluateLetVariables } from '../query';
import {
  applyUpdate,
  buildUpsertDocument,
  idFirst,
  sameDocument,
  updateKind,
  validateUpdate,
} from '../update';
import { queryDocuments } from './find';
import { collectionArg, CommandContext, docArray, evalOptions, optionalDoc } from './context';
import { checkStatementFields } from './fields';

/** How long a plain write waits for a transaction holding its document before aborting it. */
const LOCK_WAIT_MS = 5_000;

/**
 * The wait for a transaction holding one of the documents (re-plan the statement after it), or null when
 * none does. Synchronous when there is nothing to wait for: awaiting anything between reading the matches
 * and writing them would let a concurrent write slip in between and be lost (e.g. two $inc counting once).
 */
function lockWait(ctx: CommandContext, coll: string, docs: Doc[]): Promise<void> | null {
  // A large commit began while this command waited: its writes come after it (see Store.beginLarge).
  const paused = ctx.txn ? undefined : ctx.core.store.writesPaused();
  if (paused) return paused;
  if (docs.length === 0) return null;
  const holder = ctx.access.blocker(
    ctx.db,
    coll,
    docs.map((doc) => doc._id),
  );
  if (!holder) return null;
  ctx.access.checkpoint();
  return ctx.core.txns.waitFor(holder, LOCK_WAIT_MS).then(() => undefined);
}

export function prepareForInsert(doc: Doc): Doc {
  if (!('_id' in doc)) return { _id: newObjectId(), ...doc };
  const id = doc._id;
  if (Array.isArray(id))
    throw new CommandError(ErrorCode.InvalidIdField, "The '_id' value cannot be of type array");
  if (id instanceof RegExp || isBsonRegExp(id)) {
    throw new CommandError(ErrorCode.InvalidIdField, "The '_id' value cannot be of type regex");
  }
  if (id === undefined)
    throw new CommandError(ErrorCode.InvalidIdField, "The '_id' value cannot be undefined");
  const dollarField = dollarPrefixedFieldIn(id);
  if (dollarField !== undefined) {
    throw new CommandError(
      ErrorCode.DollarPrefixedFieldName,
      `_id fields may not contain '$'-prefixed fields: ${dollarField} is not valid for storage.`,
    );
  }
  return idFirst(doc);
}

/** DBRef's fields are the only '$'-prefixed names MongoDB stores inside an _id. */
const DBREF_FIELDS = new Set(['$ref', '$id', '$db']);

/** The first '$'-prefixed field name inside an _id value (at any depth), if any. */
function dollarPrefixedFieldIn(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = dollarPrefixedFieldIn(item);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isPlainObject(value)) return undefined;
  for (const [key, nested] of Object.entries(value)) {
    if (key.startsWith('$') && !DBREF_FIELDS.has(key)) return key;
    const found = dollarPrefixedFieldIn(nested);
    if (found !== undefined) return found;
  }
  return undefined;
}

function checkSize(doc: Doc): void {
  const size = bsonSize(doc);
  if (size > MAX_BSON_SIZE) {
    throw new CommandError(
      ErrorCode.BSONObjectTooLarge,
      `object to insert too large. size in bytes: ${size}, max size: ${MAX_BSON_SIZE}`,
    );
  }
}

/** Enforces the collection's validator (query-style), unless bypassed or turned off. */
function checkValidator(ctx: CommandContext, view: CollectionView, doc: Doc): void {
  const options = view.options();
  const validator = options.validator;
  if (!isPlainObject(validator) || Object.keys(validator).length === 0) return;
  if (options.validationLevel === 'off' || truthy(ctx.body.bypassDocumentValidation)) return;
  if (compileFilter(validator)(doc)) return;
  if (options.validationAction === 'warn') {
    ctx.core.logger.warn(`Document would fail validation in ${view.db}.${view.name}`);
    return;
  }
  throw new CommandError(ErrorCode.DocumentValidationFailure, 'Document failed validation', {
    details: {
      errInfo: { failingDocumentId: doc._id, details: { operatorName: '$and', schemaRulesNotSatisfied: [] } },
    },
  });
}

/** Errors that end the whole command instead of becoming a write error of one statement. */
function isCommandLevel(error: CommandError): boolean {
  return error.code === ErrorCode.WriteConflict || error.errorLabels.length > 0;
}

function writeErrorOf(index: number, error: unknown): Doc {
  const e = toCommandError(error);
  if (isCommandLevel(e)) throw e;
  return { index, code: e.code, errmsg: e.message, ...e.details };
}

function ordered(ctx: CommandContext): boolean {
  return ctx.body.ordered === undefined || truthy(ctx.body.ordered);
}

function finishWriteReply(reply: Doc, writeErrors: Doc[]): Doc {
  if (writeErrors.length > 0) reply.writeErrors = writeErrors;
  reply.ok = 1;
  return reply;
}

export async function insert(ctx: CommandContext): Promise<Doc> {
  const coll = collectionArg(ctx);
  const documents = docArray(ctx, 'documents');
  const writeErrors: Doc[] = [];
  let n = 0;
  for (let i = 0; i < documents.length; i++) {
    try {
      const doc = prepareForInsert(documents[i]);
      checkSize(doc);
      // Re-check after the transaction holding this _id ended.
      for (let wait = lockWait(ctx, coll, [doc]); wait; wait = lockWait(ctx, coll, [doc])) await wait;
      checkValidator(ctx, ctx.access.collection(ctx.db, coll), doc);
      ctx.access.insert(ctx.db, coll, doc);
      n += 1;
    } catch (error) {
      writeErrors.push(writeErrorOf(i, error));
      if (ordered(ctx)) break;
    }
  }
  return finishWriteReply({ n }, writeErrors);
}

interface UpdateCounts {
  n: number;
  nModified: number;
  upserted: Doc[];
}

async function updateOne(ctx: CommandContext, coll: string, stmt: Doc, index: number, counts: UpdateCounts) {
  const q = stmt.q;
  if (!isPlainObject(q)) throw failedToParse("BSON field 'update.updates.q' is missing but a required field");
  const u = stmt.u;
  if (u === undefined) throw failedToParse("BSON field 'update.updates.u' is missing but a required field");
  const multi = truthy(stmt.multi);
  const upsert = truthy(stmt.upsert);
  validateUpdate(u, multi);
  const arrayFilters = Array.isArray(stmt.arrayFilters) ? stmt.arrayFilters.filter(isPlainObject) : undefined;
  checkCollation(stmt.collation);
  const commandOptions = evalOptions(ctx);
  const evaluation = {
    ...commandOptions,
    collation: stmt.collation ?? ctx.body.collation,
    variables: isPlainObject(stmt.c) ? evaluateLetVariables(stmt.c) : commandOptions.variables,
  };
  let view: CollectionView;
  let matches: Doc[];
  for (;;) {
    view = ctx.access.collection(ctx.db, coll);
    matches = queryDocuments(view, {
      filter: q,
      limit: multi ? 0 : 1,
      eval: evaluation,
      hint: stmt.hint,
    });
    const wait = lockWait(ctx, coll, matches);
    if (!wait) break;
    await wait;
  }

  const updateOptions = { ...evaluation, filter: q, arrayFilters, now: () => ctx.core.store.clock.tick() };
  if (matches.length === 0) {
    if (!upsert) return;
    const doc = prepareForInsert(buildUpsertDocument(q, u, updateOptions));
    checkSize(doc);
    checkValidator(ctx, view, doc);
    ctx.access.insert(ctx.db, coll, doc);
    counts.n += 1;
    counts.upserted.push({ index, _id: doc._id });
    return;
  }
  const kind = updateKind(u) === 'replacement' ? 'replace' : 'update';
  for (const doc of matches) {
    const updated = applyUpdate(doc, u, updateOptions);
    if (!sameDocument(doc, updated)) {
      checkSize(updated);
      checkValidator(ctx, view, updated);
      ctx.access.replace(ctx.db, coll, updated, kind);
      counts.nModified += 1;
    }
    counts.n += 1;
  }
}

export async function update(ctx: CommandContext): Promise<Doc> {
  const coll = collectionArg(ctx);
  const updates = docArray(ctx, 'updates');
  // MongoDB 7.0, the version the engine reports, has no `sort` on update statements (8.0 added it): refused
  // with the rest of the command, as the server's parser refuses any field it does not know.
  checkStatementFields('update', 'updates', updates);
  const counts: UpdateCounts = { n: 0, nModified: 0, upserted: [] };
  const writeErrors: Doc[] = [];
  for (let i = 0; i < updates.length; i++) {
    try {
      await updateOne(ctx, coll, updates[i], i, counts);
    } catch (error) {
      writeErrors.push(writeErrorOf(i, error));
      if (ordered(ctx)) break;
    }
  }
  const reply: Doc = { n: counts.n, nModified: counts.nModified };
  if (counts.upserted.length > 0) reply.upserted = counts.upserted;
  return finishWriteReply(reply, writeErrors);
}

async function deleteOne(ctx: CommandContext, coll: string, stmt: Doc): Promise<number> {
  const q = stmt.q;
  if (!isPlainObject(q)) throw failedToParse("BSON field 'delete.deletes.q' is missing but a required field");
  const limit = toInteger(stmt.limit) ?? 0;
  if (limit !== 0 && limit !== 1) {
    throw new CommandError(
      ErrorCode.FailedToParse,
      'The limit field in delete objects must be 0 or 1. Got ' + limit,
    );
  }
  checkCollation(stmt.collation);
  const evaluation = { ...evalOptions(ctx), collation: stmt.collation ?? ctx.body.collation };
  let matches: Doc[];
  for (;;) {
    matches = queryDocuments(ctx.access.collection(ctx.db, coll), {
      filter: q,
      limit,
      eval: evaluation,
      hint: stmt.hint,
    });
    const wait = lockWait(ctx, coll, matches);
    if (!wait) break;
    await wait;
  }
  for (const doc of matches) ctx.access.remove(ctx.db, coll, doc._id);
  return matches.length;
}

export async function remove(ctx: CommandContext): Promise<Doc> {
  const coll = collectionArg(ctx);
  const deletes = docArray(ctx, 'deletes');
  checkStatementFields('delete', 'deletes', deletes);
  const writeErrors: Doc[] = [];
  let n = 0;
  for (let i = 0; i < deletes.length; i++) {
    try {
      n += await deleteOne(ctx, coll, deletes[i]);
    } catch (error) {
      writeErrors.push(writeErrorOf(i, error));
      if (ordered(ctx)) break;
    }
  }
  return finishWriteReply({ n }, writeErrors);
}

export async function findAndModify(ctx: CommandContext): Promise<Doc> {
  const coll = collectionArg(ctx);
  const query = optionalDoc(ctx, 'query') ?? {};
  const sort = optionalDoc(ctx, 'sort');
  const removing = truthy(ctx.body.remove);
  const update = ctx.body.update;
  const returnNew = truthy(ctx.body.new);
  const upsert = truthy(ctx.body.upsert);
  if (removing && update !== undefined) throw failedToParse('Cannot specify both an update and remove=true');
  if (!removing && update === undefined)
    throw failedToParse('Either an update or remove=true must be specified');
  if (removing && upsert) throw failedToParse('Cannot specify both upsert=true and remove=true');
  if (removing && returnNew) {
    throw failedToParse(
      "Cannot specify both new=true and remove=true; 'remove' always returns the deleted document",
    );
  }
  if (update !== undefined) validateUpdate(update, false);
  const evaluation = evalOptions(ctx);
  const projection = compileProjection(ctx.body.fields, query, evaluation);
  const project = (doc: Doc | undefined) => (doc ? (projection ? projection.apply([doc])[0] : doc) : null);

  let view: CollectionView;
  let matches: Doc[];
  for (;;) {
    view = ctx.access.collection(ctx.db, coll);
    matches = queryDocuments(view, { filter: query, sort, limit: 1, eval: evaluation, hint: ctx.body.hint });
    const wait = lockWait(ctx, coll, matches);
    if (!wait) break;
    await wait;
  }
  const [doc] = matches;

  if (removing) {
    if (doc) ctx.access.remove(ctx.db, coll, doc._id);
    return { lastErrorObject: { n: doc ? 1 : 0 }, value: project(doc), ok: 1 };
  }
  const arrayFilters = Array.isArray(ctx.body.arrayFilters)
    ? ctx.body.arrayFilters.filter(isPlainObject)
    : undefined;
  const updateOptions = {
    ...evaluation,
    filter: query,
    arrayFilters,
    now: () => ctx.core.store.clock.tick(),
  };
  if (doc) {
    const updated = applyUpdate(doc, update, updateOptions);
    if (!sameDocument(doc, updated)) {
      checkSize(updated);
      checkValidator(ctx, view, updated);
      ctx.access.replace(ctx.db, coll, updated, updateKind(update) === 'replacement' ? 'replace' : 'update');
    }
    return {
      lastErrorObject: { n: 1, updatedExisting: true },
      value: project(returnNew ? updated : doc),
      ok: 1,
    };
  }
  if (!upsert) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
  const created = prepareForInsert(buildUpsertDocument(query, update, updateOptions));
  checkSize(created);
  checkValidator(ctx, view, created);
  ctx.access.insert(ctx.db, coll, created);
  return {
    lastErrorObject: { n: 1, updatedExisting: false, upserted: created._id },
    value: returnNew ? project(created) : null,
    ok: 1,
  };
}
