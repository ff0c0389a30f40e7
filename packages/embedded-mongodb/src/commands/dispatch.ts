// Runs one command: finds its handler, sets up the session / transaction / retryable-write context,
// turns failures into error replies and adds $clusterTime / operationTime.
import { Binary, Long } from 'bson';
import { AutoCommitAccess, DataAccess, TransactionAccess } from '../access';
import { Doc, isPlainObject, toInteger } from '../bson';
import type { EngineCore } from '../core';
import { CommandError, ErrorCode, toCommandError } from '../errors';
import { FailPointError } from '../failPoints';
import { Session, Transaction } from '../transactions';
import { CommandContext, CommandSpec, ConnectionInfo } from './context';
import { serverErrorLabels } from './errorLabels';
import { checkCommandFields } from './fields';
import { checkReadAtClusterTime } from './readConcern';
import { COMMANDS } from './index';
import { unmetWriteConcern, waitsForWriteConcern } from './writeConcern';

const ZERO_HASH = new Binary(Buffer.alloc(20));

/** Commands that read no data, so they need not wait for writes still being journaled. */
const STATELESS_COMMANDS = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'buildInfo', 'buildinfo']);

/**
 * Commands that change no data. While a large commit is pending they read the state before it; every
 * other command waits until the commit is settled, so its writes begin after it.
 */
const READ_ONLY_COMMANDS = new Set([
  ...STATELESS_COMMANDS,
  'hostInfo',
  'getCmdLineOpts',
  'getParameter',
  'connectionStatus',
  'whatsmyuri',
  'getLog',
  'serverStatus',
  'replSetGetStatus',
  'replSetGetConfig',
  'getDefaultRWConcern',
  'currentOp',
  'usersInfo',
  'rolesInfo',
  'validate',
  'explain',
  'startSession',
  'refreshSessions',
  'listDatabases',
  'listCollections',
  'collStats',
  'dbStats',
  'listIndexes',
  'find',
  'getMore',
  'killCursors',
  'count',
  'distinct',
]);

function readsOnly(name: string, body: Doc): boolean {
  if (READ_ONLY_COMMANDS.has(name)) return true;
  if (name !== 'aggregate' || !Array.isArray(body.pipeline)) return false;
  const last: unknown = body.pipeline[body.pipeline.length - 1];
  return !(isPlainObject(last) && ('$out' in last || '$merge' in last));
}

/** Waits until the command may run (see READ_ONLY_COMMANDS and Store.settled). */
async function admit(core: EngineCore, name: string, body: Doc): Promise<void> {
  if (STATELESS_COMMANDS.has(name)) return;
  if (readsOnly(name, body)) {
    // Answer from settled state: a write still being journaled may yet be refused and undone.
    const unsettled = core.store.settled(core.store.pendingCommit?.lsn);
    if (unsettled) await unsettled;
    return;
  }
  for (let paused = core.store.writesPaused(); paused; paused = core.store.writesPaused()) await paused;
  const unsettled = core.store.settled();
  if (unsettled) await unsettled;
}

export function errorReply(error: CommandError): Doc {
  const reply: Doc = {
    ok: 0,
    errmsg: error.message,
    code: error.code,
    codeName: error.codeName,
    ...error.details,
  };
  if (error.errorLabels.length > 0) reply.errorLabels = [...error.errorLabels];
  return reply;
}

export function withClusterTime(core: EngineCore, reply: Doc): Doc {
  const time = core.store.clock.current();
  reply.$clusterTime = { clusterTime: time, signature: { hash: ZERO_HASH, keyId: Long.fromNumber(0) } };
  reply.operationTime = time;
  return reply;
}

