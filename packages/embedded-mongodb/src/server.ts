// TCP listener and client connections: framing, one request at a time per connection (as the server
// does), OP_MSG and legacy OP_QUERY handshakes, and the exhaust (streaming) awaitable hello.
import { createServer, Server, Socket } from 'node:net';
import { Doc } from './bson';
import { ConnectionInfo } from './commands/context';
import { errorReply, runCommand, withClusterTime } from './commands/dispatch';
import { awaitTimeOf, isHelloCommand } from './commands/hello';
import type { EngineCore } from './core';
import { CommandError, ErrorCode } from './errors';
import { describeError } from './logger';
import {
  encodeOpMsg,
  encodeOpReply,
  Frame,
  MessageFramer,
  MSG_MORE_TO_COME,
  OP_MSG,
  OP_QUERY,
  parseOpMsg,
  parseOpQuery,
  ProtocolError,
  REPLY_QUERY_FAILURE,
} from './wire';

let nextRequestId = 1;
function requestId(): number {
  nextRequestId = (nextRequestId % 0x7fffffff) + 1;
  return nextRequestId;
}

class Connection {
  private readonly framer = new MessageFramer();
  private readonly queue: Frame[] = [];
  private processing = false;
  private closed = false;
  readonly info: ConnectionInfo;

  constructor(
    private readonly core: EngineCore,
    private readonly socket: Socket,
    id: number,
  ) {
    this.info = {
      id,
      remote: `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`,
      close: () => this.destroy(),
    };
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 60_000);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.core.logger.debug(`connection ${id}: ${describeError(error)}`));
    socket.on('close', () => {
      this.closed = true;
      this.queue.length = 0;
    });
  }

  private onData(chunk: Buffer): void {
    let frames: Frame[];
    try {
      frames = this.framer.push(chunk);
    } catch (error) {
      this.core.logger.warn(
        `connection ${this.info.id}: closing after a protocol error: ${describeError(error)}`,
      );
      this.socket.destroy();
      return;
    }
    if (frames.length === 0) return;
    this.queue.push(...frames);
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.queue.length > 0 && !this.closed) {
        const frame = this.queue.shift() as Frame;
        try {
          await this.handle(frame);
        } catch (error) {
          this.core.logger.error(`connection ${this.info.id}: ${describeError(error)}`);
          this.socket.destroy();
        }
      }
    } finally {
      this.processing = false;
    }
  }

  private send(bytes: Buffer): void {
    if (!this.closed && !this.socket.destroyed) this.socket.write(bytes);
  }

  private async handle(frame: Frame): Promise<void> {
    switch (frame.header.opCode) {
      case OP_MSG:
        return this.handleMsg(frame);
      case OP_QUERY:
        return this.handleQuery(frame);
      default:
        this.core.logger.warn(
          `connection ${this.info.id}: unsupported opcode ${frame.header.opCode}; closing`,
        );
        this.socket.destroy();
    }
  }

  private async handleMsg(frame: Frame): Promise<void> {
    const { requestId: requestIdOf } = frame.header;
    let request;
    try {
      request = parseOpMsg(frame.bytes);
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      const reply = withClusterTime(
        this.core,
        errorReply(new CommandError(ErrorCode.InvalidBSON, `invalid message: ${error.message}`)),
      );
      this.send(encodeOpMsg(requestId(), requestIdOf, reply));
      return;
    }
    const name = Object.keys(request.body)[0] ?? '';
    if (request.exhaustAllowed && isHelloCommand(name) && awaitTimeOf(this.core, request.body) > 0) {
      return this.streamHello(request.body, requestIdOf);
    }
    const reply = await runCommand(this.core, this.info, request.body);
    if (request.moreToCome) return;
    this.send(this.encodeReply(requestIdOf, reply));
  }

  /** Encodes a reply; one too large to encode becomes an error reply instead. */
  private encodeReply(responseTo: number, reply: Doc, flags = 0): Buffer {
    try {
      return encodeOpMsg(requestId(), responseTo, reply, flags);
    } catch (error) {
      const tooLarge = new CommandError(
        ErrorCode.BSONObjectTooLarge,
        `the reply could not be encoded (BSON documents are limited to 16 MB): ${describeError(error)}`,
      );
      return encodeOpMsg(requestId(), responseTo, withClusterTime(this.core, errorReply(tooLarge)), flags);
    }
  }

  /** Exhaust hello: a reply every maxAwaitTimeMS, each flagged moreToCome, until the connection ends. */
  private async streamHello(body: Doc, firstResponseTo: number): Promise<void> {
    let responseTo = firstResponseTo;
    while (!this.closed && !this.core.closing) {
      const reply = await runCommand(this.core, this.info, body);
      if (this.closed || this.core.closing) return;
      const id = requestId();
      this.send(encodeOpMsg(id, responseTo, reply, MSG_MORE_TO_COME));
      responseTo = id;
    }
  }

  private async handleQuery(frame: Frame): Promise<void> {
    const query = parseOpQuery(frame.bytes);
    const responseTo = frame.header.requestId;
    const dot = query.fullCollectionName.indexOf('.');
    const db = dot < 0 ? query.fullCollectionName : query.fullCollectionName.slice(0, dot);
    const collection = dot < 0 ? '' : query.fullCollectionName.slice(dot + 1);
    if (collection !== '$cmd') {
      const failure = { $err: 'OP_QUERY is no longer supported; use OP_MSG', code: 5739101, ok: 0 };
      this.send(encodeOpReply(requestId(), responseTo, failure, REPLY_QUERY_FAILURE));
      return;
    }
    const wrapped = query.query.$query;
    const command: Doc =
      wrapped !== null && typeof wrapped === 'object' && !Array.isArray(wrapped)
        ? (wrapped as Doc)
        : query.query;
    const name = Object.keys(command)[0] ?? '';
    let reply: Doc;
    if (isHelloCommand(name)) {
      reply = await runCommand(this.core, this.info, { ...command, $db: db });
    } else {
      reply = withClusterTime(
        this.core,
        errorReply(
          new CommandError(
            ErrorCode.UnsupportedOpQueryCommand,
            `Unsupported OP_QUERY command: ${name}. The client driver may require an upgrade.`,
          ),
        ),
      );
    }
    this.send(encodeOpReply(requestId(), responseTo, reply));
  }

  destroy(): void {
    this.closed = true;
    this.socket.destroy();
  }
}

export class WireServer {
  private readonly server: Server;
  private readonly connections = new Set<Connection>();

  constructor(private readonly core: EngineCore) {
    this.server = createServer((socket) => this.accept(socket));
    this.server.on('error', (error) => core.logger.error(`listener: ${describeError(error)}`));
  }

  private accept(socket: Socket): void {
    if (this.core.closing) {
      socket.destroy();
      return;
    }
    this.core.connections.total += 1;
    this.core.connections.current += 1;
    const connection = new Connection(this.core, socket, this.core.connections.total);
    this.connections.add(connection);
    socket.on('close', () => {
      this.connections.delete(connection);
      this.core.connections.current -= 1;
    });
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const connection of this.connections) connection.destroy();
    this.connections.clear();
    await closed;
  }
}
