// aggregate: pipelines run in mingo over the collection's documents; a few stages that need the engine
// ($collStats, $indexStats, $out, $merge, $changeStream) are handled here.
import { Binary } from 'bson';
import { createHash } from 'node:crypto';
import { Doc, isPlainObject, toInteger, truthy } from '../bson';
import { DEFAULT_FIRST_BATCH, takeBatch } from '../cursors';
import { CommandError, ErrorCode } from '../errors';
import { runMingoPipeline } from '../query';
import { idFirst } from '../update';
import { clonedViewOf, hasOriginal, keyOf, originalOf, retype, viewOf } from '../values';
import { operationsInProgress } from './admin';
import { collectionStats } from './catalog';
import { CommandContext, cursorReply, evalOptions, validCollectionName } from './context';
import { startChangeStream } from './changeStreams';
import { explain } from './explain';
import { countingStages } from './count-pipeline';
import { countDocuments, queryDocuments } from './find';
import { prepareForInsert } from './write';

/** Stages that never modify their input documents, so stored documents can be fed without copying. */
const NON_MUTATING = new Set([
  '$match',
  '$sort',
  '$skip',
  '$limit',
  '$count',
  '$project',
  '$group',
  '$sortByCount',
  '$sample',
  '$bucket',
  '$bucketAuto',
  '$replaceRoot',
  '$replaceWith',
  '$documents',
  '$lookup',
  '$facet',
  '$unionWith',
  '$graphLookup',
  '$unwind',
]);

function stageName(stage: unknown): string {
  if (!isPlainObject(stage))
    throw new CommandError(ErrorCode.TypeMismatch, 'Each element of the pipeline must be an object');
  const keys = Object.keys(stage);
  if (keys.length !== 1) {
    throw new CommandError(
      ErrorCode.Location40323,
      'A pipeline stage specification object must contain exactly one field.',
    );
  }
  return keys[0];
}

function mayMutate(pipeline: unknown[]): boolean {
  return pipeline.some((stage) => {
    const name = stageName(stage);
    if (!NON_MUTATING.has(name)) return true;
    const spec = (stage as Doc)[name];
    if (name === '$unwind') {
      const path = typeof spec === 'string' ? spec : isPlainObject(spec) ? spec.path : '';
      return typeof path === 'string' && path.includes('.');
    }
    if (
      (name === '$lookup' || name === '$unionWith') &&
      isPlainObject(spec) &&
      Array.isArray(spec.pipeline)
    ) {
      return mayMutate(spec.pipeline);
    }
    if (name === '$facet' && isPlainObject(spec)) {
      return Object.values(spec).some((sub) => Array.isArray(sub) && mayMutate(sub));
    }
    return false;
  });
}

/** Maps views that came out of the pipeline unchanged back to the stored documents (types intact). */
function restore(value: unknown, depth: number): unknown {
  if (hasOriginal(value)) return originalOf(value);
  if (depth <= 0) return value;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((item) => {
      const restored = restore(item, depth - 1);
      if (restored !== item) changed = true;
      return restored;
    });
    return changed ? out : value;
  }
  if (isPlainObject(value)) {
    for (const key of Object.keys(value)) {
      const restored = restore(value[key], depth - 1);
      if (restored !== value[key]) value[key] = restored;
    }
  }
  return value;
}

