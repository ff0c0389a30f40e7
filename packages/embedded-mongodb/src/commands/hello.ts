// The handshake: hello / isMaster, answered as the primary of a one-member replica set.
import { Long, ObjectId } from 'bson';
import { Doc, isPlainObject, toInteger, truthy } from '../bson';
import type { EngineCore } from '../core';
import { SESSION_TIMEOUT_MINUTES } from '../transactions';
import { CommandContext, ConnectionInfo } from './context';

export const REPLICA_SET_NAME = 'rs0';
export const MAX_WIRE_VERSION = 21;
const ELECTION_ID = new ObjectId('7fffffff0000000000000001');

export function isHelloCommand(name: string): boolean {
  return name === 'hello' || name === 'isMaster' || name === 'ismaster';
}

export function helloReply(core: EngineCore, conn: ConnectionInfo, body: Doc, name: string): Doc {
  const time = core.store.clock.current();
  const opTime = { ts: time, t: Long.fromNumber(1) };
  const writeDate = new Date(time.t * 1000);
  const reply: Doc = {};
  if (truthy(body.helloOk)) reply.helloOk = true;
  if (name === 'hello') reply.isWritablePrimary = true;
  else reply.ismaster = true;
  Object.assign(reply, {
    topologyVersion: { processId: core.processId, counter: Long.fromNumber(0) },
    hosts: [core.address],
    setName: REPLICA_SET_NAME,
    setVersion: 1,
    secondary: false,
    primary: core.address,
    me: core.address,
    electionId: ELECTION_ID,
    lastWrite: { opTime, lastWriteDate: writeDate, majorityOpTime: opTime, majorityWriteDate: writeDate },
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: SESSION_TIMEOUT_MINUTES,
    connectionId: conn.id,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  });
  return reply;
}

/** The wait an awaitable hello asks for, when its topologyVersion is current (else 0: answer now). */
export function awaitTimeOf(core: EngineCore, body: Doc): number {
  const wait = toInteger(body.maxAwaitTimeMS);
  const version = body.topologyVersion;
  if (wait === undefined || wait <= 0 || !isPlainObject(version)) return 0;
  const processId = version.processId;
  const current = processId instanceof ObjectId && processId.equals(core.processId);
  return current ? wait : 0;
}

export async function hello(ctx: CommandContext): Promise<Doc> {
  const application = isPlainObject(ctx.body.client) ? ctx.body.client.application : undefined;
  if (isPlainObject(application) && typeof application.name === 'string') {
    ctx.conn.appName = application.name;
  }
  const wait = awaitTimeOf(ctx.core, ctx.body);
  if (wait > 0) await ctx.core.sleep(wait);
  return helloReply(ctx.core, ctx.conn, ctx.body, ctx.name);
}
