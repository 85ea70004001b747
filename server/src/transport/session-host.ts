// The one place a connection becomes a session, for every transport: TCP (io_uring, epoll or net) and stdio
// (a pair of streams). Each session has its own vscode-languageserver Connection, built with the root
// `createConnection(factory, watchDog)` so a client's `exit`, an invisible processId or a dropped connection
// ends that session only; what ending a session means for the process is the exit policy passed in
// (stdio: exit with its code; TCP: nothing). Sessions are made by a factory the caller passes in.
//
// Rules every session gets here, once:
//  - lifecycle: `shutdown` before `initialize` is refused with ServerNotInitialized (-32002); admission
//    (admission.ts) at initialize, when a policy is given;
//  - isolation: each event of a transport batch is delivered on its own; a message that makes the library
//    throw fails that message, never the other connections' events in the batch;
//  - limits: --max-clients (a client over it gets a window/showMessage and is closed), the transport's
//    message-size, output and partial-input caps, back-pressure on input the session has not served yet
//    (reading stops while it is over its share of --max-input-bytes; a client that keeps it behind for the
//    progress timeout is cut off), and a progress timeout for the whole life of a connection (nothing
//    received, never initialized, or a partial message pending with no whole message for that long);
//  - one RPC logger and one watchdog.
// A ring failure at run time moves the listener to the fallback transport (io_uring → epoll).
import {
  createConnection,
  ErrorCodes,
  ResponseError,
  type Connection,
  type InitializeParams,
  type WatchDog,
} from 'vscode-languageserver';
import {
  createProtocolConnection,
  type Message,
  type MessageStrategy,
  type Logger as RpcLogger,
} from 'vscode-languageserver/node';
import type { Logger } from '../logger';
import { admit, type AdmissionPolicy } from './admission';
import { BodyParser } from './body-parser';
import { BodyReader, BodyWriter } from './message-io';
import type { TransportSelection } from './select-transport';
import {
  EventKind,
  formatAddress,
  INLINE_BODY_BYTES,
  MIN_INPUT_SHARE,
  type EventBatch,
  type ListenAddress,
  type Transport,
  type TransportLimits,
  type TransportStats,
} from './transport';

export interface SessionInfo {
  /** Sequence number of this session in the process (1, 2, ...). */
  number: number;
  /** For log lines: `tcp#3 127.0.0.1:50514`, or `stdio`. */
  name: string;
  peer: string;
}

/** Builds a session on a fresh connection (registers handlers; the host calls listen()). */
export type SessionFactory = (connection: Connection, info: SessionInfo) => { dispose(): void } | void;

export interface SessionHostOptions {
  logger: Logger;
  selection: TransportSelection;
  addresses: ListenAddress[];
  limits: Pick<TransportLimits, 'maxMessageBytes' | 'maxOutputBytes' | 'maxInputBytes'>;
  maxClients: number;
  /**
   * The progress timeout: a connection is closed when it has received nothing, or has not initialized, or
   * has held a partial message without completing one, for this long. 0: none (stdio).
   */
  idleTimeoutMs: number;
  /** Who may initialize (TCP); none: anyone (stdio: the editor that started us). */
  policy?: AdmissionPolicy;
  createSession: SessionFactory;
  /** The transport to move to when the current one fails at run time (io_uring → epoll). */
  fallback?: (failed: TransportSelection) => TransportSelection | undefined;
  /**
   * The exit policy: called once per ended session with 0 (shutdown, then exit) or 1 (anything else).
   * stdio exits the process with it; the shared server goes on.
   */
  onSessionEnd?: (code: number, reason: string, info: SessionInfo) => void;
}

export interface TcpStatus {
  backend: TransportSelection['kind'];
  reason: string;
  description: string;
  addresses: string[];
  sessions: number;
  maxClients: number;
  /** Earlier backends that failed at run time, with why. */
  failovers: string[];
  stats: TransportStats;
}

