// The command table: name -> handler and how it may be run.
import * as admin from './admin';
import { aggregate } from './aggregate';
import * as catalog from './catalog';
import { CommandSpec } from './context';
import { getMore, killCursors } from './cursors';
import { explain as explainCommand } from './explain';
import { count, distinct, find } from './find';
import { hello } from './hello';
import { createIndexes, dropIndexes, listIndexes } from './indexes';
import * as txn from './transactions';
import { findAndModify, insert, remove, update } from './write';

const table: Record<string, CommandSpec> = {
  // handshake and server
  hello: { handler: hello },
  isMaster: { handler: hello },
  ismaster: { handler: hello },
  ping: { handler: admin.ping },
  buildInfo: { handler: admin.buildInfo },
  buildinfo: { handler: admin.buildInfo },
  hostInfo: { handler: admin.hostInfo },
  getCmdLineOpts: { handler: admin.getCmdLineOpts, adminOnly: true },
  getParameter: { handler: admin.getParameter, adminOnly: true },
  setParameter: { handler: admin.ok, adminOnly: true },
  connectionStatus: { handler: admin.connectionStatus },
  whatsmyuri: { handler: admin.whatsmyuri },
  getLog: { handler: admin.getLog, adminOnly: true },
  serverStatus: { handler: admin.serverStatus },
  replSetGetStatus: { handler: admin.replSetGetStatus, adminOnly: true },
  replSetGetConfig: { handler: admin.replSetGetConfig, adminOnly: true },
  getDefaultRWConcern: { handler: admin.getDefaultRWConcern, adminOnly: true },
  setDefaultRWConcern: { handler: admin.getDefaultRWConcern, adminOnly: true },
  currentOp: { handler: admin.currentOp, adminOnly: true },
  killOp: { handler: admin.ok, adminOnly: true },
  logout: { handler: admin.ok },
  profile: { handler: admin.profile },
  usersInfo: { handler: admin.usersInfo },
  rolesInfo: { handler: admin.rolesInfo },
  fsync: { handler: admin.fsync, adminOnly: true },
  validate: { handler: admin.validate },
  explain: { handler: explainCommand },
  startSession: { handler: admin.startSession },
  refreshSessions: { handler: txn.refreshSessions },
  endSessions: { handler: txn.endSessions },
  killSessions: { handler: txn.endSessions },
  killAllSessions: { handler: txn.killAllSessions },
  killAllSessionsByPattern: { handler: txn.killAllSessions },
  saslStart: { handler: admin.notSupportedAuth },
  saslContinue: { handler: admin.notSupportedAuth },
  authenticate: { handler: admin.notSupportedAuth },
  dropConnections: { handler: admin.ok, adminOnly: true },
  configureFailPoint: { handler: admin.configureFailPoint, adminOnly: true },
  // catalog
  listDatabases: { handler: catalog.listDatabases, adminOnly: true },
  listCollections: { handler: catalog.listCollections, inTransaction: true },
  create: { handler: catalog.create, inTransaction: true },
  drop: { handler: catalog.drop },
  dropDatabase: { handler: catalog.dropDatabase },
  renameCollection: { handler: catalog.renameCollection, adminOnly: true },
  collMod: { handler: catalog.collMod },
  collStats: { handler: catalog.collStats },
  dbStats: { handler: catalog.dbStats },
  createIndexes: { handler: createIndexes, inTransaction: true },
  listIndexes: { handler: listIndexes, inTransaction: true },
  dropIndexes: { handler: dropIndexes },
  deleteIndexes: { handler: dropIndexes },
  // data
  find: { handler: find, inTransaction: true },
  getMore: { handler: getMore, inTransaction: true },
  killCursors: { handler: killCursors, inTransaction: true },
  count: { handler: count },
  distinct: { handler: distinct, inTransaction: true },
  aggregate: { handler: aggregate, inTransaction: true },
  insert: { handler: insert, inTransaction: true, retryable: true },
  update: { handler: update, inTransaction: true, retryable: true },
  delete: { handler: remove, inTransaction: true, retryable: true },
  findAndModify: { handler: findAndModify, inTransaction: true, retryable: true },
  findandmodify: { handler: findAndModify, inTransaction: true, retryable: true },
  // transactions
  commitTransaction: { handler: txn.commitTransaction, inTransaction: true, adminOnly: true },
  abortTransaction: { handler: txn.abortTransaction, inTransaction: true, adminOnly: true },
};

table.listCommands = {
  // Test commands are listed only when enabled, as MongoDB lists them.
  handler: (ctx) =>
    admin.listCommands(
      Object.keys(table).filter((name) => name !== 'configureFailPoint' || ctx.core.failPoints !== undefined),
    ),
};

export const COMMANDS: ReadonlyMap<string, CommandSpec> = new Map(Object.entries(table));
