// One Workspace per shape (set of roots and discovery globs), shared by every session that opens that
// shape (the shared TCP server has many; stdio has one). A workspace nobody uses is closed after an idle
// delay. A session whose folders or globs change moves with reshape(): alone on its workspace, the
// workspace changes in place (only what is added or removed is read); shared, the session moves to the
// workspace of its new shape (an existing one, or a new one seeded with the summaries it already has),
// and the other sessions keep theirs unchanged.
import type { Logger } from '../logger';
import type { FileStore } from '../store/file-store';
import type { CachedEntry } from './index-cache';
import { RootWatcher } from './watcher';
import { type ReshapeReport, Workspace, type WorkspaceShape } from './workspace';

export interface RegistryOptions {
  store: FileStore;
  logger: Logger;
  cacheDir?: string;
  workers?: number;
  /** A SCIP index from `simple-lsp scip` to start new workspaces from (a session's setting wins). */
  prebuilt?: string;
  /** Close a workspace this long after its last session left (default 5 minutes). */
  idleMs?: number;
}

interface Entry {
  workspace: Workspace;
  users: number;
  idle?: NodeJS.Timeout;
  watcher?: RootWatcher;
  listeners: Set<(ids: number[]) => void>;
}

export type Discovery = Omit<WorkspaceShape, 'roots'>;

export interface Reshaped {
  workspace: Workspace;
  /** How the session got there: the same workspace changed in place, or another one. */
  how: 'unchanged' | 'in-place' | 'joined' | 'forked';
  /** For 'in-place': what changed. */
  report?: ReshapeReport;
}

/** The registry key of a shape: roots in any order, globs in order. */
export function shapeKey(shape: WorkspaceShape): string {
  return JSON.stringify([[...shape.roots].sort(), shape.include ?? null, shape.exclude ?? null]);
}

