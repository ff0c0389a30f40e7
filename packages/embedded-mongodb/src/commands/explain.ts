// explain: runs the query part of find, count, distinct, aggregate (a leading $match), update, delete and
// findAndModify through the planner and reports it in MongoDB's shape (queryPlanner.winningPlan, and for
// executionStats verbosity the keys and documents examined), so index use can be checked from outside.
import { Doc, isPlainObject, toInteger } from '../bson';
import { CommandError, ErrorCode } from '../errors';
import { explainPlan } from '../planner';
import { SERVER_VERSION } from './admin';
import { CommandContext, evalOptions } from './context';
import { checkCommandFields } from './fields';
import { QueryOptions, runQuery } from './find';

/** The collection and query options an explained command would run with. */
function queryOf(command: string, inner: Doc): { coll: unknown; options: QueryOptions } | undefined {
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
      return { coll, options: { filter: asDoc(first.$match), hint: inner.hint } };
    }
    default:
      return undefined;
  }
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
  const result = runQuery(view, {
    ...query.options,
    eval: { ...evalOptions(ctx), collation: inner.collation },
  });
  const queryPlanner: Doc = {
    namespace: `${ctx.db}.${query.coll}`,
    indexFilterSet: false,
    parsedQuery: query.options.filter ?? {},
    winningPlan: explainPlan(result.plan, query.options.filter, result.sortedInMemory),
    rejectedPlans: [],
  };
  const reply: Doc = { explainVersion: '1', queryPlanner };
  if (verbosity !== 'queryPlanner') {
    reply.executionStats = {
      executionSuccess: true,
      nReturned: result.docs.length,
      executionTimeMillis: Date.now() - started,
      totalKeysExamined: result.keysExamined,
      totalDocsExamined: result.docsExamined,
      executionStages: queryPlanner.winningPlan,
    };
  }
  reply.command = inner;
  reply.serverInfo = { host: ctx.core.address, port: ctx.core.port, version: SERVER_VERSION };
  reply.ok = 1;
  return reply;
}
