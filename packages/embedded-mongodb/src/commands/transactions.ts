// commitTransaction, abortTransaction and the session commands.
import { Doc } from '../bson';
import { CommandError, ErrorCode } from '../errors';
import { sessionKey } from '../transactions';
import { CommandContext } from './context';

function requireTransaction(ctx: CommandContext) {
  if (!ctx.txn) {
    throw new CommandError(
      ErrorCode.InvalidOptions,
      `'${ctx.name}' must be run within a transaction (autocommit: false)`,
    );
  }
  return ctx.txn;
}

export async function commitTransaction(ctx: CommandContext): Promise<Doc> {
  const txn = requireTransaction(ctx);
  if (txn.state === 'committed') {
    await txn.commitPromise;
    return { ok: 1 };
  }
  await ctx.core.txns.commit(txn);
  return { ok: 1 };
}

export function abortTransaction(ctx: CommandContext): Doc {
  const txn = requireTransaction(ctx);
  if (txn.state === 'aborted') {
    throw new CommandError(ErrorCode.NoSuchTransaction, `Transaction ${txn.txnNumber} has been aborted.`);
  }
  ctx.core.txns.abort(txn);
  return { ok: 1 };
}

function lsidList(ctx: CommandContext): unknown[] {
  const value = ctx.body[ctx.name];
  return Array.isArray(value) ? value : [];
}

export function endSessions(ctx: CommandContext): Doc {
  for (const lsid of lsidList(ctx)) {
    ctx.core.txns.endSession(lsid);
    const key = sessionKey(lsid);
    if (key) ctx.core.cursors.killSession(key);
  }
  return { ok: 1 };
}

export function killAllSessions(ctx: CommandContext): Doc {
  ctx.core.txns.endAllSessions();
  return { ok: 1 };
}

export function refreshSessions(): Doc {
  return { ok: 1 };
}