export async function runCommand(core: EngineCore, conn: ConnectionInfo, body: Doc): Promise<Doc> {
  const name = Object.keys(body)[0] ?? '';
  const changeStream = opensChangeStream(name, body);
  let reply: Doc;
  try {
    reply = await execute(core, conn, body);
    if (reply.ok === 1 && waitsForWriteConcern(name, body))
      addWriteConcernError(core, conn, body, name, reply);
  } catch (error) {
    const commandError = toCommandError(error);
    if (!(error instanceof CommandError)) {
      core.logger.error(
        `command ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
    if (!(commandError instanceof FailPointError && commandError.labelsOverride)) {
      for (const label of serverErrorLabels(body, name, commandError.code, undefined, changeStream)) {
        commandError.withLabel(label);
      }
    }
    reply = errorReply(commandError);
  }
  return withClusterTime(core, reply);
}

/**
 * Whether the command opens a change stream (its getMores label their own errors: the server knows a
 * cursor is a change stream's only once the getMore has checked it out).
 */
function opensChangeStream(name: string, body: Doc): boolean {
  if (name !== 'aggregate' || !Array.isArray(body.pipeline)) return false;
  const first: unknown = body.pipeline[0];
  return isPlainObject(first) && '$changeStream' in first;
}

/** A write concern the one member cannot meet, or one a fail point reports, as MongoDB replies it. */
function addWriteConcernError(core: EngineCore, conn: ConnectionInfo, body: Doc, name: string, reply: Doc) {
  const injected = core.failPoints?.writeConcernErrorFor(name, conn.appName);
  const writeConcernError = injected?.writeConcernError ?? unmetWriteConcern(body.writeConcern);
  if (!writeConcernError) return;
  reply.writeConcernError = writeConcernError;
  const code = toInteger(writeConcernError.code);
  const labels = injected?.errorLabels ?? serverErrorLabels(body, name, undefined, code);
  if (labels.length > 0) reply.errorLabels = labels;
}

async function execute(core: EngineCore, conn: ConnectionInfo, body: Doc): Promise<Doc> {
  const name = Object.keys(body)[0];
  if (name === undefined) throw new CommandError(ErrorCode.FailedToParse, 'empty command document');
  const spec = COMMANDS.get(name);
  if (!spec) throw new CommandError(ErrorCode.CommandNotFound, `no such command: '${name}'`);
  checkCommandFields(name, body);
  const db = typeof body.$db === 'string' ? body.$db : 'admin';
  if (spec.adminOnly && db !== 'admin') {
    throw new CommandError(ErrorCode.Unauthorized, `${name} may only be run against the admin database.`);
  }
  if (core.closing) throw new CommandError(ErrorCode.ShutdownInProgress, 'The server is shutting down');
  await applyFailPoint(core, conn, name);
  await admit(core, name, body);
  checkReadAtClusterTime(core, body.readConcern);
  const session = body.lsid !== undefined ? core.txns.session(body.lsid) : undefined;
  const base = { core, conn, db, body, name, session };

  if (body.autocommit !== undefined) {
    if (body.autocommit !== false) {
      throw new CommandError(ErrorCode.InvalidOptions, "'autocommit' field can only be specified as false");
    }
    return inTransaction(spec, base, session);
  }
  const txnNumber = body.txnNumber === undefined ? undefined : toInteger(body.txnNumber);
  if (txnNumber !== undefined) {
    if (!session)
      throw new CommandError(ErrorCode.InvalidOptions, 'Transaction numbers are only allowed on a session');
    if (spec.retryable) return retryable(spec, base, session, txnNumber);
  }
  return run(spec, { ...base, access: new AutoCommitAccess(core.store, core.txns), txn: undefined });
}

/** The failCommand fail point, when test commands are enabled: evaluated before the command runs. */
async function applyFailPoint(core: EngineCore, conn: ConnectionInfo, name: string): Promise<void> {
  const effect = core.failPoints?.beforeCommand(name, conn.appName);
  if (!effect) return;
  if (effect.closeConnection) {
    conn.close?.();
    throw new CommandError(
      ErrorCode.FailCommandCloseConnection,
      "Failing command due to 'failCommand' failpoint",
    );
  }
  if (effect.blockTimeMS !== undefined) await core.sleep(effect.blockTimeMS);
  if (effect.error) throw effect.error;
}

async function run(spec: CommandSpec, ctx: CommandContext): Promise<Doc> {
  try {
    return await spec.handler(ctx);
  } finally {
    await ctx.access.finish();
  }
}

type BaseContext = Omit<CommandContext, 'access' | 'txn'>;

async function inTransaction(
  spec: CommandSpec,
  base: BaseContext,
  session: Session | undefined,
): Promise<Doc> {
  const { core, body, name } = base;
  if (!session)
    throw new CommandError(ErrorCode.InvalidOptions, 'Transactions are only allowed on a session (lsid)');
  const txnNumber = toInteger(body.txnNumber);
  if (txnNumber === undefined) {
    throw new CommandError(ErrorCode.InvalidOptions, "'autocommit: false' requires a 'txnNumber'");
  }
  if (!spec.inTransaction) {
    throw new CommandError(
      ErrorCode.OperationNotSupportedInTransaction,
      `Cannot run '${name}' in a multi-document transaction.`,
    );
  }
  const ending = name === 'commitTransaction' || name === 'abortTransaction';
  let txn: Transaction;
  if (body.startTransaction === true) {
    if (ending) throw new CommandError(ErrorCode.InvalidOptions, `Cannot start a transaction with ${name}`);
    txn = core.txns.start(session, txnNumber);
  } else {
    txn = core.txns.continue(session, txnNumber, name);
  }
  const access: DataAccess = new TransactionAccess(core.store, core.txns, txn);
  try {
    const reply = await spec.handler({ ...base, access, txn });
    // A failed statement aborts the transaction, as on the server.
    if (!ending && Array.isArray(reply.writeErrors) && reply.writeErrors.length > 0) core.txns.abort(txn);
    return reply;
  } catch (error) {
    if (!ending)
      core.txns.abort(txn, error instanceof CommandError && error.errorLabels.length > 0 ? error : undefined);
    throw error;
  }
}

function retryable(spec: CommandSpec, base: BaseContext, session: Session, txnNumber: number): Promise<Doc> {
  const previous = session.retryReplies.get(txnNumber);
  if (previous) return previous;
  base.core.txns.noteRetryableWrite(session, txnNumber);
  const reply = run(spec, {
    ...base,
    access: new AutoCommitAccess(base.core.store, base.core.txns),
    txn: undefined,
  });
  session.rememberReply(txnNumber, reply);
  reply.catch(() => session.retryReplies.delete(txnNumber));
  return reply;
}
