// Runs summary jobs on worker threads, or on the main thread in slices when workers are unavailable
// (or not worth it: one core). Jobs are small (tens of files), so the event loop only ever installs
// finished summaries, and a job in flight never holds the loop.
//
// A worker that dies is replaced after a back-off that doubles with each failure in a row (a finished job
// resets the count); after `retries` failures in a row — a worker entry that cannot load fails every time —
// the pool stops spawning, says why (the log and `problem`, shown by simple/status) and runs every job on
// the main thread. A job whose worker died is run again (once, if that worker had been working); it is
// never lost silently.
//
// Workers start with the first job and end once the pool has been idle a while (each holds its own
// heap: ~10-20 MB resident apiece), so a workspace that is indexed costs no threads until files change.
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger';
import { summarizeJob } from './index-worker';
import type { SummaryJob, SummaryReply } from './summary-job';

export interface PoolOptions {
  /** Worker threads; 0 runs jobs on the main thread. Default: cores (at most 4), 0 on one core. */
  workers?: number;
  /** The worker's script. Default: index-worker.js next to this file (the bundle ships it there too). */
  entry?: string;
  /** Failures in a row before the pool gives up on workers. Default 4. */
  retries?: number;
  /** The first back-off; each further failure in a row doubles it. Default 100 ms. */
  backoffMs?: number;
  logger?: Logger;
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

/** The worker script the pool starts by default (bundlers must ship it under this name, beside the pool). */
export const WORKER_ENTRY = 'index-worker.js';
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

interface Queued {
  job: SummaryJob;
  resolve: (r: SummaryReply) => void;
  reject: (e: Error) => void;
  /** Runs of this job that ended with its worker dying. */
  lost: number;
}

export class SummaryPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly waiting: Queued[] = [];
  private readonly pending = new Map<Worker, Queued>();
  /** Workers that have finished a job: their death is the job's fault as much as theirs. */
  private readonly proven = new WeakSet<Worker>();
  private closed = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private inline: Promise<unknown> = Promise.resolve();
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly entry: string;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly logger: Logger | undefined;
  /** Workers asked for; 0 means the main thread from the start. */
  readonly size: number;
  /** Why jobs run on the main thread although workers were asked for; undefined while workers serve. */
  problem: string | undefined;
  /** Workers started so far, replacements included. */
  spawned = 0;

  constructor(private readonly options: PoolOptions = {}) {
    this.size = options.workers ?? defaultWorkers();
    this.entry = options.entry ?? path.join(__dirname, WORKER_ENTRY);
    this.retries = options.retries ?? 4;
    this.backoffMs = options.backoffMs ?? 100;
    this.logger = options.logger;
  }

  /** Worker threads running now. */
  get live(): number {
    return this.workers.length;
  }

  /** Where jobs run now. */
  get mode(): 'workers' | 'main-thread' {
    return this.size > 0 && this.problem === undefined ? 'workers' : 'main-thread';
  }

