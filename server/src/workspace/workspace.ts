// A workspace: the Simple files under a set of roots, staged in the file store, summarized into the
// symbol index, and linked by the module graph. Shared by every session on the same roots; holds no
// session state (open documents come in as an overlay per request).
import * as path from 'node:path';
import type { Logger } from '../logger';
import { loadPrebuilt, type PrebuiltEntry, trustedSummary } from '../scip/prebuilt';
import type { FileStore, StagedFile } from '../store/file-store';
import { discover, type DiscoveryOptions, wouldInclude } from './discovery';
import { type CachedEntry, IndexCache } from './index-cache';
import { ModuleGraph } from './module-graph';
import { SummaryPool } from './summary-pool';
import type { SummaryJob } from './summary-job';
import { type IndexedFile, SymbolIndex } from './symbol-index';
import type { ParseCache } from './views';

export interface WorkspaceOptions extends DiscoveryOptions {
  roots: readonly string[];
  store: FileStore;
  logger: Logger;
  /** Worker threads for summaries (default: per core, 0 on one core). */
  workers?: number;
  /** Directory for the persisted index; undefined: no persistence. */
  cacheDir?: string;
  /** A SCIP index from `simple-lsp scip`: summaries of files whose content hash matches are used as is. */
  prebuilt?: string;
}

export type FileChangeType = 'created' | 'changed' | 'deleted';

export interface IndexProgress {
  done: number;
  total: number;
}

export interface IndexReport {
  files: number;
  fromCache: number;
  /** Summaries taken from the prebuilt index (content hash checked). */
  fromPrebuilt?: number;
  parsed: number;
  errors: number;
  ms: number;
  loops: number;
}

const STAGE_CHUNK = 1024;
const JOB_FILES = 32;
const INSTALL_SLICE = 256;

export class Workspace {
  readonly index = new SymbolIndex();
  readonly graph = new ModuleGraph(this.index);
  /** Parses of files on disk that navigation needed lately (views.ts). */
  readonly parseCache: ParseCache = new Map();
  readonly roots: string[];
  private readonly pool: SummaryPool;
  private readonly cache: IndexCache | undefined;
  private indexing: Promise<IndexReport> | undefined;
  private progress: IndexProgress = { done: 0, total: 0 };
  state: 'idle' | 'indexing' | 'ready' = 'idle';
  lastReport: IndexReport | undefined;
  private closed = false;

  constructor(readonly options: WorkspaceOptions) {
    this.roots = options.roots.map((r) => path.resolve(r));
    this.pool = new SummaryPool(options.workers !== undefined ? { workers: options.workers } : {});
    this.cache = options.cacheDir ? new IndexCache(options.cacheDir, this.roots, options.logger) : undefined;
  }

  get store(): FileStore {
    return this.options.store;
  }

  get workers(): number {
    return this.pool.size;
  }

  get indexProgress(): IndexProgress {
    return { ...this.progress };
  }

  /** Indexes every file once; later calls return the same promise. */
  ready(onProgress?: (p: IndexProgress) => void): Promise<IndexReport> {
    this.indexing ??= this.build(onProgress);
    return this.indexing;
  }

  private async build(onProgress?: (p: IndexProgress) => void): Promise<IndexReport> {
    const t0 = performance.now();
    this.state = 'indexing';
    // The cache is read while the tree is walked (both wait on the disk).
    const loading = this.cache ? this.cache.load() : Promise.resolve(new Map<string, CachedEntry>());
    const prebuilding = this.options.prebuilt
      ? loadPrebuilt(this.options.prebuilt, this.options.logger)
      : Promise.resolve(new Map<string, PrebuiltEntry>());
    const found = await discover(this.roots, this.options);
    for (const e of found.errors) this.options.logger.warn(`discovery: ${e}`);
    if (found.loops.length > 0)
      this.options.logger.info(
        `discovery: ${found.loops.length} directories reached twice (links) listed once`,
      );
    if (found.truncated) this.options.logger.warn(`discovery: stopped at ${found.files.length} files`);
    const cached = await loading;
    const prebuilt = await prebuilding;
    const report: IndexReport = {
      files: 0,
      fromCache: 0,
      parsed: 0,
      errors: 0,
      ms: 0,
      loops: found.loops.length,
    };
    this.progress = { done: 0, total: found.files.length };
    const jobs: Promise<void>[] = [];
    let seq = 0;
    for (let i = 0; i < found.files.length && !this.closed; i += STAGE_CHUNK) {
      const chunk = found.files.slice(i, i + STAGE_CHUNK);
      const staged = await this.store.stage(chunk.map((f) => f.path));
      const pending: { meta: Omit<IndexedFile, 'summary'>; path: string }[] = [];
      for (let k = 0; k < staged.length; k++) {
        // Installing cached summaries is main-thread work: let other requests in between slices.
        if (k % INSTALL_SLICE === INSTALL_SLICE - 1) await new Promise((resolve) => setImmediate(resolve));
        const s = staged[k];
        const meta = {
          id: s.id,
          path: chunk[k].path,
          root: chunk[k].root,
          rel: chunk[k].rel,
          size: s.size,
          mtimeMs: s.mtimeMs,
        };
        if (s.status === 'error') {
          report.errors++;
          this.options.logger.warn(`index: ${chunk[k].path}: ${s.code ?? ''} ${s.message ?? ''}`.trim());
          this.progress.done++;
          continue;
        }
        const hit = cached.get(meta.path);
        const fresh = hit && hit.size === s.size && hit.mtimeMs === s.mtimeMs;
        const trusted = fresh ? undefined : trustedSummary(prebuilt.get(meta.rel), this.store, s);
        if (hit && fresh) {
          this.index.set({ ...meta, summary: hit.summary });
          report.fromCache++;
          this.progress.done++;
        } else if (trusted) {
          this.index.set({ ...meta, summary: trusted });
          report.fromPrebuilt = (report.fromPrebuilt ?? 0) + 1;
          this.progress.done++;
        } else {
          pending.push({ meta, path: meta.path });
        }
      }
      for (let k = 0; k < pending.length; k += JOB_FILES) {
        const batch = pending.slice(k, k + JOB_FILES);
        jobs.push(
          this.summarize(
            batch.map((b) => b.meta),
            seq++,
            report,
            onProgress,
          ),
        );
      }
      onProgress?.(this.indexProgress);
    }
    await Promise.all(jobs);
    report.files = this.index.size;
    this.index.nameTable(); // built now rather than by the first workspace/symbol request
    report.ms = performance.now() - t0;
    this.state = 'ready';
    this.lastReport = report;
    onProgress?.(this.indexProgress);
    if (this.cache && (report.parsed > 0 || report.fromPrebuilt))
      await this.cache.save(this.index.allFiles());
    return report;
  }

