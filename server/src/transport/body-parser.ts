// Decodes and parses big message bodies off the JS thread, for every session of the process at once.
//
// Why: the JS thread serves every session, and a big body costs it twice before any handler runs — UTF-8
// decoding (~25 ms for 8 MiB on the 2-core machine, loaded) and JSON.parse (~30 ms more). In the soak
// benchmark (8 MiB notifications beside eight ordinary sessions), a CPU profile of the server put 5.0 s of
// 20 s in JSON.parse and most of another 9.6 s in native string creation: every ordinary session waited
// behind those blocks, which was its p99. Here a transport hands bodies over `INLINE_BODY_BYTES` as bytes;
// one worker thread decodes and parses them, and the JS thread only receives the finished message (a
// structured clone: a copy of its strings, no decoding, no parsing).
//
// The worker starts with the first big body and stays (one thread, its own small heap, unref'd while it has
// nothing to do). If it cannot start, bodies are parsed on the JS thread (slower for everyone, never lost);
// if it dies (it should not: its heap limit is the process's), the bodies waiting on it are reported
// unreadable, as bad JSON is, and the next big body starts a new worker.
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger';

/**
 * The worker: bytes in, `{ id, message }` or `{ id, error }` out. Source text (eval), so it needs no file of
 * its own beside the bundle.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const decoder = new TextDecoder('utf-8');
parentPort.on('message', ({ id, bytes }) => {
  let message;
  try {
    message = JSON.parse(decoder.decode(bytes));
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message) });
    return;
  }
  parentPort.postMessage({ id, message });
});
`;

interface Waiting {
  resolve: (message: unknown) => void;
  reject: (error: Error) => void;
}

type Reply = { id: number; message: unknown; error?: undefined } | { id: number; error: string };

/** What the worker does, on the JS thread (no worker): the message in UTF-8 bytes, or JSON.parse's error. */
export function parseHere(bytes: Uint8Array): Promise<unknown> {
  try {
    return Promise.resolve(
      JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')),
    );
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

export class BodyParser {
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private next = 1;
  private stopped = false;
  /** Why no worker could be started (then every body is parsed on the JS thread). */
  private unavailable: string | undefined;
  /** Bodies parsed by the worker and on the JS thread (after a worker failure), for tests and status. */
  readonly counts = { worker: 0, inline: 0 };

  constructor(private readonly logger?: Logger) {}

  /** The message in `bytes` (a JSON text in UTF-8); rejects with JSON.parse's error when it is not JSON. */
  parse(bytes: Uint8Array): Promise<unknown> {
    if (this.stopped) return Promise.reject(new Error('the body parser was stopped'));
    const worker = this.worker ?? (this.unavailable === undefined ? this.start() : undefined);
    if (worker === undefined) return this.inline(bytes);
    return new Promise((resolve, reject) => {
      const id = this.next++;
      this.waiting.set(id, { resolve, reject });
      // The bytes go to the worker without a copy when they own their whole buffer (the transports
      // hand big bodies over that way); a view into a larger buffer is copied first.
      const own =
        bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
          ? bytes
          : new Uint8Array(bytes);
      if (this.waiting.size === 1) worker.ref();
      try {
        worker.postMessage({ id, bytes: own }, [own.buffer as ArrayBuffer]);
      } catch {
        // Not transferable (memory the addon owns): a copy goes instead.
        worker.postMessage({ id, bytes: own });
      }
    });
  }

  /** Ends the worker; bodies still waiting are rejected. */
  stop(): void {
    this.stopped = true;
    const w = this.worker;
    this.worker = undefined;
    for (const [, waiting] of this.waiting) waiting.reject(new Error('the body parser was stopped'));
    this.waiting.clear();
    if (w !== undefined) void w.terminate();
  }

  private start(): Worker | undefined {
    let worker: Worker;
    try {
      worker = new Worker(WORKER_SOURCE, { eval: true });
    } catch (error) {
      this.unavailable = String(error);
      this.logger?.warn(`big message bodies are parsed on the main thread: no worker (${this.unavailable})`);
      return undefined;
    }
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const waiting = this.waiting.get(reply.id);
      if (waiting === undefined) return;
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) worker.unref();
      this.counts.worker++;
      if (reply.error !== undefined) waiting.reject(new Error(reply.error));
      else waiting.resolve(reply.message);
    });
    const failed = (why: string): void => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      if (this.stopped) return;
      this.logger?.error(
        `the worker parsing big message bodies ${why}; ${this.waiting.size} waiting on it are lost; ` +
          'the next one starts a new worker',
      );
      // Their bytes went to the worker (moved, not copied): they are reported unreadable, like bad JSON.
      for (const [, w] of this.waiting) w.reject(new Error(`lost: the worker parsing it ${why}`));
      this.waiting.clear();
    };
    worker.on('error', (error) => failed(`failed: ${error.message}`));
    worker.on('exit', (code) => failed(`exited (${code})`));
    this.worker = worker;
    return worker;
  }

  private inline(bytes: Uint8Array): Promise<unknown> {
    this.counts.inline++;
    return parseHere(bytes);
  }
}
