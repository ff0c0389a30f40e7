// createIndexes, listIndexes, dropIndexes.
import { Doc, isPlainObject } from '../bson';
import { CommandError, ErrorCode, namespaceNotFound } from '../errors';
import { ID_INDEX_NAME, normalizeIndexSpec, sameIndexOptions, sameKeyPattern } from '../storage/indexes';
import { formatValue } from '../values';
import { collectionArg, CommandContext, cursorReply, docArray } from './context';

function notInTransaction(ctx: CommandContext): void {
  if (ctx.txn) {
    throw new CommandError(
      ErrorCode.OperationNotSupportedInTransaction,
      `Cannot run '${ctx.name}' in a multi-document transaction.`,
    );
  }
}

export async function createIndexes(ctx: CommandContext): Promise<Doc> {
  const coll = collectionArg(ctx);
  const requested = docArray(ctx, 'indexes');
  if (requested.length === 0)
    throw new CommandError(ErrorCode.BadValue, 'Must specify at least one index to create');
  const specs = requested.map(normalizeIndexSpec);
  const { store } = ctx.core;
  const view = ctx.txn ? ctx.access.collection(ctx.db, coll) : undefined;
  const existing = view ? view.exists : store.catalog.get(ctx.db, coll) !== undefined;
  const current: Doc[] = existing
    ? (view?.indexSpecs() ?? store.catalog.get(ctx.db, coll)?.indexSpecs() ?? [])
    : [{ v: 2, key: { _id: 1 }, name: ID_INDEX_NAME }];
  const numIndexesBefore = current.length;
  const toCreate: Doc[] = [];
  for (const spec of specs) {
    const sameName = current.find((index) => index.name === spec.name);
    if (sameName) {
      if (sameKeyPattern(sameName, spec) && sameIndexOptions(sameName, spec)) continue;
      throw new CommandError(
        ErrorCode.IndexKeySpecsConflict,
        `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${formatValue(spec)}, existing index: ${formatValue(sameName)}`,
      );
    }
    const sameKey = current.find((index) => sameKeyPattern(index, spec));
    if (sameKey) {
      if (sameIndexOptions(sameKey, spec)) {
        throw new CommandError(
          ErrorCode.IndexOptionsConflict,
          `Index already exists with a different name: ${String(sameKey.name)}`,
        );
      }
      throw new CommandError(
        ErrorCode.IndexOptionsConflict,
        `An equivalent index already exists with a different name and options. Requested index: ${formatValue(spec)}, existing index: ${formatValue(sameKey)}`,
      );
    }
    current.push(spec);
    toCreate.push(spec);
  }
  const reply: Doc = {
    numIndexesBefore,
    numIndexesAfter: numIndexesBefore + toCreate.length,
    createdCollectionAutomatically: !existing,
  };
  if (toCreate.length === 0) reply.note = 'all indexes already exist';
  reply.ok = 1;
  if (ctx.txn) {
    // In a transaction: on a collection it creates, built when it commits (see TransactionAccess).
    if (toCreate.length === 0 && !existing) ctx.access.createCollection(ctx.db, coll, {});
    for (const spec of toCreate) ctx.access.createIndex(ctx.db, coll, spec);
    return reply;
  }
  const unit = store.begin();
  try {
    if (!existing) unit.createCollection(ctx.db, coll);
    for (const spec of toCreate) unit.createIndex(ctx.db, coll, spec);
  } catch (error) {
    unit.rollback();
    if (error instanceof CommandError && error.code === ErrorCode.DuplicateKey) {
      throw new CommandError(ErrorCode.DuplicateKey, `Index build failed: ${error.message}`, {
        details: error.details,
      });
    }
    throw error;
  }
  await unit.commit();
  return reply;
}

export function listIndexes(ctx: CommandContext): Doc {
  const coll = collectionArg(ctx);
  const view = ctx.access.collection(ctx.db, coll);
  if (!view.exists) throw namespaceNotFound(`${ctx.db}.${coll}`);
  return cursorReply(`${ctx.db}.$cmd.listIndexes.${coll}`, 0, view.indexSpecs(), true);
}

export async function dropIndexes(ctx: CommandContext): Promise<Doc> {
  notInTransaction(ctx);
  const coll = collectionArg(ctx);
  const { store } = ctx.core;
  const state = store.catalog.get(ctx.db, coll);
  if (!state) throw namespaceNotFound(`${ctx.db}.${coll}`);
  const nIndexesWas = state.indexes.length + 1;
  const target = ctx.body.index;
  let names: string[];
  if (target === '*') {
    names = state.indexes.map((index) => index.name);
  } else if (typeof target === 'string') {
    names = [target];
  } else if (Array.isArray(target)) {
    names = target.map(String);
  } else if (isPlainObject(target)) {
    const match = state.indexSpecs().find((spec) => sameKeyPattern(spec, { key: target }));
    if (!match)
      throw new CommandError(ErrorCode.IndexNotFound, `can't find index with key: ${formatValue(target)}`);
    names = [String(match.name)];
  } else {
    throw new CommandError(
      ErrorCode.TypeMismatch,
      "BSON field 'dropIndexes.index' is missing but a required field",
    );
  }
  for (const name of names) {
    if (name === ID_INDEX_NAME) throw new CommandError(ErrorCode.InvalidOptions, 'cannot drop _id index');
    if (!state.findIndex(name))
      throw new CommandError(ErrorCode.IndexNotFound, `index not found with name [${name}]`);
  }
  const unit = store.begin();
  for (const name of names) unit.dropIndex(ctx.db, coll, name);
  await unit.commit();
  return { nIndexesWas, ok: 1 };
}
