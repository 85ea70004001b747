// A workspace: the Simple files under a set of roots, staged in the file store, summarized into the
// symbol index, and linked by the module graph. Shared by every session on the same roots; holds no
// session state (open documents come in as an overlay per request).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '../logger';
import { loadPrebuilt, type PrebuiltEntry, verifyPrebuilt } from '../scip/prebuilt';
import type { FileStore, StagedFile } from '../store/file-store';
import {
  type DiscoveredFile,
  type Discovery,
  discover,
  type DiscoveryOptions,
  includer,
  insideAny,
  realRoots,
  wouldInclude,
} from './discovery';
import { type CachedEntry, defaultCacheDir, IndexCache } from './index-cache';
import { ModuleGraph } from './module-graph';
import { writePrelude } from './prelude-file';
import { SummaryPool } from './summary-pool';
import { MAX_INDEXED_BYTES, type SummaryJob } from './summary-job';
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
  /** Summaries already made elsewhere (a workspace this one was forked from), used like cache hits. */
  seed?: ReadonlyMap<string, CachedEntry>;
}

/** What a workspace covers: its roots and discovery globs (see reshape()). */
export interface WorkspaceShape {
  roots: readonly string[];
  include?: readonly string[];
  exclude?: readonly string[];
}

export interface ReshapeReport {
  added: number;
  removed: number;
  /** Files that stayed but changed root number (a root before theirs was removed). */
  moved: number;
  ms: number;
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
let serials = 0;
/** The cache is saved this long after the last change on disk was applied (and at close). */
const SAVE_DELAY_MS = 2000;
const JOB_FILES = 32;
/** Main-thread installing runs at most this long before other requests get a turn. */
const INSTALL_SLICE_MS = 4;

/** A summary a warm start serves, and how it is checked after ready(). */
interface ServedEntry extends CachedEntry {
  /** From a prebuilt index: the content hash the file must have (mtimeMs is 0). Absent: from the cache, checked by size and mtime. */
  hash?: string;
}

export class Workspace {
  /** Distinguishes workspaces in caches keyed by generation (each has its own counters). */
  readonly serial = ++serials;
  readonly index = new SymbolIndex();
  readonly graph = new ModuleGraph(this.index);
  /** Parses of files on disk that navigation needed lately (views.ts). */
  readonly parseCache: ParseCache = new Map();
  roots: string[];
  private readonly pool: SummaryPool;
  private cache: IndexCache | undefined;
  private indexing: Promise<IndexReport> | undefined;
  /** What follows a warm start's ready(): the check of the files served and the walk (settleWalk()). */
  private verifying: Promise<number[]> | undefined;
  /** Files served from a prebuilt index whose content hash is not checked yet: id → recorded hash. */
  private readonly unverified = new Map<number, string>();
  /** Settles like `verifying` once the first build has set it up (without starting a build). */
  private announceChecks: (checks: Promise<number[]>) => void = () => undefined;
  private readonly checks = new Promise<number[]>((resolve) => {
    this.announceChecks = resolve;
  });
  private progress: IndexProgress = { done: 0, total: 0 };
  state: 'idle' | 'indexing' | 'ready' = 'idle';
  lastReport: IndexReport | undefined;
  private closed = false;
  /** The index generation last written to the cache (-1: never). */
  private savedGeneration = -1;
  private saveTimer: NodeJS.Timeout | undefined;
  /** The roots' real paths: a file is in the workspace only if its real path lies under one. */
  private confines: Promise<string[]> | undefined;

  constructor(public options: WorkspaceOptions) {
    this.roots = options.roots.map((r) => path.resolve(r));
    this.pool = new SummaryPool({
      ...(options.workers !== undefined ? { workers: options.workers } : {}),
      logger: options.logger,
    });
    this.cache = options.cacheDir ? new IndexCache(options.cacheDir, this.roots, options.logger) : undefined;
  }

  private prelude: { path: string | undefined } | undefined;