interface Session {
  id: number;
  info: SessionInfo;
  reader: BodyReader;
  connection: Connection;
  dispose?: () => void;
  shutdown: boolean;
  initialized: boolean;
  /** Why initialize was refused; the connection closes once that reply is written. */
  rejected?: string;
  /** When the connection opened, and when its last whole message arrived (performance.now()). */
  opened: number;
  lastMessage?: number;
  /** Reading stopped because unserved input is over the session's share. */
  paused: boolean;
  /**
   * Since when the session has been behind: from its first pause until its unserved input is all served.
   * A client that keeps it behind for the progress timeout sends faster than it is served: cut off.
   */
  behindSince?: number;
  /**
   * Messages the library has dispatched whose handlers have not finished (a request awaiting its answer),
   * and the bytes of their bodies: input not served yet as much as the reader's queue is.
   */
  inFlight: number;
  inFlightBytes: number;
  /** The session's part of SessionHost.queuedTotal. */
  counted: number;
  /** Output waiting in the transport at the last sweep, and since when it has not gone down. */
  lastOutput: number;
  outputStuckSince?: number;
  /**
   * Why the host is closing the connection (cut off, refused, exit). From then on the session holds no
   * --max-clients slot and its further input is dropped, although the transport may take a while to
   * report the connection Closed (after its last output is written, and the client's end is read).
   */
  closing?: string;
}

const SHOW_MESSAGE_ERROR = 1;

export class SessionHost {
  private selection: TransportSelection;
  private transport: Transport;
  private readonly sessions = new Map<number, Session>();
  /** Connections accepted over --max-clients, waiting for their refusal to be written. */
  private readonly refused = new Set<number>();
  private bound: ListenAddress[] = [];
  private count = 0;
  private readonly failovers: string[] = [];
  private readonly rpcLogger: RpcLogger;
  private sweeper: NodeJS.Timeout | undefined;
  private lastSweep = performance.now();
  /** Bytes of input the sessions hold unserved, together. */
  private queuedTotal = 0;
  /** Sessions being closed (`Session.closing`): they count for nothing but the transport's own limit. */
  private closingCount = 0;
  /** Big message bodies of every session are decoded and parsed here, off the JS thread. */
  private readonly parser: BodyParser;

  constructor(private readonly options: SessionHostOptions) {
    this.selection = options.selection;
    this.parser = new BodyParser(options.logger);
    this.transport = this.makeTransport();
    const log = options.logger;
    this.rpcLogger = {
      error: (m) => log.error(`jsonrpc: ${m}`),
      warn: (m) => log.warn(`jsonrpc: ${m}`),
      info: (m) => log.info(`jsonrpc: ${m}`),
      log: (m) => log.debug(`jsonrpc: ${m}`),
    };
  }

  private makeTransport(): Transport {
    // Room over --max-clients so the ones refused can be told why before they are closed.
    const limits: TransportLimits = {
      maxConnections: this.options.maxClients + 64,
      inlineBodyBytes: INLINE_BODY_BYTES,
      ...this.options.limits,
    };
    const t = this.selection.create(limits, (events) => this.onEvents(t, events));
    return t;
  }

  /** Listens on every address; resolves with them as bound (real ports). */
  async start(): Promise<ListenAddress[]> {
    this.bound = [];
    for (const a of this.options.addresses) this.bound.push(await this.transport.listen(a));
    this.options.logger.info(
      `listening on ${this.bound.map(formatAddress).join(', ')} with transport ${this.selection.kind}: ` +
        `${this.transport.description} (${this.selection.reason}); up to ${this.options.maxClients} clients`,
    );
    const timeout = this.options.idleTimeoutMs;
    if (timeout > 0) {
      const every = Math.max(10, Math.min(1000, timeout / 4));
      this.sweeper = setInterval(() => setImmediate(() => this.sweep(every)), every);
      this.sweeper.unref();
    }
    return this.bound;
  }

  /** Sessions that hold a --max-clients slot: every open session the host is not closing. */
  get sessionCount(): number {
    return this.sessions.size - this.closingCount;
  }

  status(): TcpStatus {
    return {
      backend: this.selection.kind,
      reason: this.selection.reason,
      description: this.transport.description,
      addresses: this.bound.map(formatAddress),
      sessions: this.sessionCount,
      maxClients: this.options.maxClients,
      failovers: [...this.failovers],
      stats: this.transport.stats(),
    };
  }

  /** Tests: the current transport, to inject a ring fault. */
  get currentTransport(): Transport {
    return this.transport;
  }

