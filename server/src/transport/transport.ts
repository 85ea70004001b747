// One interface over every way a client reaches the server: the three TCP transports (io_uring and epoll in
// the native addon, Node `net`) and a pair of streams (stdio: one connection, accepted before it starts).
// A transport accepts connections, frames LSP messages and hands JS everything that became ready in one
// batch of flat events: [kind, id, text, kind, id, text, ...] (a message body over the limits'
// `inlineBodyBytes` comes as its UTF-8 bytes instead of text, to be decoded off the JS thread). Connection ids are opaque numbers; a closed
// connection's id is never reused for the next one.

/** The TCP backends (`--transport`). */
export type TransportKind = 'uring' | 'epoll' | 'net';
export const TRANSPORT_KINDS: readonly TransportKind[] = ['uring', 'epoll', 'net'];
/** Every transport, stdio included. */
export type ConnectionKind = TransportKind | 'stdio';

export const enum EventKind {
  /** A connection was accepted; text: the peer address. */
  Open = 0,
  /** One whole message body: UTF-8 decoded, or its bytes (a Uint8Array) when over `inlineBodyBytes`. */
  Message = 1,
  /** A framing problem the stream recovered from (skipped to the next Content-Length). */
  Problem = 2,
  /** The connection is gone; text: why. The id is dead from now on. */
  Closed = 3,
  /** The backend itself failed (a broken ring); id 0. The transport must be replaced. */
  BackendError = 4,
  /** A framing error the connection cannot survive (a message over the size cap): reading stopped. */
  Fatal = 5,
}

export type EventBatch = readonly (number | string | Uint8Array)[];
export type EventHandler = (events: EventBatch) => void;

export type ListenAddress =
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'unix'; path: string }
  /** A pair of streams (stdin/stdout): its one connection opens when the transport starts listening. */
  | { kind: 'stream'; name: string };

export interface TransportLimits {
  /** Connections the transport holds at most (accepts beyond are closed at once). */
  maxConnections: number;
  /** A message whose Content-Length is larger is fatal for its connection. */
  maxMessageBytes: number;
  /** Output queued for one connection beyond this closes it (a client that does not read). */
  maxOutputBytes: number;
  /**
   * Bytes of partial messages (headers and bodies still arriving) all connections may hold together. Past
   * it, a connection holding more than its fair share (this / connections, at least 1 MiB) is not read
   * until the total falls again; the session host's progress timeout cuts it off if it stays stalled.
   */
  maxInputBytes: number;
  /**
   * Message bodies longer than this (bytes) are handed over as bytes, not decoded: decoding and parsing
   * them is the session host's, off the JS thread. Unset: every body as text.
   */
  inlineBodyBytes?: number;
}

/** What one connection holds in the transport: a partial message received, output not yet written. */
export interface Backlog {
  input: number;
  output: number;
}

export interface TransportStats {
  connections: number;
  accepted: number;
  closed: number;
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
  /** Calls into JS with events. */
  batches: number;
}

export interface Transport {
  readonly kind: ConnectionKind;
  /** How this backend is set up, for the log and simple/status. */
  readonly description: string;
  /** Starts listening; resolves with the bound address (the real port when 0 was asked for). */
  listen(address: ListenAddress): Promise<ListenAddress>;
  /** Queues one message body (framed by the transport). False when the connection is gone or closing. */
  send(id: number, body: string): boolean;
  /** Closes a connection; with afterFlush, once its queued output is written. A Closed event follows. */
  close(id: number, reason: string, afterFlush: boolean): void;
  /** Stops (false) or resumes (true) reading a connection: back-pressure from the session host. */
  setReading(id: number, reading: boolean): void;
  /** What the connection holds (zeros when it is gone). */
  backlog(id: number): Backlog;
  stats(): TransportStats;
  /** Closes the listeners and every connection at once, without further events. */
  stop(): void;
}

export function formatAddress(a: ListenAddress): string {
  if (a.kind === 'stream') return a.name;
  return a.kind === 'unix' ? `unix:${a.path}` : `${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`;
}

/** A connection may always hold this much partial input, however crowded the server is. */
export const MIN_INPUT_SHARE = 1024 * 1024;

/** The partial-input rule all transports share (see TransportLimits.maxInputBytes). */
export function overInputShare(
  held: number,
  total: number,
  connections: number,
  limits: TransportLimits,
): boolean {
  if (total <= limits.maxInputBytes) return false;
  return held > Math.max(MIN_INPUT_SHARE, limits.maxInputBytes / Math.max(1, connections));
}

/**
 * Bodies up to this size are decoded and parsed on the JS thread (well under a millisecond); longer ones in
 * the body parser's worker (an 8 MiB body held the JS thread ~55 ms, loaded, with every session waiting).
 */
export const INLINE_BODY_BYTES = 128 * 1024;

export const DEFAULT_LIMITS: TransportLimits = {
  maxConnections: 1024 + 64,
  maxMessageBytes: 16 * 1024 * 1024,
  maxOutputBytes: 64 * 1024 * 1024,
  maxInputBytes: 256 * 1024 * 1024,
};
