// The `net` backend: Node's sockets with framing in JS (frame-parser.ts). The last resort where the addon
// cannot load, and the baseline of the transport benchmark. Each socket's data event is one batch.
import * as fs from 'node:fs';
import * as net from 'node:net';
import { FrameParser } from './frame-parser';
import {
  EventKind,
  overInputShare,
  type Backlog,
  type EventBatch,
  type EventHandler,
  type ListenAddress,
  type Transport,
  type TransportLimits,
  type TransportStats,
} from './transport';

interface NetConn {
  socket: net.Socket;
  parser: FrameParser;
  reason?: string;
  closing: boolean;
  /** Reading stopped by the session host (back-pressure). */
  held: boolean;
  /** Reading stopped because its partial input is over its share of maxInputBytes. */
  throttled: boolean;
  /**
   * Reading stopped because output the client has not read is over a quarter of maxOutputBytes (a client
   * that does not read its replies is not read either); resumed below an eighth. As in the native ones.
   */
  outThrottled: boolean;
}

export class NetTransport implements Transport {
  readonly kind = 'net' as const;
  readonly description = 'Node net (framing in JS)';
  private readonly servers: net.Server[] = [];
  private readonly conns = new Map<number, NetConn>();
  private nextId = 1;
  private stopped = false;
  /** Bytes of partial messages held by all parsers together. */
  private inputTotal = 0;
  private readonly throttled = new Set<number>();
  private readonly counters = {
    accepted: 0,
    closed: 0,
    messagesIn: 0,
    messagesOut: 0,
    bytesIn: 0,
    bytesOut: 0,
    batches: 0,
  };

  constructor(
    private readonly limits: TransportLimits,
    private readonly onEvents: EventHandler,
  ) {}

