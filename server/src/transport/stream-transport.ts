// stdio as a transport: one connection over a pair of byte streams (stdin/stdout, or in-memory streams in
// tests), accepted as soon as the transport starts listening, framed by the same parser as `net`
// (frame-parser.ts) and so under the same message-size cap. The session host (session-host.ts) turns it
// into a session like any TCP connection; what ending that session means (exiting the process) is the
// host's exit policy, not this file's.
import type { Readable, Writable } from 'node:stream';
import { FrameParser } from './frame-parser';
import {
  EventKind,
  type Backlog,
  type EventBatch,
  type EventHandler,
  type ListenAddress,
  type Transport,
  type TransportLimits,
  type TransportStats,
} from './transport';

/** The id of the one connection. */
const ID = 1;

export class StreamTransport implements Transport {
  readonly kind = 'stdio' as const;
  readonly description = 'a pair of streams (framing in JS)';
  private readonly parser: FrameParser;
  private state: 'idle' | 'open' | 'closing' | 'closed' = 'idle';
  private reason: string | undefined;
  private readonly counters = {
    accepted: 0,
    closed: 0,
    messagesIn: 0,
    messagesOut: 0,
    bytesIn: 0,
    bytesOut: 0,
    batches: 0,
  };
  private readonly onData = (chunk: Buffer): void => this.received(chunk);
  private readonly onEnd = (): void =>
    this.finish(`client disconnected${this.parser.midMessage ? ' in the middle of a message' : ''}`);
  private readonly onInputError = (e: Error): void =>
    this.finish(`reading from the client failed: ${e.message}`);
  private readonly onOutputError = (e: Error): void =>
    this.finish(`writing to the client failed: ${e.message}`);

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
    private readonly limits: TransportLimits,
    private readonly onEvents: EventHandler,
  ) {
    this.parser = new FrameParser(limits.maxMessageBytes, limits.inlineBodyBytes);
  }

  listen(address: ListenAddress): Promise<ListenAddress> {
    if (address.kind !== 'stream') return Promise.reject(new Error('a stream transport listens on a stream'));
    if (this.state !== 'idle') return Promise.reject(new Error('the stream transport is already started'));
    this.state = 'open';
    this.counters.accepted++;
    this.emit([EventKind.Open, ID, address.name]);
    this.input.on('data', this.onData);
    this.input.on('end', this.onEnd);
    this.input.on('error', this.onInputError);
    this.output.on('error', this.onOutputError);
    return Promise.resolve(address);
  }

  private received(chunk: Buffer): void {
    if (this.state !== 'open') return;
    this.counters.bytesIn += chunk.length;
    const r = this.parser.feed(chunk);
    const events: (number | string | Uint8Array)[] = [];
    for (const p of r.problems) events.push(EventKind.Problem, ID, p);
    for (const b of r.bodies) events.push(EventKind.Message, ID, b);
    this.counters.messagesIn += r.bodies.length;
    if (r.fatal !== undefined) {
      this.detachInput();
      events.push(EventKind.Fatal, ID, r.fatal);
    }
    if (events.length > 0) this.emit(events);
  }

  private emit(events: EventBatch): void {
    this.counters.batches++;
    this.onEvents(events);
  }

  send(id: number, body: string): boolean {
    if (id !== ID || this.state !== 'open') return false;
    const bytes = Buffer.byteLength(body, 'utf8');
    if (this.output.writableLength + bytes > this.limits.maxOutputBytes) {
      this.finish(
        `output buffer over ${this.limits.maxOutputBytes} bytes (the client is not reading its replies)`,
      );
      return false;
    }
    this.output.write(`Content-Length: ${bytes}\r\n\r\n${body}`);
    this.counters.messagesOut++;
    this.counters.bytesOut += bytes;
    return true;
  }

  close(id: number, reason: string, afterFlush: boolean): void {
    if (id !== ID || this.state !== 'open') return;
    this.state = 'closing';
    this.reason = reason;
    this.detachInput();
    // The streams are not ours to end (stdout belongs to the process): the connection ends once what was
    // written has been handed to the stream.
    if (afterFlush && this.output.writable) this.output.write('', () => this.finish(reason));
    else setImmediate(() => this.finish(reason));
  }

  setReading(id: number, reading: boolean): void {
    if (id !== ID || this.state !== 'open') return;
    if (reading) this.input.resume();
    else this.input.pause();
  }

  backlog(id: number): Backlog {
    if (id !== ID || this.state === 'closed') return { input: 0, output: 0 };
    return { input: this.parser.heldBytes, output: this.output.writableLength };
  }

  stats(): TransportStats {
    return { connections: this.state === 'open' || this.state === 'closing' ? 1 : 0, ...this.counters };
  }

  stop(): void {
    this.detachInput();
    this.state = 'closed';
  }

  private detachInput(): void {
    this.input.off('data', this.onData);
    this.input.off('end', this.onEnd);
    this.input.pause();
  }

  private finish(why: string): void {
    if (this.state === 'closed' || this.state === 'idle') return;
    this.state = 'closed';
    this.detachInput();
    this.input.off('error', this.onInputError);
    this.output.off('error', this.onOutputError);
    this.counters.closed++;
    this.emit([EventKind.Closed, ID, this.reason ?? why]);
  }
}
