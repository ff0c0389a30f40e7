// Server-level commands drivers, mongosh and Compass send: ping, buildInfo, serverStatus, getParameter, ...
import { Binary, Long } from 'bson';
import { arch, cpus, hostname, platform, release, totalmem, type } from 'node:os';
import { Doc, isPlainObject } from '../bson';
import { CommandError, ErrorCode } from '../errors';
import { CommandContext } from './context';
import { REPLICA_SET_NAME } from './hello';

export const SERVER_VERSION = '7.0.0';

export function ping(): Doc {
  return { ok: 1 };
}

export function buildInfo(): Doc {
  return {
    version: SERVER_VERSION,
    gitVersion: 'embedded',
    versionArray: SERVER_VERSION.split('.').map(Number).concat(0),
    bits: 64,
    debug: false,
    maxBsonObjectSize: 16 * 1024 * 1024,
    modules: [],
    allocator: 'system',
    javascriptEngine: 'none',
    sysInfo: 'deprecated',
    storageEngines: ['embedded'],
    buildEnvironment: { target_os: platform(), target_arch: arch() },
    openssl: { running: 'disabled', compiled: 'disabled' },
    ok: 1,
  };
}

export function hostInfo(): Doc {
  return {
    system: {
      currentTime: new Date(),
      hostname: hostname(),
      cpuAddrSize: 64,
      memSizeMB: Math.round(totalmem() / (1024 * 1024)),
      numCores: cpus().length,
      cpuArch: arch(),
      numaEnabled: false,
    },
    os: { type: type(), name: platform(), version: release() },
    extra: {},
    ok: 1,
  };
}

export function getCmdLineOpts(ctx: CommandContext): Doc {
  return {
    argv: ['embedded'],
    parsed: {
      net: { bindIp: ctx.core.host, port: ctx.core.port },
      storage: { dbPath: ctx.core.dbPath },
      replication: { replSet: REPLICA_SET_NAME },
    },
    ok: 1,
  };
}

const PARAMETERS: Doc = {
  featureCompatibilityVersion: { version: '7.0' },
  authenticationMechanisms: [],
  transactionLifetimeLimitSeconds: 60,
  maxTransactionLockRequestTimeoutMillis: 5,
  logLevel: 0,
  quiet: false,
  enableTestCommands: false,
};

export function getParameter(ctx: CommandContext): Doc {
  const all =
    ctx.body.getParameter === '*' ||
    (isPlainObject(ctx.body.getParameter) && ctx.body.getParameter.allParameters);
  const reply: Doc = {};
  const parameters: Doc = { ...PARAMETERS, enableTestCommands: ctx.core.failPoints !== undefined };
  for (const [name, value] of Object.entries(parameters)) {
    if (all || ctx.body[name] !== undefined) reply[name] = value;
  }
  if (!all && Object.keys(reply).length === 0) {
    throw new CommandError(ErrorCode.InvalidOptions, 'no option found to get');
  }
  reply.ok = 1;
  return reply;
}

export function connectionStatus(): Doc {
  return { authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 };
}

export function whatsmyuri(ctx: CommandContext): Doc {
  return { you: ctx.conn.remote, ok: 1 };
}

export function getLog(ctx: CommandContext): Doc {
  if (ctx.body.getLog === '*') return { names: ['global', 'startupWarnings'], ok: 1 };
  return { totalLinesWritten: 0, log: [], ok: 1 };
}

/** Whether the engine can store writes now; /healthz reads this through serverStatus. */
function writeStateFields(core: CommandContext['core']): Doc {
  const state = core.store.writeState;
  return state.writable
    ? { writable: true }
    : { writable: false, writeFailure: state.reason, writeFailureSince: state.since };
}

export function serverStatus(ctx: CommandContext): Doc {
  const { core } = ctx;
  const uptimeMillis = Date.now() - core.startedAt.getTime();
  const memory = process.memoryUsage();
  return {
    host: core.address,
    version: SERVER_VERSION,
    process: 'mongod',
    pid: Long.fromNumber(process.pid),
    uptime: Math.floor(uptimeMillis / 1000),
    uptimeMillis: Long.fromNumber(uptimeMillis),
    uptimeEstimate: Long.fromNumber(Math.floor(uptimeMillis / 1000)),
    localTime: new Date(),
    connections: {
      current: core.connections.current,
      available: 1_000_000,
      totalCreated: core.connections.total,
    },
    mem: { bits: 64, resident: Math.round(memory.rss / (1024 * 1024)), virtual: 0, supported: true },
    metrics: { cursor: { open: { total: Long.fromNumber(core.cursors.size) } } },
    transactions: { currentActive: Long.fromNumber(core.txns.activeCount) },
    repl: {
      setName: REPLICA_SET_NAME,
      isWritablePrimary: true,
      secondary: false,
      hosts: [core.address],
      me: core.address,
    },
    storageEngine: {
      name: 'embedded',
      supportsCommittedReads: true,
      persistent: true,
      ...writeStateFields(core),
    },
    ok: 1,
  };
}

