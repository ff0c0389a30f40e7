import { BSON, Document, Long, UUID } from 'bson';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedEngine, startEmbeddedEngine } from '../../src';
import { crc32c, MessageFramer, OP_MSG, parseOpMsg, ProtocolError } from '../../src/wire';

/** Raw wire protocol checks: framing, flags, legacy handshake and malformed input, over a real socket. */

function header(length: number, requestId: number, opCode: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeInt32LE(length, 0);
  b.writeInt32LE(requestId, 4);
  b.writeInt32LE(0, 8);
  b.writeInt32LE(opCode, 12);
  return b;
}

function opMsg(
  requestId: number,
  body: Document,
  options: { flags?: number; checksum?: boolean; sequence?: [string, Document[]] } = {},
): Buffer {
  const flags = (options.flags ?? 0) | (options.checksum ? 1 : 0);
  const parts: Buffer[] = [Buffer.from([0]), Buffer.from(BSON.serialize(body))];
  if (options.sequence) {
    const [id, docs] = options.sequence;
    const payload = Buffer.concat([
      Buffer.from(id + '\0'),
      ...docs.map((d) => Buffer.from(BSON.serialize(d))),
    ]);
    const size = Buffer.alloc(4);
    size.writeInt32LE(payload.length + 4, 0);
    parts.push(Buffer.from([1]), size, payload);
  }
  const flagBytes = Buffer.alloc(4);
  flagBytes.writeUInt32LE(flags, 0);
  const bodyBytes = Buffer.concat([flagBytes, ...parts]);
  const length = 16 + bodyBytes.length + (options.checksum ? 4 : 0);
  let message = Buffer.concat([header(length, requestId, OP_MSG), bodyBytes]);
  if (options.checksum) {
    const sum = Buffer.alloc(4);
    sum.writeUInt32LE(crc32c(message), 0);
    message = Buffer.concat([message, sum]);
  }
  return message;
}

function opQuery(requestId: number, ns: string, query: Document): Buffer {
  const body = Buffer.concat([
    Buffer.alloc(4),
    Buffer.from(ns + '\0'),
    Buffer.from([0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]),
    Buffer.from(BSON.serialize(query)),
  ]);
  return Buffer.concat([header(16 + body.length, requestId, 2004), body]);
}

/** A raw connection that collects whole replies. */
class RawClient {
  private readonly framer = new MessageFramer();
  readonly replies: { opCode: number; responseTo: number; flags: number; doc: Document }[] = [];
  private waiters: (() => void)[] = [];
  closed = false;

  constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const frame of this.framer.push(chunk)) {
        const { opCode, responseTo } = frame.header;
        if (opCode === OP_MSG) {
          const parsed = parseOpMsg(frame.bytes);
          this.replies.push({ opCode, responseTo, flags: parsed.flags, doc: parsed.body });
        } else {
          const doc = BSON.deserialize(frame.bytes.subarray(36));
          this.replies.push({ opCode, responseTo, flags: frame.bytes.readInt32LE(16), doc });
        }
      }
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  private wake() {
    for (const w of this.waiters.splice(0)) w();
  }

  static open(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  async waitFor(count: number, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.replies.length < count) {
      if (Date.now() > deadline) throw new Error(`got ${this.replies.length} of ${count} replies`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  async waitClosed(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('connection stayed open');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

describe('message framing', () => {
  it('reassembles messages split across chunks and splits several per chunk', () => {
    const a = opMsg(1, { ping: 1, $db: 'admin' });
    const b = opMsg(2, { ping: 1, $db: 'x' });
    const stream = Buffer.concat([a, b]);
    const framer = new MessageFramer();
    const frames = [];
    for (let i = 0; i < stream.length; i += 3) frames.push(...framer.push(stream.subarray(i, i + 3)));
    expect(frames.map((f) => f.header.requestId)).toEqual([1, 2]);
    expect(new MessageFramer().push(stream).map((f) => f.header.requestId)).toEqual([1, 2]);
  });

  it('rejects impossible lengths', () => {
    expect(() => new MessageFramer().push(header(48_000_001, 1, OP_MSG))).toThrow(ProtocolError);
    expect(() => new MessageFramer().push(header(3, 1, OP_MSG))).toThrow(ProtocolError);
  });

  it('merges kind-1 document sequences into the body and verifies checksums', () => {
    const message = opMsg(
      7,
      { insert: 'c', $db: 'd' },
      { checksum: true, sequence: ['documents', [{ a: 1 }, { a: 2 }]] },
    );
    const parsed = parseOpMsg(message);
    expect(parsed.body).toEqual({ insert: 'c', $db: 'd', documents: [{ a: 1 }, { a: 2 }] });
    message[message.length - 5] ^= 0xff;
    expect(() => parseOpMsg(message)).toThrow(/checksum/);
  });
});

describe('the engine on a raw socket', () => {
  let dir: string;
  let engine: EmbeddedEngine;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'engine-wire-'));
    engine = await startEmbeddedEngine({ dbPath: dir });
  });

  afterAll(async () => {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a legacy OP_QUERY isMaster with OP_REPLY', async () => {
    const client = await RawClient.open(engine.port);
    client.socket.write(opQuery(11, 'admin.$cmd', { isMaster: 1, helloOk: true }));
    await client.waitFor(1);
    expect(client.replies[0]).toMatchObject({ opCode: 1, responseTo: 11 });
    expect(client.replies[0].doc).toMatchObject({ ismaster: true, helloOk: true, maxWireVersion: 21, ok: 1 });
    client.socket.write(opQuery(12, 'admin.$cmd', { find: 'x' }));
    await client.waitFor(2);
    expect(client.replies[1].doc).toMatchObject({ ok: 0, code: 352 });
    client.socket.destroy();
  });

  it('handles byte-by-byte delivery, several messages per chunk, checksums and document sequences', async () => {
    const client = await RawClient.open(engine.port);
    const insert = opMsg(
      21,
      { insert: 'raw', $db: 'wire' },
      { checksum: true, sequence: ['documents', [{ _id: 1 }, { _id: 2 }]] },
    );
    for (const byte of insert) client.socket.write(Buffer.from([byte]));
    await client.waitFor(1);
    expect(client.replies[0].doc).toMatchObject({ n: 2, ok: 1 });
    client.socket.write(
      Buffer.concat([opMsg(22, { ping: 1, $db: 'admin' }), opMsg(23, { count: 'raw', $db: 'wire' })]),
    );
    await client.waitFor(3);
    expect(client.replies.slice(1).map((r) => [r.responseTo, r.doc.ok])).toEqual([
      [22, 1],
      [23, 1],
    ]);
    expect(client.replies[2].doc.n).toBe(2);
    client.socket.destroy();
  });

  it('runs moreToCome requests without replying, in order with what follows', async () => {
    const client = await RawClient.open(engine.port);
    client.socket.write(opMsg(31, { insert: 'quiet', $db: 'wire', documents: [{ _id: 'a' }] }, { flags: 2 }));
    client.socket.write(opMsg(32, { count: 'quiet', $db: 'wire' }));
    await client.waitFor(1);
    expect(client.replies).toHaveLength(1);
    expect(client.replies[0]).toMatchObject({ responseTo: 32, doc: { n: 1 } });
    client.socket.destroy();
  });

  it('answers malformed BSON with an error and keeps the connection', async () => {
    const client = await RawClient.open(engine.port);
    const bad = opMsg(41, { ping: 1, $db: 'admin' });
    bad.writeInt32LE(9999, 21); // the body's own length is now wrong
    client.socket.write(bad);
    client.socket.write(opMsg(42, { ping: 1, $db: 'admin' }));
    await client.waitFor(2);
    expect(client.replies[0].doc).toMatchObject({ ok: 0 });
    expect(client.replies[1]).toMatchObject({ responseTo: 42, doc: { ok: 1 } });
    client.socket.destroy();
  });

  it('closes the connection on an oversize or unknown message, and keeps serving others', async () => {
    const oversize = await RawClient.open(engine.port);
    oversize.socket.write(header(100_000_000, 51, OP_MSG));
    await oversize.waitClosed();
    const unknown = await RawClient.open(engine.port);
    unknown.socket.write(header(16, 52, 9999));
    await unknown.waitClosed();
    const fine = await RawClient.open(engine.port);
    fine.socket.write(opMsg(53, { ping: 1, $db: 'admin' }));
    await fine.waitFor(1);
    expect(fine.replies[0].doc.ok).toBe(1);
    fine.socket.destroy();
  });

  it('answers an unknown command with CommandNotFound, not ok', async () => {
    const client = await RawClient.open(engine.port);
    client.socket.write(opMsg(61, { frobnicate: 1, $db: 'admin' }));
    await client.waitFor(1);
    expect(client.replies[0].doc).toMatchObject({
      ok: 0,
      code: 59,
      codeName: 'CommandNotFound',
      errmsg: "no such command: 'frobnicate'",
    });
    client.socket.destroy();
  });

  it('applies a retried retryable write (same lsid and txnNumber) once', async () => {
    const client = await RawClient.open(engine.port);
    const lsid = { id: new UUID() };
    const insert = {
      insert: 'retry',
      $db: 'wire',
      documents: [{ _id: 'once', at: 1 }],
      lsid,
      txnNumber: Long.fromNumber(7),
    };
    const update = {
      update: 'retry',
      $db: 'wire',
      updates: [{ q: { _id: 'once' }, u: { $inc: { at: 1 } } }],
      lsid,
      txnNumber: Long.fromNumber(8),
    };
    client.socket.write(
      Buffer.concat([opMsg(81, insert), opMsg(82, insert), opMsg(83, update), opMsg(84, update)]),
    );
    client.socket.write(opMsg(85, { find: 'retry', $db: 'wire', filter: {} }));
    client.socket.write(
      opMsg(86, { ...insert, documents: [{ _id: 'late' }], txnNumber: Long.fromNumber(3) }),
    );
    await client.waitFor(6);
    const [first, second, third, fourth, found, stale] = client.replies.map((r) => r.doc);
    expect([first.n, second.n, third.nModified, fourth.nModified]).toEqual([1, 1, 1, 1]);
    expect(second.writeErrors).toBeUndefined();
    expect(found.cursor.firstBatch).toEqual([{ _id: 'once', at: 2 }]);
    expect(stale).toMatchObject({ ok: 0, code: 225, codeName: 'TransactionTooOld' });
    client.socket.destroy();
  });

  it('streams awaitable hello replies with moreToCome when exhaust is allowed', async () => {
    const client = await RawClient.open(engine.port);
    client.socket.write(opMsg(71, { hello: 1, $db: 'admin' }));
    await client.waitFor(1);
    const { topologyVersion } = client.replies[0].doc;
    const started = Date.now();
    client.socket.write(
      opMsg(72, { hello: 1, $db: 'admin', topologyVersion, maxAwaitTimeMS: 150 }, { flags: 1 << 16 }),
    );
    await client.waitFor(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(client.replies[1]).toMatchObject({ responseTo: 72, flags: 2 });
    expect(client.replies[2].flags).toBe(2);
    client.socket.destroy();
  });
});
