// Runs summary jobs on worker threads, or on the main thread in slices when workers are unavailable
// (or not worth it: one core). Jobs are small (tens of files), so the event loop only ever installs
// finished summaries, and a job in flight never holds the loop. Workers start when jobs come and are
// ended once the pool has been idle a while (each holds its own heap: ~10-20 MB resident apiece), so a
// workspace that is indexed costs no threads until files change.
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { summarizeJob } from './index-worker';
import type { SummaryJob, SummaryReply } from './summary-job';

export interface PoolOptions {
  /** Worker threads; 0 runs jobs on the main thread. Default: cores (at most 4), 0 on one core. */
  workers?: number;
  /** End the workers after this long without a job (default 10 s). */
  idleMs?: number;
  /** Called each time idle workers were ended. */
  onRelease?: () => void;
}

const IDLE_MS = 10_000;

export function defaultWorkers(): number {
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  return cores <= 1 ? 0 : Math.min(cores, 4);
}

/** Main thread: files in slices of about SLICE_MS, other requests running in between. */
const SLICE_MS = 8;

async function summarizeInSlices(job: SummaryJob): Promise<SummaryReply> {
  const reply: SummaryReply = { seq: job.seq, results: [] };
  let i = 0;
  while (i < job.files.length) {
    await new Promise((resolve) => setImmediate(resolve));
    const t0 = performance.now();
    do {
      reply.results.push(...summarizeJob({ seq: job.seq, files: [job.files[i++]] }).results);
    } while (i < job.files.length && performance.now() - t0 < SLICE_MS);
  }
  return reply;
}

export class SummaryPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly waiting: {
    job: SummaryJob;
    resolve: (r: SummaryReply) => void;
    reject: (e: Error) => void;
  }[] = [];
  private readonly pending = new Map<
    Worker,
    { resolve: (r: SummaryReply) => void; reject: (e: Error) => void }
  >();
  private closed = false;
  private inline: Promise<unknown> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | undefined;
  /** Worker threads at most (started on demand). */
  readonly size: number;

  constructor(private readonly options: PoolOptions = {}) {
    this.size = options.workers ?? defaultWorkers();
  }

  /** Worker threads running now. */
  get live(): number {
    return this.workers.length;
  }

  private spawn(): Worker {
    const worker = new Worker(path.join(__dirname, 'index-worker.js'));
    worker.unref();
    worker.on('message', (reply: SummaryReply) => {
      const p = this.pending.get(worker);
      this.pending.delete(worker);
      this.release(worker);
      p?.resolve(reply);
    });
    worker.on('error', (error) => {
      const p = this.pending.get(worker);
      this.pending.delete(worker);
      this.workers.splice(this.workers.indexOf(worker), 1);
      if (this.idle.includes(worker)) this.idle.splice(this.idle.indexOf(worker), 1);
      p?.reject(error);
      // A worker that died (out of memory, a bug) is replaced while jobs wait for one.
      if (!this.closed && this.waiting.length > 0) this.release(this.spawn());
    });
    this.workers.push(worker);
    return worker;
  }

  private release(worker: Worker): void {
    const next = this.waiting.shift();
    if (next) {
      this.pending.set(worker, next);
      worker.postMessage(next.job);
      return;
    }
    this.idle.push(worker);
    if (this.idle.length === this.workers.length && !this.closed) {
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => this.endIdle(), this.options.idleMs ?? IDLE_MS);
      this.idleTimer.unref();
    }
  }

  /** Ends the workers when every one is idle (a job that came meanwhile cancelled the timer). */
  private endIdle(): void {
    this.idleTimer = undefined;
    if (this.idle.length !== this.workers.length) return;
    for (const w of this.workers) void w.terminate();
    this.workers.length = 0;
    this.idle.length = 0;
    this.options.onRelease?.();
  }

  run(job: SummaryJob): Promise<SummaryReply> {
    if (this.closed) return Promise.reject(new Error('summary pool: closed'));
    if (this.size === 0) {
      // One job at a time, so slices of different jobs do not pile up in one turn of the loop.
      const run = this.inline.then(() => summarizeInSlices(job));
      this.inline = run.catch(() => undefined);
      return run;
    }
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    return new Promise((resolve, reject) => {
      const worker = this.idle.pop() ?? (this.workers.length < this.size ? this.spawn() : undefined);
      if (worker) {
        this.pending.set(worker, { resolve, reject });
        worker.postMessage(job);
      } else {
        this.waiting.push({ job, resolve, reject });
      }
    });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.idleTimer);
    for (const w of this.workers) void w.terminate();
    for (const p of this.pending.values()) p.reject(new Error('summary pool: closed'));
    for (const w of this.waiting) w.reject(new Error('summary pool: closed'));
    this.workers.length = 0;
    this.waiting.length = 0;
    this.pending.clear();
  }
}
