// The shared server: one transport (io_uring, epoll or net), one session per connection. Each session has
// its own vscode-languageserver Connection, built with the root `createConnection(factory, watchDog)` so a
// client's `exit`, an invisible processId or a dropped socket ends that session only. Sessions are made by
// a factory the caller passes in (main.ts: a SimpleServer over the process-wide state).
//
// Limits: --max-clients (a client over it gets a window/showMessage and is closed), an idle timeout for a
// client that sends nothing, the transport's message-size and output caps, and admission
// (admission.ts) at initialize. A ring failure at run time moves the listener to epoll.
import {
  createConnection,
  ErrorCodes,
  ResponseError,
  type Connection,
  type InitializeParams,
  type WatchDog,
} from 'vscode-languageserver';
import { createProtocolConnection, type Message, type Logger as RpcLogger } from 'vscode-languageserver/node';
import type { Logger } from '../logger';
import { admit, type AdmissionPolicy } from './admission';
import { BodyReader, BodyWriter } from './message-io';
import type { TransportSelection } from './select-transport';
import {
  EventKind,
  formatAddress,
  type EventBatch,
  type ListenAddress,
  type Transport,
  type TransportLimits,
  type TransportStats,
} from './transport';

export interface SessionInfo {
  /** Sequence number of this session in the process (1, 2, ...). */
  number: number;
  /** For log lines: `tcp#3 127.0.0.1:50514`. */
  name: string;
  peer: string;
}

/** Builds a session on a fresh connection (registers handlers; the server calls listen()). */
export type SessionFactory = (connection: Connection, info: SessionInfo) => { dispose(): void } | void;

export interface TcpServerOptions {
  logger: Logger;
  selection: TransportSelection;
  addresses: ListenAddress[];
  limits: Pick<TransportLimits, 'maxMessageBytes' | 'maxOutputBytes'>;
  maxClients: number;
  /** A connection that has sent nothing after this long is closed. */
  idleTimeoutMs: number;
  policy: AdmissionPolicy;
  createSession: SessionFactory;
  /** The transport to move to when the current one fails at run time (io_uring → epoll). */
  fallback?: (failed: TransportSelection) => TransportSelection | undefined;
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
  name: string;
  reader: BodyReader;
  connection: Connection;
  dispose?: () => void;
  idle?: NodeJS.Timeout;
  shutdown: boolean;
  initialized: boolean;
  /** Why initialize was refused; the connection closes once that reply is written. */
  rejected?: string;
}

const SHOW_MESSAGE_ERROR = 1;

export class TcpServer {
  private selection: TransportSelection;
  private transport: Transport;
  private readonly sessions = new Map<number, Session>();
  /** Connections accepted over --max-clients, waiting for their refusal to be written. */
  private readonly refused = new Set<number>();
  private bound: ListenAddress[] = [];
  private count = 0;
  private readonly failovers: string[] = [];
  private readonly rpcLogger: RpcLogger;

