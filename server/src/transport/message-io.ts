// vscode-jsonrpc's reader and writer over one transport connection: bodies arrive already framed (natively
// or by frame-parser.ts), so the reader only parses JSON (a big body: hands its bytes to body-parser.ts,
// off the JS thread), and the writer only serialises.
import {
  AbstractMessageReader,
  AbstractMessageWriter,
  type DataCallback,
  type Disposable,
  type Message,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';
import { parseHere, type BodyParser } from './body-parser';

/**
 * Hands framed bodies to vscode-jsonrpc at the pace it serves them. The library queues every message it is
 * given and serves one per turn of the event loop, so a client that sends faster than that would grow the
 * library's queue without bound; here bodies wait in our own queue instead, where they are counted
 * (`queuedBytes`) and the session host can stop reading the connection (back-pressure).
 *
 * The pace: at most one body per turn. A body arriving while no body was passed on this turn goes on at
 * once (an idle session answers without a turn's delay); every later one waits for the next turn. The
 * rule is kept by `timer`: it is armed whenever a body was passed, and a body is passed only when it is
 * not armed. (Passing "whenever our queue is empty" was not enough: a batch of a thousand bodies found
 * the queue empty each time and all went to the library's unbounded queue, uncounted.)
 */
/**
 * A body on its way to the library: text to parse here, or bytes being parsed by the BodyParser (`ready`
 * once it settled, with the message or the error).
 */
interface Entry {
  size: number;
  text?: string;
  ready: boolean;
  message?: unknown;
  error?: Error;
}

export class BodyReader extends AbstractMessageReader implements MessageReader {
  private callback: DataCallback | undefined;
  private readonly queue: Entry[] = [];
  private head = 0;
  private bytes = 0;
  private timer: NodeJS.Immediate | undefined;
  private ended = false;

  /** Big bodies (bytes) are parsed by `parser`, off the JS thread; without one, here. */
  constructor(private readonly parser?: BodyParser) {
    super();
  }

  /** Called after queued bodies were passed on (the queue shrank). */
  onDrained: (() => void) | undefined;

  /** The size of the body each message passed on was parsed from, for the in-flight count. */
  private readonly sizes = new WeakMap<object, number>();

  /** The body size of a message this reader passed on (0 for one it did not). */
  sizeOf(message: Message): number {
    return this.sizes.get(message) ?? 0;
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    this.arm();
    return { dispose: () => (this.callback = undefined) };
  }

  /** Bytes (UTF-16 units for text, bytes for bytes) of bodies received and not yet passed to the library. */
  get queuedBytes(): number {
    return this.bytes;
  }

  /** Bodies received and not yet passed to the library. */
  get queuedCount(): number {
    return this.queue.length - this.head;
  }

  /**
   * One framed body from the transport: text, or (a big one) its UTF-8 bytes, which go to the parser at
   * once and keep their place in the queue until parsed: messages reach the library in the order sent.
   */
  deliver(body: string | Uint8Array): void {
    if (this.ended) return;
    if (typeof body === 'string') {
      if (this.callback !== undefined && this.timer === undefined && this.head === this.queue.length) {
        this.arm(true);
        this.pass({ size: body.length, text: body, ready: true });
        return;
      }
      this.push({ size: body.length, text: body, ready: true });
      return;
    }
    const entry: Entry = { size: body.byteLength, ready: false };
    const parsed = this.parser?.parse(body) ?? parseHere(body);
    parsed.then(
      (message) => this.settle(entry, message, undefined),
      (error: Error) => this.settle(entry, undefined, error),
    );
    this.push(entry);
  }

  private push(entry: Entry): void {
    this.queue.push(entry);
    this.bytes += entry.size;
    this.arm();
  }

  private settle(entry: Entry, message: unknown, error: Error | undefined): void {
    entry.ready = true;
    entry.message = message;
    entry.error = error;
    if (!this.ended) this.arm();
  }

  /** Schedules the next turn: always after a body was passed (`used`), else when the next body is ready. */
  private arm(used = false): void {
    if (this.timer !== undefined || this.callback === undefined) return;
    if (!used && (this.head === this.queue.length || !this.queue[this.head].ready)) return;
    this.timer = setImmediate(() => this.turn());
  }

  private turn(): void {
    this.timer = undefined;
    if (this.ended || this.callback === undefined || this.head === this.queue.length) return;
    // The next body is still being parsed: its settlement arms the next turn.
    if (!this.queue[this.head].ready) return;
    const entry = this.queue[this.head++];
    this.bytes -= entry.size;
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    this.arm(true);
    this.pass(entry);
    this.onDrained?.();
  }

  /** Not JSON: reported through onError and dropped. A message the library throws on fails alone. */
  private pass(entry: Entry): void {
    let message: Message;
    try {
      if (entry.error !== undefined) throw entry.error;
      message = (entry.text !== undefined ? JSON.parse(entry.text) : entry.message) as Message;
    } catch (error) {
      this.fireError(new Error(`message is not JSON: ${(error as Error).message}`));
      return;
    }
    if (typeof message === 'object' && message !== null) this.sizes.set(message, entry.size);
    try {
      this.callback?.(message);
    } catch (error) {
      this.fireError(new Error(`message could not be handled: ${(error as Error).message ?? String(error)}`));
    }
  }

  closed(): void {
    this.ended = true;
    if (this.timer !== undefined) clearImmediate(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
    this.head = 0;
    this.bytes = 0;
    this.fireClose();
  }
}

export class BodyWriter extends AbstractMessageWriter implements MessageWriter {
  constructor(
    private readonly send: (body: string) => boolean,
    private readonly afterWrite?: (message: Message) => void,
  ) {
    super();
  }

  write(message: Message): Promise<void> {
    // A connection that is gone drops the message: the session learns of it through the Closed event.
    this.send(JSON.stringify(message));
    this.afterWrite?.(message);
    return Promise.resolve();
  }

  end(): void {}
}