export async function aggregate(ctx: CommandContext): Promise<Doc> {
  const target = ctx.body.aggregate;
  const pipeline = ctx.body.pipeline;
  if (!Array.isArray(pipeline)) {
    throw new CommandError(
      ErrorCode.TypeMismatch,
      "BSON field 'aggregate.pipeline' is missing but a required field",
    );
  }
  const dbLevel = target === 1 || (typeof target === 'number' && target === 1) || toInteger(target) === 1;
  if (!dbLevel && typeof target !== 'string') {
    throw new CommandError(ErrorCode.InvalidNamespace, 'aggregate must name a collection or be 1');
  }
  const coll = dbLevel ? undefined : validCollectionName(ctx.db, target as string);
  const stages = pipeline as Doc[];
  stages.forEach(stageName);
  if (stages.length > 0 && stageName(stages[0]) === '$changeStream')
    return startChangeStream(ctx, coll, stages);
  if (stages.some((stage, i) => i > 0 && stageName(stage) === '$changeStream')) {
    throw new CommandError(
      ErrorCode.Location40602,
      '$changeStream is only valid as the first stage in a pipeline.',
    );
  }
  if (truthy(ctx.body.explain)) {
    if (coll === undefined) {
      return {
        queryPlanner: { namespace: `${ctx.db}.$cmd.aggregate`, winningPlan: { stage: 'COLLSCAN' } },
        ok: 1,
      };
    }
    const { explain: _flag, cursor: _cursor, ...inner } = ctx.body;
    return explain({ ...ctx, body: { explain: inner, verbosity: 'queryPlanner' } });
  }
  const cursorSpec = ctx.body.cursor;
  if (cursorSpec !== undefined && !isPlainObject(cursorSpec)) {
    throw new CommandError(
      ErrorCode.TypeMismatch,
      "BSON field 'aggregate.cursor' is the wrong type, expected type 'object'",
    );
  }
  const batchSize = toInteger(isPlainObject(cursorSpec) ? cursorSpec.batchSize : undefined);

  let rest = stages;
  const last = rest.length > 0 ? stageName(rest[rest.length - 1]) : '';
  const output = last === '$out' || last === '$merge' ? rest[rest.length - 1] : undefined;
  if (output) {
    if (ctx.txn) {
      throw new CommandError(
        ErrorCode.OperationNotSupportedInTransaction,
        `${last} cannot be used in a transaction`,
      );
    }
    const readConcern = ctx.body.readConcern;
    if (isPlainObject(readConcern) && readConcern.level === 'linearizable') {
      throw new CommandError(
        ErrorCode.InvalidOptions,
        `${last} cannot be used with a 'linearizable' read concern level`,
      );
    }
    rest = rest.slice(0, -1);
  }

  const mutating = mayMutate(rest);
  const prepare = (doc: Doc) => (mutating ? clonedViewOf(doc) : viewOf(doc));
  let input: Doc[] = [];
  if (coll !== undefined) {
    const first = rest.length > 0 ? stageName(rest[0]) : '';
    if (first === '$collStats') {
      input = [collectionStats(ctx, coll, rest[0].$collStats)];
      rest = rest.slice(1);
    } else if (first === '$indexStats') {
      input = ctx.access
        .collection(ctx.db, coll)
        .indexSpecs()
        .map((spec) => ({
          name: spec.name,
          key: spec.key,
          host: ctx.core.address,
          accesses: { ops: 0, since: ctx.core.startedAt },
          spec,
        }));
      rest = rest.slice(1);
    } else if (first === '$listSearchIndexes') {
      rest = rest.slice(1);
    } else if (first === '$match' && isPlainObject(rest[0].$match) && !('$text' in rest[0].$match)) {
      // A leading $match is answered like a find, through the planner (and so an index when one fits).
      const view = ctx.access.collection(ctx.db, coll);
      const filter = rest[0].$match;
      const counting = countingStages(rest.slice(1));
      if (counting) {
        const { n } = countDocuments(view, { filter, eval: evalOptions(ctx), hint: ctx.body.hint });
        input = counting.output(n).map(prepare);
        rest = rest.slice(1 + counting.stages);
      } else {
        input = queryDocuments(view, { filter, eval: evalOptions(ctx), hint: ctx.body.hint }).map(prepare);
        rest = rest.slice(1);
      }
    } else {
      input = ctx.access.collection(ctx.db, coll).docs().map(prepare);
    }
  } else if (rest.length > 0 && stageName(rest[0]) === '$listLocalSessions') {
    input = localSessions(ctx);
    rest = rest.slice(1);
  } else if (rest.length > 0 && stageName(rest[0]) === '$currentOp') {
    input = operationsInProgress(ctx);
    rest = rest.slice(1);
  }

  const results = rest.length === 0 ? input : runMingoPipeline(input, rest, evalOptions(ctx, mutating));
  let sources: Map<string, Doc> | undefined;
  const sourceOf = (id: unknown): Doc | undefined => {
    if (!sources) {
      sources = new Map();
      for (const view of input) {
        const original = originalOf(view);
        if (original !== view && isPlainObject(original)) sources.set(keyOf(original._id), original);
      }
    }
    return sources.get(keyOf(id));
  };
  const docs = results.map((doc) => {
    let restored = restore(doc, 2);
    if (restored === doc && isPlainObject(doc) && '_id' in doc && input.length > 0) {
      const source = sourceOf(doc._id);
      if (source) restored = retype(doc, source);
    }
    return isPlainObject(restored) ? idFirst(restored) : (restored as Doc);
  });

  if (output) {
    await writeOutput(ctx, output, docs);
    return cursorReply(`${ctx.db}.${coll ?? '$cmd.aggregate'}`, 0, [], true);
  }
  const ns = `${ctx.db}.${coll ?? '$cmd.aggregate'}`;
  const first = batchSize === 0 ? [] : takeBatch(docs, 0, batchSize ?? DEFAULT_FIRST_BATCH);
  if (first.length >= docs.length) return cursorReply(ns, 0, first, true);
  const cursor = ctx.core.cursors.open(ns, ctx.session?.key, { docs });
  cursor.offset = first.length;
  return cursorReply(ns, cursor.id, first, true);
}

