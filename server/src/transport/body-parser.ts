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
// if it dies (it should not: its heap limit is the process's), the body it was parsing is reported
// unreadable, as bad JSON is, and the ones behind it go to a new worker.
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger';

/**
 * The worker: bytes in, `{ message }` or `{ error }` out, one body at a time. Source text (eval), so it needs no file of
 * its own beside the bundle.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const decoder = new TextDecoder('utf-8');
parentPort.on('message', (bytes) => {
  let message;
  try {
    message = JSON.parse(decoder.decode(bytes));
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message) });
    return;
  }
  parentPort.postMessage({ message });
});
`;

interface Job {
  bytes: Uint8Array;
  resolve: (message: unknown) => void;
  reject: (error: Error) => void;
}

type Reply = { message: unknown; error?: undefined } | { error: string };

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
  /** Bodies waiting for the worker, oldest first; the first is with the worker while `busy`. */
  private readonly jobs: Job[] = [];
  private busy = false;
  private stopped = false;
  /** Why no worker could be started (then every body is parsed on the JS thread). */
  private unavailable: string | undefined;
  /** Bodies parsed by the worker and on the JS thread (no worker), for tests. */
  readonly counts = { worker: 0, inline: 0 };

  constructor(private readonly logger?: Logger) {}

  /** The message in `bytes` (a JSON text in UTF-8); rejects with JSON.parse's error when it is not JSON. */
  parse(bytes: Uint8Array): Promise<unknown> {
    if (this.stopped) return Promise.reject(new Error('the body parser was stopped'));
    if (this.unavailable !== undefined) return this.inline(bytes);
    return new Promise((resolve, reject) => {
      this.jobs.push({ bytes, resolve, reject });
      this.pump();
    });
  }

  /** Ends the worker; bodies still waiting are rejected. */
  stop(): void {
    this.stopped = true;
    const w = this.worker;
    this.worker = undefined;
    for (const job of this.jobs.splice(0)) job.reject(new Error('the body parser was stopped'));
    if (w !== undefined) void w.terminate();
  }

  /**
   * Gives the worker the oldest body, one at a time: each finished message is copied into this thread's
   * heap when its reply is received, and replies that piled up would all be received in one callback
   * (three 8 MiB messages: ~75 ms of the JS thread in one block). One at a time, every other session is
   * served between two of them.
   */
  private pump(): void {
    if (this.busy || this.jobs.length === 0 || this.stopped) return;
    const worker = this.worker ?? this.start();
    if (worker === undefined) {
      for (const job of this.jobs.splice(0)) this.inline(job.bytes).then(job.resolve, job.reject);
      return;
    }
    const bytes = this.jobs[0].bytes;
    // The bytes go to the worker without a copy when they own their whole buffer (the transports hand
    // big bodies over that way); a view into a larger buffer is copied first.
    const own =
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
    this.busy = true;
    worker.ref();
    try {
      worker.postMessage(own, [own.buffer as ArrayBuffer]);
    } catch {
      // Not transferable: a copy goes instead.
      worker.postMessage(own);
    }
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
      const job = this.jobs.shift();
      this.busy = false;
      worker.unref();
      this.pump();
      if (job === undefined) return;
      this.counts.worker++;
      if (reply.error !== undefined) job.reject(new Error(reply.error));
      else job.resolve(reply.message);
    });
    const failed = (why: string): void => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      if (this.stopped) return;
      // The body it had went to it (moved, not copied): reported unreadable, like bad JSON. The bodies
      // behind it go to a new worker.
      const lost = this.busy ? this.jobs.shift() : undefined;
      this.busy = false;
      this.logger?.error(
        `the worker parsing big message bodies ${why}` +
          (lost !== undefined ? '; the body it was parsing is lost' : '') +
          (this.jobs.length > 0 ? `; ${this.jobs.length} waiting go to a new worker` : ''),
      );
      lost?.reject(new Error(`lost: the worker parsing it ${why}`));
      this.pump();
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