  stop(): void {
    if (this.sweeper !== undefined) clearInterval(this.sweeper);
    this.sweeper = undefined;
    this.transport.stop();
    for (const s of [...this.sessions.values()]) this.end(s, 'server stopped');
    this.parser.stop();
  }

  private onEvents(t: Transport, events: EventBatch): void {
    if (t !== this.transport) return;
    for (let i = 0; i < events.length; i += 3) {
      const kind = events[i] as EventKind;
      const id = events[i + 1] as number;
      const text = events[i + 2] as string | Uint8Array;
      if (kind === EventKind.BackendError) {
        setImmediate(() => void this.failOver(String(text)));
        return;
      }
      // One event, one connection: whatever it throws stays with that connection.
      try {
        this.deliver(kind, id, text);
      } catch (error) {
        const name = this.sessions.get(id)?.info.name ?? `connection ${id}`;
        this.options.logger.error(`${name}: handling its input failed (other sessions unaffected)`, error);
      }
    }
  }

  private deliver(kind: EventKind, id: number, body: string | Uint8Array): void {
    // Only a message body comes as bytes (a big one); every other event's text is text.
    const text = typeof body === 'string' ? body : '';
    switch (kind) {
      case EventKind.Open:
        return this.open(id, text);
      case EventKind.Message: {
        const s = this.sessions.get(id);
        if (s === undefined || s.closing !== undefined) return;
        s.lastMessage = performance.now();
        s.reader.deliver(body);
        this.account(s);
        if (!s.paused && this.overShare(s)) {
          s.paused = true;
          s.behindSince ??= performance.now();
          this.transport.setReading(id, false);
          this.options.logger.debug(
            `${s.info.name}: ${this.held(s)} bytes of input not served yet ` +
              `(${s.inFlight} messages in flight); reading paused`,
          );
        }
        return;
      }
      case EventKind.Problem:
        this.options.logger.error(
          `${this.sessions.get(id)?.info.name ?? `connection ${id}`}: bad frame from the client: ${text}`,
        );
        return;
      case EventKind.Fatal:
        return this.fatal(id, text);
      case EventKind.Closed: {
        this.refused.delete(id);
        const s = this.sessions.get(id);
        if (s !== undefined) this.end(s, text);
        return;
      }
    }
  }

  /** Input a session holds unserved: bodies not passed to the library yet, and messages still in flight. */
  private held(s: Session): number {
    return s.reader.queuedBytes + s.inFlightBytes;
  }

  /**
   * Unserved input over the session's share: more than one whole message's worth, or, while all sessions
   * together hold more than --max-input-bytes, more than an equal part of it (at least 1 MiB). `slack`
   * lowers the bar (resume only well under it).
   */
  private overShare(s: Session, slack = 1): boolean {
    const limits = this.options.limits;
    const held = this.held(s);
    if (held > limits.maxMessageBytes * slack) return true;
    if (this.queuedTotal <= limits.maxInputBytes * slack) return false;
    return held > Math.max(MIN_INPUT_SHARE, limits.maxInputBytes / Math.max(1, this.sessions.size)) * slack;
  }

  private account(s: Session): void {
    const held = this.held(s);
    this.queuedTotal += held - s.counted;
    s.counted = held;
  }

  private drained(s: Session): void {
    this.account(s);
    if (s.reader.queuedBytes === 0) s.behindSince = undefined;
    if (s.paused && !this.overShare(s, 0.5)) {
      s.paused = false;
      this.transport.setReading(s.id, true);
    }
  }

  /** The host closes a connection: a session's slot is free from now on, and its input ignored. */
  private closeConnection(id: number, reason: string, afterFlush: boolean): void {
    const s = this.sessions.get(id);
    if (s !== undefined && s.closing === undefined) {
      s.closing = reason;
      this.closingCount++;
    }
    this.transport.close(id, reason, afterFlush);
  }

  private notifyAndClose(id: number, message: string, reason: string): void {
    const note = {
      jsonrpc: '2.0',
      method: 'window/showMessage',
      params: { type: SHOW_MESSAGE_ERROR, message },
    };
    const t = this.transport;
    t.send(id, JSON.stringify(note));
    this.closeConnection(id, reason, true);
    // A client that does not read would keep that last message (and the connection) forever.
    setTimeout(() => t.close(id, `${reason} (the client did not read the notice)`, false), 2000).unref();
  }