  constructor(private readonly options: TcpServerOptions) {
    this.selection = options.selection;
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
    return this.bound;
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  status(): TcpStatus {
    return {
      backend: this.selection.kind,
      reason: this.selection.reason,
      description: this.transport.description,
      addresses: this.bound.map(formatAddress),
      sessions: this.sessions.size,
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
    this.transport.stop();
    for (const s of [...this.sessions.values()]) this.end(s, 'server stopped');
  }

  private onEvents(t: Transport, events: EventBatch): void {
    if (t !== this.transport) return;
    for (let i = 0; i < events.length; i += 3) {
      const kind = events[i] as EventKind;
      const id = events[i + 1] as number;
      const text = events[i + 2] as string;
      switch (kind) {
        case EventKind.Open:
          this.open(id, text);
          break;
        case EventKind.Message: {
          const s = this.sessions.get(id);
          if (s === undefined) break;
          if (s.idle !== undefined) clearTimeout(s.idle);
          s.idle = undefined;
          s.reader.deliver(text);
          break;
        }
        case EventKind.Problem:
          this.options.logger.error(
            `bad frame from ${this.sessions.get(id)?.name ?? `connection ${id}`}: ${text}`,
          );
          break;
        case EventKind.Fatal:
          this.fatal(id, text);
          break;
        case EventKind.Closed: {
          this.refused.delete(id);
          const s = this.sessions.get(id);
          if (s !== undefined) this.end(s, text);
          break;
        }
        case EventKind.BackendError:
          setImmediate(() => void this.failOver(text));
          return;
      }
    }
  }

  private notifyAndClose(id: number, message: string, reason: string): void {
    const note = {
      jsonrpc: '2.0',
      method: 'window/showMessage',
      params: { type: SHOW_MESSAGE_ERROR, message },
    };
    this.transport.send(id, JSON.stringify(note));
    this.transport.close(id, reason, true);
  }

  private open(id: number, peer: string): void {
    const log = this.options.logger;
    if (this.sessions.size >= this.options.maxClients) {
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
    const name = `tcp#${n} ${peer}`;
    const reader = new BodyReader();
    const session: Session = {
      id,
      name,
      reader,
      connection: undefined as unknown as Connection,
      shutdown: false,
      initialized: false,
    };
    const writer = new BodyWriter(
      (body) => t.send(id, body),
      (message: Message) => {
        if (session.rejected !== undefined && !('method' in message))
          t.close(id, `initialize refused: ${session.rejected}`, true);
      },
    );
    const watchDog: WatchDog = {
      get shutdownReceived() {
        return session.shutdown;
      },
      set shutdownReceived(value: boolean) {
        session.shutdown = value;
      },
      initialize: (params: InitializeParams) => {
        if (session.idle !== undefined) clearTimeout(session.idle);
        session.idle = undefined;
        // processId is deliberately not watched: the client may live in another container or host.
        const why = admit(this.options.policy, params);
        if (why !== undefined) {
          session.rejected = why;
          log.warn(`${name}: initialize refused: ${why}`);
          throw new ResponseError(ErrorCodes.InvalidRequest, `simple-lsp: ${why}`);
        }
        session.initialized = true;
      },
      exit: (code: number) => {
        log.info(`${name}: exit (${code === 0 ? 'after shutdown' : 'without shutdown'})`);
        t.close(id, code === 0 ? 'exit after shutdown' : 'exit without shutdown', true);
      },
    };
    session.connection = createConnection(() => {
      const protocol = createProtocolConnection(reader, writer, this.rpcLogger);
      protocol.onError(([error]) =>
        log.error(`${name}: unreadable input from the client, skipped: ${error.message}`),
      );
      return protocol;
    }, watchDog);
    session.idle = setTimeout(() => {
      // Decided after this turn's I/O: a loop that was busy must not blame a client whose bytes are waiting.
      setImmediate(() => {
        if (session.idle === undefined || !this.sessions.has(id)) return;
        log.warn(`${name}: sent nothing within ${this.options.idleTimeoutMs} ms; closing`);
        this.notifyAndClose(
          id,
          `simple-lsp: nothing received within ${this.options.idleTimeoutMs} ms`,
          'idle timeout',
        );
      });
    }, this.options.idleTimeoutMs);
    session.idle.unref();
    this.sessions.set(id, session);
    try {
      const made = this.options.createSession(session.connection, { number: n, name, peer });
      if (made) session.dispose = () => made.dispose();
      session.connection.listen();
    } catch (error) {
      log.error(`${name}: could not start a session`, error);
      t.close(id, 'session failed to start', false);
      return;
    }
    log.info(`${name}: connected (${this.sessions.size} sessions)`);
  }

  private fatal(id: number, problem: string): void {
    const name = this.sessions.get(id)?.name ?? `connection ${id}`;
    this.options.logger.error(`${name}: ${problem}; closing the connection`);
    this.notifyAndClose(id, `simple-lsp: ${problem}; closing the connection`, problem);
  }

  private end(s: Session, reason: string): void {
    if (!this.sessions.delete(s.id)) return;
    if (s.idle !== undefined) clearTimeout(s.idle);
    try {
      s.dispose?.();
      s.reader.closed();
      s.connection.dispose();
    } catch (error) {
      this.options.logger.debug(`${s.name}: dispose: ${String(error)}`);
    }
    this.options.logger.info(`${s.name}: session ended: ${reason} (${this.sessions.size} sessions left)`);
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