  private spawn(): void {
    this.spawned++;
    let worker: Worker;
    try {
      // A bounded heap: a file that would need more fails its job (retried file by file by the workspace)
      // instead of growing the process by gigabytes.
      worker = new Worker(this.entry, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    } catch (e) {
      this.failed(undefined, e as Error);
      return;
    }
    worker.unref();
    worker.on('message', (reply: SummaryReply) => {
      const p = this.pending.get(worker);
      this.pending.delete(worker);
      this.failures = 0;
      this.proven.add(worker);
      this.release(worker);
      p?.resolve(reply);
    });
    worker.on('error', (error) => this.failed(worker, error));
    worker.on('exit', (code) => {
      if (this.workers.includes(worker))
        this.failed(worker, new Error(`index worker exited with code ${code}`));
    });
    this.workers.push(worker);
    this.release(worker);
  }

  /** A worker died (or could not be made): requeue its job, then replace it after a back-off, or give up. */
  private failed(worker: Worker | undefined, error: Error): void {
    if (worker !== undefined) {
      const at = this.workers.indexOf(worker);
      if (at < 0) return; // already handled ('error' is followed by 'exit')
      this.workers.splice(at, 1);
      const idleAt = this.idle.indexOf(worker);
      if (idleAt >= 0) this.idle.splice(idleAt, 1);
      void worker.terminate();
      const p = this.pending.get(worker);
      this.pending.delete(worker);
      // A worker that never finished a job failed to start: its job waits for the next one (or the main
      // thread). A job that killed a working worker twice is rejected rather than tried forever.
      if (p !== undefined) {
        if (this.proven.has(worker) && ++p.lost > 1) p.reject(error);
        else this.waiting.unshift(p);
      }
      while (this.idle.length > 0 && this.waiting.length > 0) this.release(this.idle.pop()!);
    }
    if (this.closed) return;
    this.failures++;
    if (this.failures > this.retries) {
      this.giveUp(`${this.failures} index worker starts failed in a row (last: ${firstLine(error)})`);
      return;
    }
    const delay = this.backoffMs * 2 ** (this.failures - 1);
    this.logger?.warn(
      `index: worker failed (${firstLine(error)}); retry ${this.failures} of ${this.retries} in ${delay} ms`,
    );
    // One replacement at a time: the failures in a row are counted once per attempt.
    if (this.retryTimer !== undefined) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.closed || this.problem !== undefined) return;
      while (this.workers.length < this.size && this.problem === undefined) {
        const before = this.failures;
        this.spawn();
        if (this.failures !== before) break; // the constructor threw: the back-off is armed again
      }
    }, delay);
    this.retryTimer.unref();
  }

  private giveUp(why: string): void {
    this.problem = why;
    this.logger?.warn(`index: ${why}; indexing on the main thread in slices from now on`);
    for (const w of this.workers) void w.terminate();
    this.workers.length = 0;
    this.idle.length = 0;
    const queued = [...this.pending.values(), ...this.waiting];
    this.pending.clear();
    this.waiting.length = 0;
    for (const q of queued) this.runInline(q.job).then(q.resolve, q.reject);
  }

  private release(worker: Worker): void {
    const next = this.waiting.shift();
    if (next) {
      this.pending.set(worker, next);
      worker.postMessage(next.job);
    } else {
      this.idle.push(worker);
      if (this.idle.length === this.workers.length && !this.closed) {
        clearTimeout(this.idleTimer);
        this.idleTimer = setTimeout(() => this.endIdle(), this.options.idleMs ?? IDLE_MS);
        this.idleTimer.unref();
      }
    }
  }

  /** Ends the workers when every one is idle (a job that came meanwhile cancelled the timer). */
  private endIdle(): void {
    this.idleTimer = undefined;
    if (this.idle.length !== this.workers.length || this.pending.size > 0) return;
    const workers = [...this.workers];
    this.workers.length = 0;
    this.idle.length = 0;
    for (const w of workers) void w.terminate();
    this.options.onRelease?.();
  }

  /** One job at a time, so slices of different jobs do not pile up in one turn of the loop. */
  private runInline(job: SummaryJob): Promise<SummaryReply> {
    const run = this.inline.then(() => summarizeInSlices(job));
    this.inline = run.catch(() => undefined);
    return run;
  }

  run(job: SummaryJob): Promise<SummaryReply> {
    if (this.closed) return Promise.reject(new Error('summary pool: closed'));
    if (this.mode === 'main-thread') return this.runInline(job);
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    return new Promise((resolve, reject) => {
      const worker = this.idle.pop();
      const queued: Queued = { job, resolve, reject, lost: 0 };
      if (worker) {
        this.pending.set(worker, queued);
        worker.postMessage(job);
        return;
      }
      this.waiting.push(queued);
      // Workers start on demand (and again after idle ones were ended), unless a retry is pending.
      if (this.retryTimer === undefined && this.workers.length < this.size) this.spawn();
    });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.idleTimer);
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const workers = [...this.workers];
    this.workers.length = 0;
    for (const w of workers) void w.terminate();
    for (const p of this.pending.values()) p.reject(new Error('summary pool: closed'));
    for (const w of this.waiting) w.reject(new Error('summary pool: closed'));
    this.idle.length = 0;
    this.waiting.length = 0;
    this.pending.clear();
  }
}

function firstLine(error: Error): string {
  return (error.message || String(error)).split('\n')[0];
}