  /** Whether `file` is the core-type prelude this workspace wrote (without writing it). */
  isPrelude(file: string): boolean {
    return this.prelude?.path === file;
  }

  /** The core-type prelude on disk (prelude-file.ts), written on first use; undefined where it cannot be. */
  get preludePath(): string | undefined {
    this.prelude ??= {
      path: writePrelude(this.options.cacheDir ?? defaultCacheDir(), this.options.logger),
    };
    return this.prelude.path;
  }

  get store(): FileStore {
    return this.options.store;
  }

  /** Index worker threads at most. */
  get workers(): number {
    return this.pool.size;
  }

  /** Why the index runs on the main thread although workers were asked for (summary-pool.ts). */
  get workerProblem(): string | undefined {
    return this.pool.problem;
  }

  /** Index worker threads running now. */
  get liveWorkers(): number {
    return this.pool.live;
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
    const loading = this.cache ? this.cache.load() : Promise.resolve(new Map<string, CachedEntry>());
    // A fork (seeded by the workspace it came from) does not use the prebuilt index: not loaded.
    const prebuiltFile = this.options.seed ? undefined : this.options.prebuilt;
    const prebuilding = prebuiltFile
      ? loadPrebuilt(prebuiltFile, this.options.logger)
      : Promise.resolve(new Map<string, PrebuiltEntry>());
    let walking: Promise<Discovery> | undefined;
    const walk = (): Promise<Discovery> =>
      (walking ??= discover(this.roots, this.options).then((found) => {
        this.logDiscovery(found);
        return found;
      }));
    // Without a cache file or a prebuilt index the tree is walked while the rest starts. With one, the
    // walk waits: it runs after ready (its readdir results are main-thread work that would delay ready).
    if (!this.cache?.exists() && !prebuiltFile) walk().catch(() => undefined); // awaited below
    const cached = await loading;
    for (const [p, entry] of this.options.seed ?? []) if (!cached.has(p)) cached.set(p, entry);
    const prebuilt = await prebuilding;
    // A warm start (a cache or a prebuilt index; not a fork of another workspace, whose new roots the
    // seed lacks) waits neither for the walk nor for the disk: the files listed get store ids without
    // being read (reserve) and are served at once. After ready(), each is checked against the disk (a
    // cached summary by size and mtime, a prebuilt one by content hash) and the walk's answer applied:
    // files changed, added or removed meanwhile are indexed or dropped then, and sessions told
    // (checked()).
    if (!this.options.seed && (cached.size > 0 || prebuilt.size > 0))
      return this.serveCached(this.servable(cached, prebuilt), walk, t0, onProgress, cached.size);
    const found = await walk();
    const files = found.files;
    // The index workers read the files themselves: staging only opens and stats them (no private copy
    // of each small file kept in the store).
    const report: IndexReport = {
      files: 0,
      fromCache: 0,
      parsed: 0,
      errors: 0,
      ms: 0,
      loops: found.loops.length,
    };
    this.progress = { done: 0, total: files.length };
    const jobs: Promise<void>[] = [];
    let seq = 0;
    // Staging runs off the JS thread (the store's jobs) and installing cached summaries on it: the next
    // chunk is staged while this one is installed. Stage calls still run one after another, in order, so
    // files get the same ids as staged one chunk at a time.
    const stageChunk = (i: number): Promise<StagedFile[]> | undefined => {
      if (i >= files.length) return undefined;
      const staging = this.store.stage(
        files.slice(i, i + STAGE_CHUNK).map((f) => f.path),
        { bytes: false },
      );
      staging.catch(() => undefined); // awaited below; left unawaited only when closed meanwhile
      return staging;
    };
    let next = stageChunk(0);
    for (let i = 0; i < files.length && !this.closed; i += STAGE_CHUNK) {
      const chunk = files.slice(i, i + STAGE_CHUNK);
      const staged = await next!;
      next = this.closed ? undefined : stageChunk(i + STAGE_CHUNK);
      const pending: { meta: Omit<IndexedFile, 'summary'>; path: string }[] = [];
      let slice = performance.now();
      for (let k = 0; k < staged.length; k++) {
        // Installing cached summaries is main-thread work: let other requests in between slices.
        if (performance.now() - slice > INSTALL_SLICE_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          slice = performance.now();
        }
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
          this.progress.done++;
          report.errors++;
          this.options.logger.warn(`index: ${chunk[k].path}: ${s.code ?? ''} ${s.message ?? ''}`.trim());
          continue;
        }
        if (s.size > MAX_INDEXED_BYTES) {
          report.errors++;
          this.options.logger.warn(
            `index: ${meta.path}: ${s.size} bytes: larger than the ${MAX_INDEXED_BYTES}-byte index limit`,
          );
          this.progress.done++;
          continue;
        }
        const hit = cached.get(meta.path);
        if (hit && hit.size === s.size && hit.mtimeMs === s.mtimeMs) {
          this.index.set({ ...meta, summary: hit.summary });
          report.fromCache++;
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
    this.finish(report, t0, onProgress);
    // Saved as soon as the index is built (not left for later: an editor that quits soon after would
    // lose it), unless the cache already held exactly this index. Not awaited: the index is ready now,
    // and close() writes synchronously whatever this write has not saved yet.
    if (this.cache && !this.closed) {
      if (report.parsed > 0 || report.fromCache !== cached.size) void this.save();
      else this.savedGeneration = this.index.generation;
    }
    this.announceChecks(Promise.resolve([]));
    return report;
  }

  private finish(
    report: IndexReport,
    t0: number,
    onProgress?: (p: IndexProgress) => void,
    names = true,
  ): void {
    report.files = this.index.size;
    // Built now rather than by the first workspace/symbol request (after a warm start, once linked).
    if (names) this.index.nameTable();
    report.ms = performance.now() - t0;
    this.state = 'ready';
    this.lastReport = report;
    onProgress?.(this.indexProgress);
  }

  /**
   * A warm start: every file the cache or the prebuilt index lists (under a root, included by the globs)
   * gets a store id without being read or stat'ed, and its summary is installed in slices between other
   * requests. After ready(), checkServed() and the walk (settleWalk) bring the index up to date with the
   * disk.
   */
  private async serveCached(
    served: ReadonlyMap<string, ServedEntry>,
    walk: () => Promise<Discovery>,
    t0: number,
    onProgress: ((p: IndexProgress) => void) | undefined,
    cachedCount: number,
  ): Promise<IndexReport> {
    const files = this.cachedFiles(served);
    const report: IndexReport = { files: 0, fromCache: 0, parsed: 0, errors: 0, ms: 0, loops: 0 };
    this.progress = { done: 0, total: files.length };
    const ids = this.store.reserve(files.map((f) => f.path));
    let slice = performance.now();
    for (let k = 0; k < files.length && !this.closed; k++) {
      // Installing served summaries is main-thread work: let other requests in between slices.
      if (performance.now() - slice > INSTALL_SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        slice = performance.now();
        if (k % STAGE_CHUNK < 64) onProgress?.(this.indexProgress);
      }
      const f = files[k];
      const hit = served.get(f.path)!;
      this.index.setUnlinked({
        id: ids[k],
        path: f.path,
        root: f.root,
        rel: f.rel,
        size: hit.size,
        mtimeMs: hit.mtimeMs,
        summary: hit.summary,
      });
      if (hit.hash === undefined) report.fromCache++;
      else {
        this.unverified.set(ids[k], hit.hash);
        report.fromPrebuilt = (report.fromPrebuilt ?? 0) + 1;
      }
      this.progress.done++;
    }
    this.finish(report, t0, onProgress, false);
    void this.linkNames();
    // Prebuilt entries carry no mtime: the cache is written once their check has found the real ones.
    if (this.cache && !this.closed && this.unverified.size === 0) {
      if (report.fromCache !== cachedCount) void this.save();
      else this.savedGeneration = this.index.generation;
    }
    const discovering = walk();
    discovering.catch(() => undefined); // awaited by settleWalk
    this.verifying = this.settleWalk(discovering);
    this.announceChecks(this.verifying);
    return report;
  }

  /**
   * What a warm start serves: the cache's entries, and the prebuilt index's (which describes the first
   * root, the directory `simple-lsp scip` was given) for files the cache does not list. A cached summary
   * wins: it is checked by a stat, a prebuilt one only by reading the file.
   */
  private servable(
    cached: ReadonlyMap<string, CachedEntry>,
    prebuilt: ReadonlyMap<string, PrebuiltEntry>,
  ): ReadonlyMap<string, ServedEntry> {
    if (prebuilt.size === 0) return cached;
    const served = new Map<string, ServedEntry>(cached);
    for (const [rel, e] of prebuilt) {
      const file = path.join(this.roots[0], rel);
      if (!served.has(file)) served.set(file, { size: e.size, mtimeMs: 0, summary: e.summary, hash: e.hash });
    }
    return served;
  }

  /** The files a cache lists that lie under a root and that discovery's globs could list, in its order. */
  private cachedFiles(cached: ReadonlyMap<string, ServedEntry>): DiscoveredFile[] {
    const out: DiscoveredFile[] = [];
    const included = includer(this.options);
    for (const file of cached.keys()) {
      const where = this.locate(file);
      if (where && included(where.rel)) out.push({ path: file, ...where });
    }
    return out.sort((a, b) => a.root - b.root || (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  }

  private logDiscovery(found: Discovery): void {
    for (const e of found.errors) this.options.logger.warn(`discovery: ${e}`);
    if (found.loops.length > 0)
      this.options.logger.info(
        `discovery: ${found.loops.length} directories reached twice (links) listed once`,
      );
    if (found.outside.length > 0)
      this.options.logger.warn(
        `discovery: ${found.outside.length} links lead outside the workspace roots and were not followed (${found.outside.slice(0, 3).join(', ')}${found.outside.length > 3 ? ', …' : ''})`,
      );
    if (found.truncated) this.options.logger.warn(`discovery: stopped at ${found.files.length} files`);
  }

  /**
   * After a warm start: the names of the summaries served from the cache are linked into the name table
   * in slices between other requests (a request that needs names first links the rest itself).
   */
  private async linkNames(): Promise<void> {
    while (!this.closed && this.index.linkSome(INSTALL_SLICE_MS))
      await new Promise((resolve) => setImmediate(resolve));
    if (!this.closed) this.index.nameTable();
  }

  /**
   * After a warm start: the files served are checked against the disk (checkServed), then the walk's
   * list of files is applied (settle): files added while the server was down (or since the prebuilt
   * index was made) are indexed, files gone or no longer included leave, files listed under another root
   * move, and files the check found changed are indexed again — by settle(), so that discovery's
   * confinement (links leading outside the roots) still decides whether a file is the workspace's.
   * Resolves with the ids whose summary changed or went away.
   */
  private async settleWalk(discovering: Promise<Discovery>): Promise<number[]> {
    const t0 = performance.now();
    const hashed = this.unverified.size;
    const { stale, differ } = await this.checkServed();
    const found = await discovering;
    if (this.closed) return [];
    const { ids, report } = await this.settle(found.files);
    if (ids.length > 0 || stale.length > 0 || hashed > 0) this.scheduleSave();
    if (hashed > 0)
      this.options.logger.info(
        `prebuilt index: ${hashed} files checked, ${differ} differ and were indexed again`,
      );
    this.options.logger.info(
      `index: walk after a warm start: ${found.files.length} files, ${stale.length} changed, ${report.added} added, ${report.removed} removed, ${report.moved} moved (${Math.round(performance.now() - t0)} ms)`,
    );
    return [...new Set([...stale, ...ids])];
  }

  /**
   * After a warm start: every file served is checked against the disk, a chunk at a time, staged off
   * the JS thread: one from the cache by a stat (its size and mtime must be the cached ones), one from
   * the prebuilt index by its bytes (its size, then its content hash, hashed a slice at a time, must be
   * the recorded ones; it then takes the file's mtime, for the cache). One that differs, or that can no
   * longer be opened, leaves the index (settle() indexes it again if the walk still lists it). Returns
   * the ids that left, and how many of them came from the prebuilt index.
   */
  private async checkServed(): Promise<{ stale: number[]; differ: number }> {
    const served = [...this.index.allFiles()];
    const stale: number[] = [];
    let differ = 0;
    const leave = (f: IndexedFile): void => {
      if (this.index.file(f.id) !== f) return; // replaced meanwhile (a change the watcher reported)
      this.index.delete(f.id);
      stale.push(f.id);
    };
    for (let i = 0; i < served.length && !this.closed; i += STAGE_CHUNK) {
      const chunk = served.slice(i, i + STAGE_CHUNK);
      const byStat = chunk.filter((f) => !this.unverified.has(f.id));
      const byHash = chunk.filter((f) => this.unverified.has(f.id));
      let stats: StagedFile[];
      let reads: StagedFile[];
      try {
        [stats, reads] = await Promise.all([
          byStat.length > 0
            ? this.store.stage(
                byStat.map((f) => f.path),
                { bytes: false },
              )
            : [],
          byHash.length > 0
            ? this.store.stage(
                byHash.map((f) => f.path),
                { bytes: true },
              )
            : [],
        ]);
      } catch (e) {
        if (this.closed) return { stale, differ };
        throw e;
      }
      stats.forEach((s, k) => {
        const f = byStat[k];
        if (s.status === 'error' || s.size !== f.size || s.mtimeMs !== f.mtimeMs) leave(f);
      });
      const sameSize: { f: IndexedFile; id: number; size: number; hash: string; mtimeMs: number }[] = [];
      reads.forEach((s, k) => {
        const f = byHash[k];
        const hash = this.unverified.get(f.id)!;
        this.unverified.delete(f.id);
        if (s.status === 'error' || s.size !== f.size) {
          differ++;
          leave(f);
        } else sameSize.push({ f, id: f.id, size: f.size, hash, mtimeMs: s.mtimeMs });
      });
      const changed = new Set(await verifyPrebuilt(this.store, sameSize, () => this.closed));
      for (const c of sameSize) {
        if (changed.has(c)) {
          differ++;
          leave(c.f);
        } else if (this.index.file(c.id) === c.f) c.f.mtimeMs = c.mtimeMs; // what the cache records
      }
    }
    this.unverified.clear();
    return { stale, differ };
  }

  /**
   * Resolves once the checks that follow a warm start's ready() are done: the files served from the
   * cache (size and mtime) or a prebuilt index (content hash), and the walk. Resolves with the ids indexed again or removed by
   * them ([] when there was nothing to check).
   */
  async checked(): Promise<number[]> {
    await this.ready();
    return this.checks;
  }

  /** What checked() resolves with, without starting the build (the registry tells sessions of it). */
  get checksDone(): Promise<number[]> {
    return this.checks;
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
      if (this.closed) return;
      if (metas.length > 1) {
        // One file can take a worker down (out of memory): the others of its job are retried one per job,
        // so only that file is missing from the index.
        this.options.logger.warn(
          `index: a summary job of ${metas.length} files failed (${(e as Error).message}); retrying them one by one`,
        );
        await Promise.all(metas.map((m) => this.summarize([m], seq, report, onProgress)));
        return;
      }
      this.options.logger.warn(`index: ${metas[0].path}: ${(e as Error).message}`);
      report.errors++;
      this.progress.done++;
      return;
    }
    const byId = new Map(metas.map((m) => [m.id, m]));
    for (const r of reply.results) {
      const meta = byId.get(r.id)!;
      this.progress.done++;
      if (r.summary) {
        this.unverified.delete(meta.id); // summarized from the disk: nothing left to check
        this.index.set({ ...meta, summary: r.summary });
        report.parsed++;
      } else {
        report.errors++;
        this.options.logger.warn(`index: ${meta.path}: ${r.error ?? 'unreadable'}`);
        this.index.delete(meta.id); // a file re-read after a change that is no longer indexable
      }
    }
    onProgress?.(this.indexProgress);
  }

  /** The root a path lies under, with its relative path; undefined outside every root. */
  locate(file: string): { root: number; rel: string } | undefined {
    const abs = path.resolve(file);
    for (let r = 0; r < this.roots.length; r++) {
      // Both normalized: under the root exactly when it starts with the root and a separator (what
      // path.relative would say, at a fraction of its cost for the 20,000 paths of a warm start).
      const root = this.roots[r];
      const prefix = root.endsWith(path.sep) ? root.length : root.length + 1;
      if (abs.length > prefix && abs.startsWith(root) && abs[prefix - 1] === path.sep) {
        const rel = abs.slice(prefix);
        return { root: r, rel: path.sep === '/' ? rel : rel.split(path.sep).join('/') };
      }
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
      if (!(await this.confined(change.path))) {
        // Replaced by a link that leads outside the roots (or gone meanwhile): no longer ours.
        if (existing) {
          this.index.delete(existing.id);
          touched.push(existing.id);
        }
        continue;
      }
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
      const indexed = new Set(toSummarize.filter((m) => this.index.file(m.id)).map((m) => m.id));
      const report: IndexReport = { files: 0, fromCache: 0, parsed: 0, errors: 0, ms: 0, loops: 0 };
      await Promise.all(
        chunks(toSummarize, JOB_FILES).map((batch, i) => this.summarize(batch, -1 - i, report)),
      );
      for (const m of toSummarize) if (this.index.file(m.id) || indexed.has(m.id)) touched.push(m.id);
    }
    if (touched.length > 0) this.scheduleSave();
    return touched;
  }

  /** Does the path, links resolved, lie under one of the roots' real paths? */
  private async confined(file: string): Promise<boolean> {
    this.confines ??= realRoots(this.roots);
    try {
      return insideAny(await fs.promises.realpath(file), await this.confines);
    } catch {
      return false;
    }
  }

  /**
   * Changes the roots and discovery globs in place, once the index is built: files no longer discovered
   * leave the index, newly discovered ones are staged and summarized, and files of a kept root take its
   * new root number. Nothing else is read again. Later ready() calls wait for it. Returns the ids whose
   * summary changed or went away (as applyChanges does).
   */
  reshape(shape: WorkspaceShape): Promise<{ ids: number[]; report: ReshapeReport }> {
    const built = this.ready();
    // After the walk that follows a warm start (both rewrite the index from a discovery).
    const run = built.then(() => this.checks.catch(() => [])).then(() => this.reshapeNow(shape));
    // Sessions that join meanwhile see the new shape, not the old one: ready() waits for this too.
    this.indexing = run.then(
      () => built,
      () => built,
    );
    return run;
  }

  private async reshapeNow(shape: WorkspaceShape): Promise<{ ids: number[]; report: ReshapeReport }> {
    const t0 = performance.now();
    const roots = shape.roots.map((r) => path.resolve(r));
    const options: WorkspaceOptions = {
      ...this.options,
      roots,
      include: shape.include,
      exclude: shape.exclude,
    };
    this.state = 'indexing';
    const found = await discover(roots, options);
    for (const e of found.errors) this.options.logger.warn(`discovery: ${e}`);
    if (this.closed) return { ids: [], report: { added: 0, removed: 0, moved: 0, ms: 0 } };
    const sameRoots = roots.length === this.roots.length && roots.every((r, i) => r === this.roots[i]);
    this.roots = roots;
    this.confines = undefined; // the real paths of the new roots, when next asked
    this.options = options;
    if (!sameRoots && this.options.cacheDir)
      this.cache = new IndexCache(this.options.cacheDir, roots, this.options.logger);
    const { ids, report } = await this.settle(found.files);
    report.ms = performance.now() - t0;
    this.state = 'ready';
    if (this.cache && (report.added > 0 || report.removed > 0 || !sameRoots)) await this.persist();
    return { ids, report };
  }

  /**
   * Makes the index hold exactly `files` (a discovery's list): files not listed leave, listed ones under
   * another root or path take it, new ones are staged and summarized. Returns the ids whose summary
   * changed or went away.
   */
  private async settle(files: readonly DiscoveredFile[]): Promise<{ ids: number[]; report: ReshapeReport }> {
    const wanted = new Map(files.map((f) => [f.path, f]));
    const ids: number[] = [];
    const report: ReshapeReport = { added: 0, removed: 0, moved: 0, ms: 0 };
    for (const f of [...this.index.allFiles()]) {
      const now = wanted.get(f.path);
      if (now === undefined) {
        this.index.delete(f.id);
        ids.push(f.id);
        report.removed++;
      } else {
        wanted.delete(f.path);
        if (now.root !== f.root || now.rel !== f.rel) {
          this.index.set({ ...f, root: now.root, rel: now.rel });
          report.moved++;
        }
      }
    }
    // Module trees are per root number: a renumbered root is a new tree even if no file came or went.
    if (report.moved > 0) this.index.treeGeneration++;
    const added = [...wanted.values()];
    this.progress = { done: this.index.size, total: this.index.size + added.length };
    const summaryReport: IndexReport = { files: 0, fromCache: 0, parsed: 0, errors: 0, ms: 0, loops: 0 };
    for (let i = 0; i < added.length && !this.closed; i += STAGE_CHUNK) {
      const chunk = added.slice(i, i + STAGE_CHUNK);
      const staged = await this.store.stage(
        chunk.map((f) => f.path),
        { bytes: false },
      );
      const metas: Omit<IndexedFile, 'summary'>[] = [];
      staged.forEach((st, k) => {
        if (st.status === 'error') {
          this.options.logger.warn(`index: ${chunk[k].path}: ${st.code ?? ''} ${st.message ?? ''}`.trim());
          return;
        }
        const f = chunk[k];
        metas.push({ id: st.id, path: f.path, root: f.root, rel: f.rel, size: st.size, mtimeMs: st.mtimeMs });
      });
      await Promise.all(
        chunks(metas, JOB_FILES).map((batch, j) => this.summarize(batch, -1 - j, summaryReport)),
      );
      for (const m of metas) if (this.index.file(m.id)) ids.push(m.id);
    }
    report.added = summaryReport.parsed;
    return { ids, report };
  }

  /** Saves the index now (also done after the first full index, after changes, and at close). */
  async persist(): Promise<void> {
    await this.save();
  }

  private async save(): Promise<void> {
    if (!this.cache) return;
    const generation = this.index.generation;
    if (await this.cache.save(this.index.allFiles())) this.savedGeneration = generation;
  }

  private scheduleSave(): void {
    if (!this.cache || this.closed || this.state !== 'ready') return;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.save();
    }, SAVE_DELAY_MS);
    this.saveTimer.unref();
  }

  /**
   * Stops indexing and the workers. An index that changed since it was last saved (changes on disk,
   * or indexing cut short by an editor quitting) is written synchronously first: the process may be
   * about to exit, and a partial index still spares a restart the files it holds.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    if (this.cache && this.index.size > 0 && this.index.generation !== this.savedGeneration)
      this.cache.saveSync(this.index.allFiles());
    this.pool.close();
  }
}

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
