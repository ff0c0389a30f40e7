// explain: runs the query part of find, count, distinct, aggregate (a leading $match), update, delete and
// findAndModify through the planner and reports it in MongoDB's shape (queryPlanner.winningPlan, and for
// executionStats verbosity the keys and documents examined), so index use can be checked from outside.
import { Doc, isPlainObject, toInteger } from '../bson';
import { CommandError, ErrorCode } from '../errors';
import { CollectionView } from '../access';
import { explainPlan, indexScanStage } from '../planner';
import { SERVER_VERSION } from './admin';
import { CommandContext, evalOptions } from './context';
import { checkCommandFields } from './fields';
import { countingStages } from './count-pipeline';
import { countDocuments, QueryOptions, runQuery } from './find';

/** The collection and query options an explained command would run with. */
function queryOf(
  command: string,
  inner: Doc,
): { coll: unknown; options: QueryOptions; counts?: boolean } | undefined {
  const coll = inner[command];
  const asDoc = (value: unknown) => (isPlainObject(value) ? value : undefined);
  const limitOf = (value: unknown) => Math.abs(toInteger(value) ?? 0);
  switch (command) {
    case 'find':
      return {
        coll,
        options: {
          filter: asDoc(inner.filter),
          sort: asDoc(inner.sort),
          skip: toInteger(inner.skip),
          limit: limitOf(inner.limit),
          hint: inner.hint,
        },
      };
    case 'count':
      return {
        coll,
        options: {
          filter: asDoc(inner.query),
          skip: toInteger(inner.skip),
          limit: limitOf(inner.limit),
          hint: inner.hint,
        },
        counts: true,
      };
    case 'distinct':
      return { coll, options: { filter: asDoc(inner.query), hint: inner.hint } };
    case 'findAndModify':
      return {
        coll,
        options: { filter: asDoc(inner.query), sort: asDoc(inner.sort), limit: 1, hint: inner.hint },
      };
    case 'update':
    case 'delete': {
      const statements = inner[command === 'update' ? 'updates' : 'deletes'];
      const first = Array.isArray(statements) && isPlainObject(statements[0]) ? statements[0] : {};
      return {
        coll,
        options: {
          filter: asDoc(first.q),
          limit: command === 'delete' ? limitOf(first.limit) : first.multi === true ? 0 : 1,
          hint: first.hint,
        },
      };
    }
    case 'aggregate': {
      const pipeline = Array.isArray(inner.pipeline) ? inner.pipeline : [];
      const first = isPlainObject(pipeline[0]) ? pipeline[0] : {};
      const filter = asDoc(first.$match);
      const counts = filter !== undefined && countingStages(pipeline.slice(1)) !== undefined;
      return { coll, options: { filter, hint: inner.hint }, counts };
    }
    default:
      return undefined;
  }
}

interface Execution {
  winningPlan: Doc;
  executionStages: Doc;
  nReturned: number;
  keysExamined: number;
  docsExamined: number;
}

function explainQuery(view: CollectionView, options: QueryOptions): Execution {
  const result = runQuery(view, options);
  const winningPlan = explainPlan(result.plan, options.filter, result.sortedInMemory);
  return {
    winningPlan,
    executionStages: winningPlan,
    nReturned: result.docs.length,
    keysExamined: result.keysExamined,
    docsExamined: result.docsExamined,
  };
}

/**
 * A count as MongoDB explains one: COUNT_SCAN when index keys alone answered it, the collection's size
 * (RECORD_STORE_FAST_COUNT) for an empty filter; the count command's plan sits under a COUNT stage.
 */
function explainCount(view: CollectionView, options: QueryOptions, command: string): Execution {
  const result = countDocuments(view, options);
  let plan: Doc;
  if (!result.plan) plan = { stage: 'RECORD_STORE_FAST_COUNT' };
  else if (result.keysOnly && result.plan.kind === 'ixscan') {
    const { direction: _direction, ...scan } = indexScanStage(result.plan);
    plan = { ...scan, stage: 'COUNT_SCAN' };
  } else plan = explainPlan(result.plan, options.filter, false);
  const keys = { keysExamined: result.keysExamined, docsExamined: result.docsExamined };
  if (command !== 'count') {
    return { winningPlan: plan, executionStages: plan, nReturned: result.n, ...keys };
  }
  return {
    winningPlan: { stage: 'COUNT', inputStage: plan },
    executionStages: { stage: 'COUNT', nCounted: result.n, inputStage: plan },
    nReturned: 0,
    ...keys,
  };
}

export function explain(ctx: CommandContext): Doc {
  const inner = ctx.body.explain;
  if (!isPlainObject(inner)) {
    throw new CommandError(ErrorCode.FailedToParse, 'explain command requires a nested object');
  }
  const command = Object.keys(inner)[0];
  if (command !== undefined) checkCommandFields(command, inner);
  const verbosity = typeof ctx.body.verbosity === 'string' ? ctx.body.verbosity : 'allPlansExecution';
  const query = command === undefined ? undefined : queryOf(command, inner);
  if (!query || typeof query.coll !== 'string') {
    throw new CommandError(ErrorCode.IllegalOperation, `Explain is not supported for '${command}'`);
  }
  const view = ctx.access.collection(ctx.db, query.coll);
  const started = Date.now();
  const options: QueryOptions = {
    ...query.options,
    eval: { ...evalOptions(ctx), collation: inner.collation },
  };
  const execution = query.counts ? explainCount(view, options, command) : explainQuery(view, options);
  const queryPlanner: Doc = {
    namespace: `${ctx.db}.${query.coll}`,
    indexFilterSet: false,
    parsedQuery: query.options.filter ?? {},
    winningPlan: execution.winningPlan,
    rejectedPlans: [],
  };
  const reply: Doc = { explainVersion: '1', queryPlanner };
  if (verbosity !== 'queryPlanner') {
    reply.executionStats = {
      executionSuccess: true,
      nReturned: execution.nReturned,
      executionTimeMillis: Date.now() - started,
      totalKeysExamined: execution.keysExamined,
      totalDocsExamined: execution.docsExamined,
      executionStages: execution.executionStages,
    };
  }
  reply.command = inner;
  reply.serverInfo = { host: ctx.core.address, port: ctx.core.port, version: SERVER_VERSION };
  reply.ok = 1;
  return reply;
}