  async listen(address: ListenAddress): Promise<ListenAddress> {
    if (address.kind === 'stream') throw new Error('a socket transport cannot listen on a stream');
    const server = net.createServer({ noDelay: true }, (socket) => this.accept(socket));
    server.maxConnections = this.limits.maxConnections;
    if (address.kind === 'unix') await prepareUnixPath(address.path);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      const done = (): void => {
        server.off('error', reject);
        resolve();
      };
      if (address.kind === 'unix') {
        // Created 0600: the umask covers the window between bind and chmod.
        const old = process.umask(0o177);
        try {
          server.listen({ path: address.path, backlog: 1024 }, done);
        } finally {
          process.umask(old);
        }
      } else {
        server.listen(
          { host: address.host.replace(/^\[|\]$/g, ''), port: address.port, backlog: 1024 },
          done,
        );
      }
    });
    if (address.kind === 'unix') fs.chmodSync(address.path, 0o600);
    this.servers.push(server);
    const bound = server.address();
    return address.kind === 'tcp' && bound !== null && typeof bound === 'object'
      ? { ...address, port: bound.port }
      : address;
  }

  private accept(socket: net.Socket): void {
    if (this.stopped) return void socket.destroy();
    const id = this.nextId++;
    const conn: NetConn = {
      socket,
      parser: new FrameParser(this.limits.maxMessageBytes, this.limits.inlineBodyBytes),
      closing: false,
      held: false,
      throttled: false,
      outThrottled: false,
    };
    this.conns.set(id, conn);
    this.counters.accepted++;
    const peer =
      socket.remoteAddress === undefined
        ? 'unix'
        : socket.remoteFamily === 'IPv6'
          ? `[${socket.remoteAddress}]:${socket.remotePort}`
          : `${socket.remoteAddress}:${socket.remotePort}`;
    this.emit([EventKind.Open, id, peer]);
    socket.on('data', (chunk: Buffer) => {
      this.counters.bytesIn += chunk.length;
      const before = conn.parser.heldBytes;
      const r = conn.parser.feed(chunk);
      this.inputTotal += conn.parser.heldBytes - before;
      if (conn.parser.heldBytes < before) this.unthrottle();
      else if (overInputShare(conn.parser.heldBytes, this.inputTotal, this.conns.size, this.limits)) {
        conn.throttled = true;
        this.throttled.add(id);
        socket.pause();
      }
      const events: (number | string | Uint8Array)[] = [];
      for (const p of r.problems) events.push(EventKind.Problem, id, p);
      for (const b of r.bodies) events.push(EventKind.Message, id, b);
      this.counters.messagesIn += r.bodies.length;
      if (r.fatal !== undefined) {
        socket.pause();
        socket.removeAllListeners('data');
        events.push(EventKind.Fatal, id, r.fatal);
      }
      if (events.length > 0) this.emit(events);
    });
    socket.on('end', () => {
      conn.reason ??= `client disconnected${conn.parser.midMessage ? ' in the middle of a message' : ''}`;
      socket.destroy();
    });
    socket.on('drain', () => {
      if (!conn.outThrottled || socket.writableLength > this.limits.maxOutputBytes / 8) return;
      conn.outThrottled = false;
      this.applyReading(conn);
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      conn.reason ??= `${e.syscall ?? 'socket'}: ${e.message}`;
    });
    socket.on('close', () => {
      this.conns.delete(id);
      this.inputTotal -= conn.parser.heldBytes;
      if (this.throttled.delete(id) || conn.parser.heldBytes > 0) this.unthrottle();
      this.counters.closed++;
      if (!this.stopped) this.emit([EventKind.Closed, id, conn.reason ?? 'client disconnected']);
    });
  }

  private emit(events: EventBatch): void {
    this.counters.batches++;
    this.onEvents(events);
  }

  send(id: number, body: string): boolean {
    const conn = this.conns.get(id);
    if (conn === undefined || conn.closing) return false;
    const bytes = Buffer.byteLength(body, 'utf8');
    if (conn.socket.writableLength + bytes > this.limits.maxOutputBytes) {
      conn.reason ??= `output buffer over ${this.limits.maxOutputBytes} bytes (the client is not reading its replies)`;
      conn.closing = true;
      conn.socket.destroy();
      return false;
    }
    conn.socket.write(`Content-Length: ${bytes}\r\n\r\n${body}`);
    if (!conn.outThrottled && conn.socket.writableLength > this.limits.maxOutputBytes / 4) {
      conn.outThrottled = true;
      this.applyReading(conn);
    }
    this.counters.messagesOut++;
    this.counters.bytesOut += bytes;
    return true;
  }

  close(id: number, reason: string, afterFlush: boolean): void {
    const conn = this.conns.get(id);
    if (conn === undefined) return;
    // A close after flush that never flushes (the client does not read) is ended by a close without.
    if (conn.closing) {
      if (!afterFlush) conn.socket.destroy();
      return;
    }
    conn.closing = true;
    conn.reason ??= reason;
    if (afterFlush) conn.socket.end(() => conn.socket.destroy());
    else conn.socket.destroy();
  }

  setReading(id: number, reading: boolean): void {
    const conn = this.conns.get(id);
    if (conn === undefined) return;
    conn.held = !reading;
    this.applyReading(conn);
  }

  backlog(id: number): Backlog {
    const conn = this.conns.get(id);
    if (conn === undefined) return { input: 0, output: 0 };
    return { input: conn.parser.heldBytes, output: conn.socket.writableLength };
  }

  /** Partial input went down somewhere: connections no longer over their share read again. */
  private unthrottle(): void {
    for (const id of [...this.throttled]) {
      const conn = this.conns.get(id);
      if (
        conn !== undefined &&
        overInputShare(conn.parser.heldBytes, this.inputTotal, this.conns.size, this.limits)
      )
        continue;
      this.throttled.delete(id);
      if (conn === undefined) continue;
      conn.throttled = false;
      this.applyReading(conn);
    }
  }

  private applyReading(conn: NetConn): void {
    if (conn.closing) return;
    if (conn.held || conn.throttled || conn.outThrottled) conn.socket.pause();
    else conn.socket.resume();
  }

  stats(): TransportStats {
    return { connections: this.conns.size, ...this.counters };
  }

  stop(): void {
    this.stopped = true;
    for (const s of this.servers) s.close();
    for (const c of this.conns.values()) c.socket.destroy();
    this.conns.clear();
  }
}

/** Removes a stale socket file (nobody accepting); refuses a path that is in use or not a socket. */
async function prepareUnixPath(path: string): Promise<void> {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(path);
  } catch {
    return;
  }
  if (!st.isSocket()) throw new Error(`listen '${path}': the path exists and is not a socket`);
  const live = await new Promise<boolean>((resolve) => {
    const probe = net.connect(path, () => {
      probe.destroy();
      resolve(true);
    });
    probe.on('error', () => resolve(false));
  });
  if (live) throw new Error(`listen '${path}': another server is listening on the socket`);
  fs.unlinkSync(path);
}