export class WorkspaceRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: RegistryOptions) {}

  /**
   * The workspace for these roots and globs (created on first use); pair with release(). `start.prebuilt`
   * is a SCIP index a new workspace starts from (the registry's own, from `--index-from`, otherwise); it
   * does not change what the workspace holds, so it is not part of the shape.
   */
  acquire(roots: readonly string[], discovery: Discovery = {}, start: { prebuilt?: string } = {}): Workspace {
    return this.acquireShape({ ...discovery, roots }, undefined, start.prebuilt ?? this.options.prebuilt);
  }

  private acquireShape(
    shape: WorkspaceShape,
    seed?: ReadonlyMap<string, CachedEntry>,
    prebuilt?: string,
  ): Workspace {
    const key = shapeKey(shape);
    let entry = this.entries.get(key);
    if (!entry) {
      const workspace = new Workspace({
        include: shape.include,
        exclude: shape.exclude,
        roots: shape.roots,
        store: this.options.store,
        logger: this.options.logger,
        ...(seed !== undefined ? { seed } : {}),
        ...(this.options.cacheDir !== undefined ? { cacheDir: this.options.cacheDir } : {}),
        ...(this.options.workers !== undefined ? { workers: this.options.workers } : {}),
        ...(prebuilt !== undefined ? { prebuilt } : {}),
      });
      const made: Entry = (entry = { workspace, users: 0, listeners: new Set() });
      this.entries.set(key, made);
      // Files a prebuilt index served whose content differs, and files a warm start's walk finds added
      // or gone, are indexed again after ready(): sessions hear of them as of any change.
      void workspace.checksDone.then(
        (ids) => {
          if (ids.length > 0) for (const l of made.listeners) l(ids);
        },
        () => undefined,
      );
    }
    if (entry.idle) clearTimeout(entry.idle);
    entry.idle = undefined;
    entry.users++;
    return entry.workspace;
  }

  /**
   * Moves one user of `workspace` to the workspace of `shape` and resolves once that one is indexed.
   * The caller's listeners stay on the old workspace when it is replaced: re-subscribe to the result.
   */
  async reshape(workspace: Workspace, shape: WorkspaceShape): Promise<Reshaped> {
    const entry = this.entryOf(workspace);
    const key = shapeKey(shape);
    if (!entry) throw new Error('reshape of a workspace this registry does not hold');
    if (this.keyOf(entry) === key) return { workspace, how: 'unchanged' };
    const existing = this.entries.get(key);
    if (existing || entry.users > 1) {
      // Others keep the old shape: this session moves, taking the summaries it has as a seed.
      const seed = existing ? undefined : seedOf(workspace);
      const next = this.acquireShape(shape, seed);
      const watched = entry.watcher !== undefined;
      this.release(workspace);
      if (watched) this.watch(next);
      await next.ready();
      return { workspace: next, how: existing ? 'joined' : 'forked' };
    }
    // Alone on it: change it in place (re-keyed first, so a session asking for the new shape joins it).
    for (const [k, e] of this.entries) if (e === entry) this.entries.delete(k);
    this.entries.set(key, entry);
    const { ids, report } = await workspace.reshape(shape);
    if (entry.watcher) {
      entry.watcher.close();
      entry.watcher = undefined;
      this.watch(workspace);
    }
    if (ids.length > 0) for (const l of entry.listeners) l(ids);
    return { workspace, how: 'in-place', report };
  }

  /** Starts the server-side watcher of a workspace (idempotent). */
  watch(workspace: Workspace): void {
    const entry = this.entryOf(workspace);
    if (!entry || entry.watcher) return;
    entry.watcher = new RootWatcher(
      workspace.roots,
      (batch) => void this.apply(workspace, batch),
      this.options.logger,
    );
  }

  /** Applies disk changes and tells every session of the workspace which files changed. */
  async apply(workspace: Workspace, batch: Parameters<Workspace['applyChanges']>[0]): Promise<number[]> {
    const t0 = performance.now();
    const ids = await workspace.applyChanges(batch);
    this.options.logger.info(
      `workspace: applied ${batch.length} file changes (${ids.length} files re-indexed or removed) in ${Math.round(performance.now() - t0)} ms`,
    );
    const entry = this.entryOf(workspace);
    if (entry && ids.length > 0) for (const l of entry.listeners) l(ids);
    return ids;
  }

  onDidChange(workspace: Workspace, listener: (ids: number[]) => void): () => void {
    const entry = this.entryOf(workspace);
    entry?.listeners.add(listener);
    return () => entry?.listeners.delete(listener);
  }

  release(workspace: Workspace): void {
    const entry = this.entryOf(workspace);
    if (!entry) return;
    entry.users--;
    if (entry.users > 0) return;
    entry.idle = setTimeout(() => this.close(workspace), this.options.idleMs ?? 5 * 60_000);
    entry.idle.unref();
  }

  private close(workspace: Workspace): void {
    for (const [key, entry] of this.entries) {
      if (entry.workspace !== workspace) continue;
      entry.watcher?.close();
      workspace.close();
      this.entries.delete(key);
    }
  }

  closeAll(): void {
    for (const entry of this.entries.values()) {
      if (entry.idle) clearTimeout(entry.idle);
      entry.watcher?.close();
      entry.workspace.close();
    }
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  /** Users of a workspace (sessions holding it), for status and tests. */
  usersOf(workspace: Workspace): number {
    return this.entryOf(workspace)?.users ?? 0;
  }

  private entryOf(workspace: Workspace): Entry | undefined {
    for (const entry of this.entries.values()) if (entry.workspace === workspace) return entry;
    return undefined;
  }

  private keyOf(entry: Entry): string | undefined {
    for (const [k, e] of this.entries) if (e === entry) return k;
    return undefined;
  }
}

/** A workspace's summaries by path, to seed another workspace over some of the same files. */
function seedOf(workspace: Workspace): Map<string, CachedEntry> {
  const seed = new Map<string, CachedEntry>();
  for (const f of workspace.index.allFiles())
    seed.set(f.path, { size: f.size, mtimeMs: f.mtimeMs, summary: f.summary });
  return seed;
}