  private open(id: number, peer: string): void {
    const log = this.options.logger;
    if (this.sessionCount >= this.options.maxClients) {
      this.refused.add(id);
      log.warn(`refused ${peer}: ${this.options.maxClients} clients already connected (--max-clients)`);
      this.notifyAndClose(
        id,
        `simple-lsp: this shared server already has ${this.options.maxClients} clients (--max-clients); try again later`,
        'refused: too many clients',
      );
      return;
    }
    const t = this.transport;
    const n = ++this.count;
    const name = this.selection.kind === 'stdio' ? 'stdio' : `tcp#${n} ${peer}`;
    const info: SessionInfo = { number: n, name, peer };
    const reader = new BodyReader(this.parser);
    const session: Session = {
      id,
      info,
      reader,
      connection: undefined as unknown as Connection,
      shutdown: false,
      initialized: false,
      opened: performance.now(),
      paused: false,
      inFlight: 0,
      inFlightBytes: 0,
      counted: 0,
      lastOutput: 0,
    };
    reader.onDrained = () => this.drained(session);
    const writer = new BodyWriter(
      (body) => t.send(id, body),
      (message: Message) => {
        if (session.rejected !== undefined && !('method' in message))
          this.closeConnection(id, `initialize refused: ${session.rejected}`, true);
      },
    );
    const policy = this.options.policy;
    const watchDog: WatchDog = {
      get shutdownReceived() {
        return session.shutdown;
      },
      set shutdownReceived(value: boolean) {
        // The library sets this first thing in its shutdown handler: a throw here is the reply.
        if (value && !session.initialized)
          throw new ResponseError(ErrorCodes.ServerNotInitialized, 'shutdown before initialize');
        session.shutdown = value;
      },
      initialize: (params: InitializeParams) => {
        // processId is deliberately not watched: the client may live in another container or host.
        const why = policy === undefined ? undefined : admit(policy, params);
        if (why !== undefined) {
          session.rejected = why;
          log.warn(`${name}: initialize refused: ${why}`);
          throw new ResponseError(ErrorCodes.InvalidRequest, `simple-lsp: ${why}`);
        }
        session.initialized = true;
      },
      exit: (code: number) => {
        log.info(`${name}: exit (${code === 0 ? 'after shutdown' : 'without shutdown'})`);
        this.closeConnection(id, code === 0 ? 'exit after shutdown' : 'exit without shutdown', true);
      },
    };
    // Every message the library dispatches is counted until its handler settles (see Session.inFlight).
    const messageStrategy: MessageStrategy = {
      handleMessage: (message, next) => {
        const bytes = reader.sizeOf(message);
        const result = next(message);
        if (!(result instanceof Promise) || session.closing !== undefined) return result;
        session.inFlight++;
        session.inFlightBytes += bytes;
        const settled = (): void => {
          session.inFlight--;
          session.inFlightBytes -= bytes;
          if (this.sessions.get(id) === session) this.drained(session);
        };
        return result.then(settled, (error: unknown) => {
          settled();
          throw error;
        });
      },
    };
    session.connection = createConnection(() => {
      const protocol = createProtocolConnection(reader, writer, this.rpcLogger, { messageStrategy });
      protocol.onError(([error]) =>
        log.error(`${name}: unreadable input from the client, skipped: ${error.message.split('\n')[0]}`),
      );
      return protocol;
    }, watchDog);
    this.sessions.set(id, session);
    try {
      const made = this.options.createSession(session.connection, info);
      if (made) session.dispose = () => made.dispose();
      session.connection.listen();
    } catch (error) {
      log.error(`${name}: could not start a session`, error);
      this.closeConnection(id, 'session failed to start', false);
      return;
    }
    log.info(`${name}: connected (${this.sessionCount} sessions)`);
  }

