// Runs summary jobs on worker threads, or on the main thread in slices when workers are unavailable
// (or not worth it: one core). Jobs are small (tens of files), so the event loop only ever installs
// finished summaries, and a job in flight never holds the loop.
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { summarizeJob } from './index-worker';
import type { SummaryJob, SummaryReply } from './summary-job';

export interface PoolOptions {
  /** Worker threads; 0 runs jobs on the main thread. Default: cores (at most 4), 0 on one core. */
  workers?: number;
}

export function defaultWorkers(): number {
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  return cores <= 1 ? 0 : Math.min(cores, 4);
}

/** The old-generation heap of one index worker. */
export const WORKER_HEAP_MB = 512;

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
  readonly size: number;

  constructor(options: PoolOptions = {}) {
    this.size = options.workers ?? defaultWorkers();
    for (let i = 0; i < this.size; i++) this.spawn();
  }

  private spawn(): void {
    // A bounded heap: a file that would need more fails its job (retried file by file by the workspace)
    // instead of growing the process by gigabytes.
    const worker = new Worker(path.join(__dirname, 'index-worker.js'), {
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
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
      p?.reject(error);
      if (!this.closed) this.spawn(); // a worker that died (out of memory, a bug) is replaced
    });
    this.workers.push(worker);
    this.release(worker);
  }

  private release(worker: Worker): void {
    const next = this.waiting.shift();
    if (next) {
      this.pending.set(worker, next);
      worker.postMessage(next.job);
    } else {
      this.idle.push(worker);
    }
  }

  run(job: SummaryJob): Promise<SummaryReply> {
    if (this.closed) return Promise.reject(new Error('summary pool: closed'));
    if (this.size === 0) {
      // One job at a time, so slices of different jobs do not pile up in one turn of the loop.
      const run = this.inline.then(() => summarizeInSlices(job));
      this.inline = run.catch(() => undefined);
      return run;
    }
    return new Promise((resolve, reject) => {
      const worker = this.idle.pop();
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
    for (const w of this.workers) void w.terminate();
    for (const p of this.pending.values()) p.reject(new Error('summary pool: closed'));
    for (const w of this.waiting) w.reject(new Error('summary pool: closed'));
    this.workers.length = 0;
    this.waiting.length = 0;
    this.pending.clear();
  }
}