export function replSetGetStatus(ctx: CommandContext): Doc {
  const time = ctx.core.store.clock.current();
  const optime = { ts: time, t: Long.fromNumber(1) };
  return {
    set: REPLICA_SET_NAME,
    date: new Date(),
    myState: 1,
    term: Long.fromNumber(1),
    members: [
      {
        _id: 0,
        name: ctx.core.address,
        health: 1,
        state: 1,
        stateStr: 'PRIMARY',
        uptime: Math.floor((Date.now() - ctx.core.startedAt.getTime()) / 1000),
        optime,
        optimeDate: new Date(time.t * 1000),
        self: true,
      },
    ],
    ok: 1,
  };
}

export function replSetGetConfig(ctx: CommandContext): Doc {
  return {
    config: {
      _id: REPLICA_SET_NAME,
      version: 1,
      term: 1,
      members: [{ _id: 0, host: ctx.core.address, arbiterOnly: false, hidden: false, priority: 1, votes: 1 }],
      protocolVersion: Long.fromNumber(1),
      settings: {},
    },
    ok: 1,
  };
}

export function getDefaultRWConcern(): Doc {
  return {
    defaultReadConcern: { level: 'local' },
    defaultWriteConcern: { w: 'majority', wtimeout: 0 },
    defaultReadConcernSource: 'implicit',
    defaultWriteConcernSource: 'implicit',
    ok: 1,
  };
}

export function listCommands(names: string[]): Doc {
  const commands: Doc = {};
  for (const name of [...names].sort()) commands[name] = { help: '', adminOnly: false };
  return { commands, ok: 1 };
}

export function startSession(): Doc {
  const id = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) id[i] = Math.floor(Math.random() * 256);
  id[6] = (id[6] & 0x0f) | 0x40;
  id[8] = (id[8] & 0x3f) | 0x80;
  return { id: { id: new Binary(id, Binary.SUBTYPE_UUID) }, timeoutMinutes: 30, ok: 1 };
}

export function notSupportedAuth(): Doc {
  throw new CommandError(
    ErrorCode.AuthenticationFailed,
    'Authentication is not supported by the embedded engine; connect without credentials',
  );
}

export function ok(): Doc {
  return { ok: 1 };
}

/**
 * The operations in progress, as $currentOp and currentOp list them: the caller's own only (operations
 * waiting on other connections, such as a change stream's getMore, are not tracked).
 */
export function operationsInProgress(ctx: CommandContext): Doc[] {
  const operation: Doc = {
    type: 'op',
    host: ctx.core.address,
    desc: `conn${ctx.conn.id}`,
    connectionId: ctx.conn.id,
    client: ctx.conn.remote,
    active: true,
    currentOpTime: new Date().toISOString(),
    opid: ctx.conn.id,
    secs_running: Long.fromNumber(0),
    microsecs_running: Long.fromNumber(0),
    op: 'command',
    ns: `${ctx.db}.$cmd`,
    command: ctx.body,
    numYields: 0,
    waitingForLock: false,
  };
  if (ctx.conn.appName !== undefined) operation.appName = ctx.conn.appName;
  if (ctx.session) operation.lsid = ctx.session.lsid;
  return [operation];
}

export function currentOp(ctx: CommandContext): Doc {
  return { inprog: operationsInProgress(ctx), ok: 1 };
}

export function profile(): Doc {
  return { was: 0, slowms: 100, sampleRate: 1, ok: 1 };
}

export function usersInfo(): Doc {
  return { users: [], ok: 1 };
}

export function rolesInfo(): Doc {
  return { roles: [], ok: 1 };
}

export async function fsync(ctx: CommandContext): Promise<Doc> {
  await ctx.core.store.flush();
  return { numFiles: 1, ok: 1 };
}

export function validate(ctx: CommandContext): Doc {
  const coll = ctx.body.validate;
  const state = typeof coll === 'string' ? ctx.core.store.catalog.get(ctx.db, coll) : undefined;
  if (!state)
    throw new CommandError(
      ErrorCode.NamespaceNotFound,
      `Collection '${ctx.db}.${String(coll)}' does not exist to validate.`,
    );
  return {
    ns: state.ns,
    nrecords: state.docs.size,
    nIndexes: state.indexes.length + 1,
    valid: true,
    warnings: [],
    errors: [],
    ok: 1,
  };
}

/** configureFailPoint (failCommand only): a test command, unknown unless the engine enables test commands. */
export function configureFailPoint(ctx: CommandContext): Doc {
  const failPoints = ctx.core.failPoints;
  if (!failPoints) {
    throw new CommandError(ErrorCode.CommandNotFound, "no such command: 'configureFailPoint'");
  }
  const count = failPoints.configure(ctx.body.configureFailPoint, ctx.body.mode, ctx.body.data);
  return { count, ok: 1 };
}