  private async summarize(
    metas: Omit<IndexedFile, 'summary'>[],
    seq: number,
    report: IndexReport,
    onProgress?: (p: IndexProgress) => void,
  ): Promise<void> {
    const job: SummaryJob = { seq, files: metas.map((m) => ({ id: m.id, path: m.path })) };
    let reply;
    try {
      reply = await this.pool.run(job);
    } catch (e) {
      if (!this.closed) this.options.logger.warn(`index: a summary job failed: ${(e as Error).message}`);
      report.errors += metas.length;
      this.progress.done += metas.length;
      return;
    }
    const byId = new Map(metas.map((m) => [m.id, m]));
    for (const r of reply.results) {
      const meta = byId.get(r.id)!;
      this.progress.done++;
      if (r.summary) {
        this.index.set({ ...meta, summary: r.summary });
        report.parsed++;
      } else {
        report.errors++;
        this.options.logger.warn(`index: ${meta.path}: ${r.error ?? 'unreadable'}`);
      }
    }
    onProgress?.(this.indexProgress);
  }

  /** The root a path lies under, with its relative path; undefined outside every root. */
  locate(file: string): { root: number; rel: string } | undefined {
    const abs = path.resolve(file);
    for (let r = 0; r < this.roots.length; r++) {
      const rel = path.relative(this.roots[r], abs);
      if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel))
        return { root: r, rel: rel.split(path.sep).join('/') };
    }
    return undefined;
  }

  /**
   * Applies changes on disk (from the client's watcher or ours): re-stages and re-summarizes created and
   * changed files, drops deleted ones. Returns the ids of files whose summary changed or went away.
   */
  async applyChanges(changes: readonly { path: string; type: FileChangeType }[]): Promise<number[]> {
    const touched: number[] = [];
    const toSummarize: Omit<IndexedFile, 'summary'>[] = [];
    for (const change of changes) {
      const where = this.locate(change.path);
      if (!where) continue;
      const existing = this.index.fileByPath(path.resolve(change.path));
      if (change.type === 'deleted') {
        if (existing) {
          this.index.delete(existing.id);
          touched.push(existing.id);
        } else {
          // A deleted directory: every indexed file under it.
          const prefix = path.resolve(change.path) + path.sep;
          for (const f of [...this.index.allFiles()]) {
            if (!f.path.startsWith(prefix)) continue;
            this.index.delete(f.id);
            touched.push(f.id);
          }
        }
        continue;
      }
      if (!wouldInclude(where.rel, this.options)) continue;
      let staged: StagedFile;
      try {
        staged = await this.store.refresh(path.resolve(change.path));
      } catch (e) {
        this.options.logger.warn(`index: refresh ${change.path}: ${(e as Error).message}`);
        continue;
      }
      if (staged.status === 'error') {
        if (existing) {
          this.index.delete(existing.id);
          touched.push(existing.id);
        }
        continue;
      }
      if (existing && staged.change === 'unchanged' && change.type !== 'created') continue;
      toSummarize.push({
        id: staged.id,
        path: path.resolve(change.path),
        root: where.root,
        rel: where.rel,
        size: staged.size,
        mtimeMs: staged.mtimeMs,
      });
    }
    if (toSummarize.length > 0) {
      const report: IndexReport = { files: 0, fromCache: 0, parsed: 0, errors: 0, ms: 0, loops: 0 };
      await Promise.all(
        chunks(toSummarize, JOB_FILES).map((batch, i) => this.summarize(batch, -1 - i, report)),
      );
      for (const m of toSummarize) if (this.index.file(m.id)) touched.push(m.id);
    }
    return touched;
  }

  /** Saves the index now (also done after the first full index). */
  async persist(): Promise<void> {
    if (this.cache) await this.cache.save(this.index.allFiles());
  }

  close(): void {
    this.closed = true;
    this.pool.close();
  }
}

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