  /**
   * The progress timeout, decided after a turn's I/O (the sweep runs from setImmediate) and never against
   * a client while the server itself was stalled: time the loop spent blocked is not the client's.
   */
  private sweep(every: number): void {
    const now = performance.now();
    const stalled = now - this.lastSweep - every;
    this.lastSweep = now;
    const limit = this.options.idleTimeoutMs;
    for (const s of [...this.sessions.values()]) {
      if (s.closing !== undefined) continue;
      if (stalled > every) {
        s.opened += stalled;
        if (s.lastMessage !== undefined) s.lastMessage += stalled;
        if (s.outputStuckSince !== undefined) s.outputStuckSince += stalled;
        if (s.behindSince !== undefined) s.behindSince += stalled;
      }
      const why = this.idleReason(s, now, limit);
      if (why === undefined) continue;
      this.options.logger.warn(`${s.info.name}: ${why}; closing`);
      this.notifyAndClose(s.id, `simple-lsp: ${why}; closing the connection`, `idle timeout: ${why}`);
    }
  }

  private idleReason(s: Session, now: number, limit: number): string | undefined {
    const backlog = this.transport.backlog(s.id);
    // Output that does not go down: the client is not reading its replies (and, over a quarter of
    // --max-output-bytes, is not read either, so it would otherwise hold its slot for ever).
    if (backlog.output === 0 || backlog.output < s.lastOutput) s.outputStuckSince = undefined;
    else s.outputStuckSince ??= now;
    s.lastOutput = backlog.output;
    if (s.outputStuckSince !== undefined && now - s.outputStuckSince > limit)
      return `${backlog.output} bytes of replies not read within ${limit} ms`;
    if (s.behindSince !== undefined && now - s.behindSince > limit)
      return `input sent faster than it is served for ${limit} ms (${s.reader.queuedBytes} bytes waiting, over its share of --max-input-bytes)`;
    if (s.lastMessage === undefined)
      return now - s.opened <= limit
        ? undefined
        : backlog.input > 0
          ? `no whole message within ${limit} ms while one is partly received`
          : `nothing received within ${limit} ms`;
    if (!s.initialized && s.rejected === undefined && now - s.opened > limit)
      return `not initialized within ${limit} ms`;
    if (now - s.lastMessage > limit && !s.paused && backlog.input > 0)
      return `no whole message within ${limit} ms while one is partly received`;
    return undefined;
  }

  private fatal(id: number, problem: string): void {
    const name = this.sessions.get(id)?.info.name ?? `connection ${id}`;
    this.options.logger.error(`${name}: ${problem}; closing the connection`);
    this.notifyAndClose(id, `simple-lsp: ${problem}; closing the connection`, problem);
  }

  private end(s: Session, reason: string): void {
    if (!this.sessions.delete(s.id)) return;
    if (s.closing !== undefined) this.closingCount--;
    this.queuedTotal -= s.counted;
    s.counted = 0;
    try {
      s.dispose?.();
      s.reader.closed();
      s.connection.dispose();
    } catch (error) {
      this.options.logger.debug(`${s.info.name}: dispose: ${String(error)}`);
    }
    this.options.logger.info(`${s.info.name}: session ended: ${reason} (${this.sessionCount} sessions left)`);
    this.options.onSessionEnd?.(s.shutdown ? 0 : 1, reason, s.info);
  }

  /** The backend failed at run time: its sessions are lost, the listener moves to the fallback. */
  private async failOver(error: string): Promise<void> {
    const log = this.options.logger;
    const failed = this.selection;
    const next = this.options.fallback?.(failed);
    log.error(
      `transport ${failed.kind} failed at run time: ${error}; ` +
        (next ? `moving the listener to ${next.kind}` : 'no fallback transport: not listening any more'),
    );
    this.failovers.push(`${failed.kind}: ${error}`);
    const old = this.transport;
    old.stop();
    for (const s of [...this.sessions.values()]) this.end(s, `the ${failed.kind} transport failed`);
    this.refused.clear();
    if (next === undefined) return;
    this.selection = { ...next, reason: `${next.reason} (after ${failed.kind} failed: ${error})` };
    this.transport = this.makeTransport();
    const addresses = this.bound;
    this.bound = [];
    try {
      for (const a of addresses) this.bound.push(await this.transport.listen(a));
      log.warn(`listening again on ${this.bound.map(formatAddress).join(', ')} with transport ${next.kind}`);
    } catch (e) {
      log.error(`could not listen again after the ${failed.kind} failure`, e);
    }
  }
}