function outputTarget(ctx: CommandContext, spec: unknown, field: string): { db: string; coll: string } {
  if (typeof spec === 'string') return { db: ctx.db, coll: validCollectionName(ctx.db, spec) };
  if (isPlainObject(spec)) {
    const db = typeof spec.db === 'string' ? spec.db : ctx.db;
    const coll = spec[field];
    if (typeof coll === 'string') return { db, coll: validCollectionName(db, coll) };
  }
  throw new CommandError(
    ErrorCode.FailedToParse,
    `invalid target for the output stage: ${JSON.stringify(spec)}`,
  );
}

async function writeOutput(ctx: CommandContext, stage: Doc, docs: Doc[]): Promise<void> {
  const [name] = Object.keys(stage);
  const prepared = docs.map(prepareForInsert);
  if (name === '$out') {
    const { db, coll } = outputTarget(ctx, stage.$out, 'coll');
    const existing = ctx.core.store.catalog.get(db, coll);
    const unit = ctx.core.store.begin();
    try {
      const indexes = existing?.indexes.map((index) => index.spec) ?? [];
      const options = existing?.options ?? {};
      if (existing) unit.dropCollection(db, coll);
      unit.createCollection(db, coll, options);
      for (const spec of indexes) unit.createIndex(db, coll, spec);
      for (const doc of prepared) unit.insert(db, coll, doc);
    } catch (error) {
      unit.rollback();
      throw error;
    }
    await unit.commit();
    return;
  }
  const spec = stage.$merge;
  const { db, coll } = outputTarget(ctx, isPlainObject(spec) ? spec.into : spec, 'coll');
  const options = isPlainObject(spec) ? spec : {};
  const on =
    options.on === undefined
      ? ['_id']
      : Array.isArray(options.on)
        ? options.on.map(String)
        : [String(options.on)];
  const whenMatched = options.whenMatched ?? 'merge';
  const whenNotMatched = options.whenNotMatched ?? 'insert';
  const unit = ctx.core.store.begin();
  try {
    const state = unit.collection(db, coll);
    const byKey = new Map<string, Doc>();
    for (const doc of state.docs.values()) byKey.set(on.map((f) => keyOf(doc[f])).join('|'), doc);
    for (const doc of prepared) {
      const match = byKey.get(on.map((f) => keyOf(doc[f])).join('|'));
      if (!match) {
        if (whenNotMatched === 'insert') unit.insert(db, coll, doc);
        else if (whenNotMatched === 'fail') {
          throw new CommandError(
            ErrorCode.MergeStageNoMatchingDocument,
            '$merge could not find a matching document in the target collection',
          );
        }
        continue;
      }
      if (whenMatched === 'keepExisting') continue;
      if (whenMatched === 'fail') {
        const keyPattern = Object.fromEntries(on.map((field) => [field, 1]));
        const keyValue = Object.fromEntries(on.map((field) => [field, doc[field]]));
        throw new CommandError(
          ErrorCode.DuplicateKey,
          `E11000 duplicate key error collection: ${db}.${coll} ($merge with whenMatched: fail)`,
          { details: { keyPattern, keyValue } },
        );
      }
      if (Array.isArray(whenMatched)) {
        const [merged] = runMingoPipeline([clonedViewOf(match)], whenMatched as Doc[], {
          variables: { new: doc },
        });
        unit.replace(db, coll, idFirst({ ...merged, _id: match._id }), 'replace');
        continue;
      }
      const next =
        whenMatched === 'replace' ? { ...doc, _id: match._id } : { ...match, ...doc, _id: match._id };
      unit.replace(db, coll, idFirst(next), whenMatched === 'replace' ? 'replace' : 'update');
    }
  } catch (error) {
    await unit.commit();
    throw error;
  }
  await unit.commit();
}

/** Without authentication every session belongs to the empty user: MongoDB's uid is SHA-256 of its name. */
const ANONYMOUS_UID = new Binary(createHash('sha256').update('').digest());

/** $listLocalSessions: the sessions in this server's cache, as MongoDB lists them. */
function localSessions(ctx: CommandContext): Doc[] {
  return ctx.core.txns.localSessions().map((session) => ({
    _id: { id: session.lsid.id, uid: ANONYMOUS_UID },
    lastUse: new Date(session.lastUse),
  }));
}
