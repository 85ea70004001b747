// Pass 2 of `simple-lsp scip` on worker threads (document-worker.ts): each worker rebuilds the workspace
// from the main thread's summaries, then makes the documents of the ranges of files it is handed, one
// range at a time, as framed bytes. The main thread hands out ranges as workers become free and writes
// the results in file order, so the index is the same as the one-thread path writes, byte for byte.
// At most AHEAD ranges wait to be written (a slow range does not let the others pile up in memory).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import { packageInfo } from '../package-info';
import { encodeCache } from '../workspace/cache-codec';
import type { IndexedFile } from '../workspace/symbol-index';
import type { FromWorker, ToWorker, WorkerData, WorkerSetup } from './document-worker';
import type { IndexStats } from './indexer';
import type { PackageId } from './symbols';

/** The worker script (bundlers must ship it under this name, beside this file). */
export const DOCUMENT_WORKER_ENTRY = 'document-worker.js';
/** Files per range: small enough to balance, large enough that messages cost little. */
const RANGE = 24;
/** Ranges made but not yet written, per worker. */
const AHEAD = 8;

export interface ParallelJob {
  root: string;
  pkg: PackageId;
  /** The main thread's index in document order (ScipIndexer.files). */
  files: readonly IndexedFile[];
  workers: number;
  /** Framed `Index.documents` fields, in file order. */
  write(bytes: Uint8Array): void;
  onProgress?(done: number, total: number): void;
  /** The worker script; default: DOCUMENT_WORKER_ENTRY beside this file. */
  entry?: string;
}

/** Why documents cannot be made on workers here, or undefined when they can. */
export function workersUnavailable(entry = path.join(__dirname, DOCUMENT_WORKER_ENTRY)): string | undefined {
  return fs.existsSync(entry) ? undefined : `${DOCUMENT_WORKER_ENTRY} is not beside ${__filename}`;
}

export function documentsInWorkers(job: ParallelJob): Promise<IndexStats> {
  const entry = job.entry ?? path.join(__dirname, DOCUMENT_WORKER_ENTRY);
  const total = job.files.length;
  const setup: WorkerSetup = {
    root: job.root,
    pkg: job.pkg,
    seed: encodeCache(job.files, { version: packageInfo().version, roots: [job.root] }),
    files: total,
  };
  const stats: IndexStats = { files: 0, occurrences: 0, symbols: 0 };
  const workers: Worker[] = [];
  const ports: MessagePort[] = [];
  const done = new Map<number, { bytes: Uint8Array; stats: IndexStats }>();
  const idle: MessagePort[] = [];
  let next = 0; // the first file not handed out
  let written = 0; // the first file not written
  return new Promise<IndexStats>((resolve, reject) => {
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      for (const p of ports) p.close();
      for (const w of workers) void w.terminate();
      if (error) reject(error);
      else resolve(stats);
    };
    const dispatch = (): void => {
      while (idle.length > 0 && next < total && next - written < AHEAD * RANGE * workers.length) {
        const port = idle.pop()!;
        const to = Math.min(total, next + RANGE);
        port.postMessage({ from: next, to } satisfies ToWorker);
        next = to;
      }
      if (written === total) finish();
    };
    const flush = (): void => {
      for (let r = done.get(written); r; r = done.get(written)) {
        done.delete(written);
        job.write(r.bytes);
        stats.files += r.stats.files;
        stats.occurrences += r.stats.occurrences;
        stats.symbols += r.stats.symbols;
        written = Math.min(total, written + RANGE);
        job.onProgress?.(written, total);
      }
    };
    for (let i = 0; i < job.workers; i++) {
      const { port1, port2 } = new MessageChannel();
      const data: WorkerData = { ...setup, port: port2 };
      const w = new Worker(entry, { workerData: data, transferList: [port2] });
      workers.push(w);
      ports.push(port1);
      port1.on('message', (m: FromWorker) => {
        if (m.kind === 'error') return finish(new Error(`scip worker: ${m.message}`));
        if (m.kind === 'documents') {
          done.set(m.from, { bytes: m.bytes, stats: m.stats });
          flush();
        }
        idle.push(port1);
        dispatch();
      });
      w.on('error', (e) => finish(e));
      w.on('exit', (code) => {
        if (!settled) finish(new Error(`scip worker exited with code ${code}`));
      });
    }
    if (total === 0) finish();
  });
}
