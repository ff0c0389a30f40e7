// What every command handler receives, and small helpers they share.
import { Long } from 'bson';
import { DataAccess } from '../access';
import { Doc, isPlainObject, toInteger } from '../bson';
import type { EngineCore } from '../core';
import { checkCollation, CommandError, ErrorCode } from '../errors';
import { evaluateLetVariables, EvalOptions } from '../query';
import { Session, Transaction } from '../transactions';
import { clonedViewOf, viewOf } from '../values';

export interface ConnectionInfo {
  id: number;
  remote: string;
  /** The application name the client gave in its handshake (client.application.name). */
  appName?: string;
  /** Ends the connection without a reply (the failCommand fail point's closeConnection). */
  close?: () => void;
}

export interface CommandContext {
  core: EngineCore;
  conn: ConnectionInfo;
  /** The database the command runs against ($db). */
  db: string;
  body: Doc;
  /** The command name as sent (the body's first field). */
  name: string;
  access: DataAccess;
  session: Session | undefined;
  txn: Transaction | undefined;
}

export type CommandHandler = (ctx: CommandContext) => Doc | Promise<Doc>;

export interface CommandSpec {
  handler: CommandHandler;
  /** May run inside a multi-document transaction. */
  inTransaction?: boolean;
  /** A retryable write: a retry with the same lsid + txnNumber gets the first reply. */
  retryable?: boolean;
  /** Must be sent to the admin database. */
  adminOnly?: boolean;
}

const INVALID_COLLECTION_CHARS = /[$\0]/;

export function validCollectionName(db: string, name: string): string {
  if (
    name.length === 0 ||
    INVALID_COLLECTION_CHARS.test(name) ||
    name.startsWith('.') ||
    name.endsWith('.')
  ) {
    throw new CommandError(ErrorCode.InvalidNamespace, `Invalid namespace specified '${db}.${name}'`);
  }
  return name;
}

export function validDatabaseName(name: string): string {
  if (name.length === 0 || /[/\\. "$\0]/.test(name) || name.length > 63) {
    throw new CommandError(ErrorCode.InvalidNamespace, `Invalid database name: '${name}'`);
  }
  return name;
}

/** The collection a command names in its first field (`{ find: 'coll', ... }`). */
export function collectionArg(ctx: CommandContext, field = ctx.name): string {
  const value = ctx.body[field];
  if (typeof value !== 'string') {
    throw new CommandError(
      ErrorCode.InvalidNamespace,
      `collection name has invalid type ${value === null ? 'null' : typeof value}`,
    );
  }
  return validCollectionName(ctx.db, value);
}

export function optionalDoc(ctx: CommandContext, field: string): Doc | undefined {
  const value = ctx.body[field];
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) {
    throw new CommandError(
      ErrorCode.TypeMismatch,
      `BSON field '${ctx.name}.${field}' is the wrong type, expected type 'object'`,
    );
  }
  return value;
}

export function optionalInt(ctx: CommandContext, field: string): number | undefined {
  const value = ctx.body[field];
  if (value === undefined || value === null) return undefined;
  const n = toInteger(value);
  if (n === undefined) {
    throw new CommandError(
      ErrorCode.TypeMismatch,
      `BSON field '${ctx.name}.${field}' is the wrong type, expected a number`,
    );
  }
  return n;
}

export function docArray(ctx: CommandContext, field: string): Doc[] {
  const value = ctx.body[field];
  if (!Array.isArray(value)) {
    throw new CommandError(
      ErrorCode.FailedToParse,
      `BSON field '${ctx.name}.${field}' is missing but a required field`,
    );
  }
  return value.map((item, i) => {
    if (!isPlainObject(item)) {
      throw new CommandError(
        ErrorCode.TypeMismatch,
        `BSON field '${ctx.name}.${field}.${i}' is the wrong type, expected type 'object'`,
      );
    }
    return item;
  });
}

/** Evaluation options for queries and pipelines: collation, let variables, other collections. */
export function evalOptions(ctx: CommandContext, cloneForeign = false): EvalOptions {
  checkCollation(ctx.body.collation);
  return {
    collation: ctx.body.collation,
    variables: isPlainObject(ctx.body.let) ? evaluateLetVariables(ctx.body.let) : undefined,
    collectionResolver: (name: string) =>
      ctx.access
        .collection(ctx.db, name)
        .docs()
        .map((doc) => (cloneForeign ? clonedViewOf(doc) : viewOf(doc))),
  };
}

export function cursorReply(
  ns: string,
  id: Long | number,
  batch: Doc[],
  first: boolean,
  extra: Doc = {},
): Doc {
  return {
    cursor: {
      [first ? 'firstBatch' : 'nextBatch']: batch,
      id: typeof id === 'number' ? Long.fromNumber(id) : id,
      ns,
      ...extra,
    },
    ok: 1,
  };
}
